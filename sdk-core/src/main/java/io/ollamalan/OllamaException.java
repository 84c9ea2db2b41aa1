package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type the client throws for a failed call. Switch on {@link #kind()} to decide
 * what to do; the subclasses only group kinds by where the failure happened: {@link
 * OllamaServerException} (the node answered with an error), {@link OllamaTransportException} (the
 * node could not be reached or stopped answering), {@link OllamaProtocolException} (the node's
 * answer could not be understood) and {@link NoNodeAvailableException} (no node could take the
 * request).
 *
 * <p>Every instance carries the node it came from (its {@link Node#id()}, never credentials), the
 * HTTP status when there was one, Ollama's own error text, the request id sent as {@code
 * X-Request-Id}, and whether any part of a streamed answer had already reached the caller.
 */
public abstract class OllamaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static {
    io.ollamalan.internal.Errors.install(new ExceptionFactories());
  }

  /** What went wrong. */
  public enum Kind {
    /** The node does not have the model (404). Pull it, or route to a node that has it. */
    MODEL_NOT_FOUND,
    /**
     * Another 404: what the request names (a blob, a copy's source) does not exist on the node, or,
     * when the answer is not Ollama's JSON, the URL does not point at an Ollama API.
     */
    NOT_FOUND,
    /** The request was invalid (400 and other 4xx): fix the request; retrying will not help. */
    BAD_REQUEST,
    /** 401: credentials missing or wrong. */
    UNAUTHORIZED,
    /** 403: credentials valid but not allowed, or the node's host check refused the request. */
    FORBIDDEN,
    /** 503 (Ollama's queue is full) or 429: back off, or send to another node. */
    SERVER_BUSY,
    /** 499: Ollama saw the request canceled while it was waiting to be scheduled. */
    CANCELED,
    /** 5xx or an error reported in the middle of a stream. */
    SERVER_ERROR,
    /** A connect, time-to-first-byte, stream-idle or overall deadline elapsed. */
    TIMEOUT,
    /** Connection refused, reset or closed; DNS failure. */
    TRANSPORT,
    /** TLS handshake, certificate or pin failure. */
    TLS,
    /** The answer was malformed, truncated or larger than the configured limit. */
    PROTOCOL,
    /** No node could take the request: none known, all down, breakers open or queues full. */
    NO_NODE_AVAILABLE,
    /** The caller canceled or closed the call, or interrupted the calling thread. */
    CLIENT_CANCELED
  }

  private final Kind kind;
  private final String nodeId;
  private final int httpStatus;
  private final String serverMessage;
  private final String requestId;
  private final boolean partialResponseDelivered;

  OllamaException(
      Kind kind,
      @Nullable String message,
      @Nullable String nodeId,
      int httpStatus,
      @Nullable String serverMessage,
      @Nullable String requestId,
      boolean partialResponseDelivered,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.nodeId = nodeId == null ? "" : nodeId;
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage == null ? "" : serverMessage;
    this.requestId = requestId == null ? "" : requestId;
    this.partialResponseDelivered = partialResponseDelivered;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /** The {@link Node#id()} of the node involved, empty when no node was. */
  public String nodeId() {
    return nodeId;
  }

  /** The HTTP status the node answered with, or -1 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Ollama's own error text (the {@code error} field), empty when there was none. */
  public String serverMessage() {
    return serverMessage;
  }

  /** The id this client sent as {@code X-Request-Id}; search the proxy's logs for it. */
  public String requestId() {
    return requestId;
  }

  /**
   * Whether part of a streamed answer had already been handed to the caller when the call failed.
   * Such a call is never retried silently: the caller decides.
   */
  public boolean partialResponseDelivered() {
    return partialResponseDelivered;
  }

  /**
   * Whether sending the same request to another node is safe and may succeed: nothing reached the
   * caller yet and the failure was the node's (unreachable, busy, failing, missing the model, or a
   * connect timeout), not the request's, the caller's or the TLS configuration's. The one rule the
   * client's own failover follows.
   */
  public final boolean isRetryableOnAnotherNode() {
    if (partialResponseDelivered) {
      return false;
    }
    return switch (kind) {
      case TRANSPORT, SERVER_BUSY, SERVER_ERROR, MODEL_NOT_FOUND, PROTOCOL -> true;
      case TIMEOUT ->
          this instanceof OllamaTransportException t
              && t.timeout() == OllamaTransportException.Timeout.CONNECT;
      // TLS fails the same way on every node; a canceled call must stop; NO_NODE_AVAILABLE
      // already covers every node; 4xx answers are the request's fault.
      default -> false;
    };
  }

  /** A copy of this exception marked as having delivered part of a response to the caller. */
  public abstract OllamaException withPartialResponseDelivered();
}
