package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * The node could not be reached, stopped answering, refused the TLS handshake, or a timeout
 * elapsed. The cause is the underlying {@link java.io.IOException}.
 */
public final class OllamaTransportException extends OllamaException {
  private static final long serialVersionUID = 1L;

  /** Which timeout elapsed, for {@link Kind#TIMEOUT}. */
  public enum Timeout {
    /** Not a timeout. */
    NONE,
    /** The TCP or TLS connection could not be set up in time: nothing was sent. */
    CONNECT,
    /** The node accepted the request but sent no response headers in time. */
    FIRST_BYTE,
    /** The stream went quiet for longer than the idle limit. */
    STREAM_IDLE,
    /**
     * The answer had started but did not complete within the response limit (a node that trickles
     * its headers or a non-streamed body).
     */
    RESPONSE,
    /** The overall deadline of the call elapsed. */
    DEADLINE
  }

  private final Timeout timeout;
  private final boolean requestSent;

  private OllamaTransportException(
      Kind kind,
      Timeout timeout,
      @Nullable String message,
      String nodeId,
      String requestId,
      boolean requestSent,
      boolean delivered,
      @Nullable Throwable cause) {
    super(kind, message, nodeId, -1, "", requestId, delivered, cause);
    this.timeout = timeout;
    this.requestSent = requestSent;
  }

  /**
   * A connection-level failure.
   *
   * @param requestSent whether the request may have reached the node (reset after sending)
   */
  static OllamaTransportException failure(
      String nodeId, String requestId, boolean requestSent, @Nullable Throwable cause) {
    return failure(nodeId, requestId, requestSent, null, cause);
  }

  /**
   * @param problem what went wrong when it is known to be the node's answer rather than
   *     reachability (a framing error, an oversized header block), else null
   */
  static OllamaTransportException failure(
      String nodeId,
      String requestId,
      boolean requestSent,
      @Nullable String problem,
      @Nullable Throwable cause) {
    if (problem != null) {
      return new OllamaTransportException(
          Kind.TRANSPORT,
          Timeout.NONE,
          "The connection to node "
              + nodeId
              + " was given up: "
              + problem
              + "; the client fails over to other nodes when nothing was delivered (request id "
              + requestId
              + ")",
          nodeId,
          requestId,
          requestSent,
          false,
          cause);
    }
    String what =
        cause == null || cause.getMessage() == null
            ? String.valueOf(cause)
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    String text =
        "Could not "
            + (requestSent ? "complete the call to" : "reach")
            + " node "
            + nodeId
            + " ("
            + what
            + "). Check that Ollama runs there and that the address is "
            + "reachable; the client fails over to other nodes when nothing was delivered (request id "
            + requestId
            + ")";
    return new OllamaTransportException(
        Kind.TRANSPORT, Timeout.NONE, text, nodeId, requestId, requestSent, false, cause);
  }

  /** A timeout; {@code limitMillis} is the configured limit that elapsed. */
  static OllamaTransportException timeout(
      String nodeId, String requestId, Timeout which, long limitMillis, @Nullable Throwable cause) {
    String knob =
        switch (which) {
          case CONNECT -> "connectTimeout";
          case FIRST_BYTE -> "firstByteTimeout (a cold model load can take minutes)";
          case STREAM_IDLE -> "streamIdleTimeout";
          case RESPONSE -> "responseTimeout";
          default -> "the call's deadline";
        };
    String text =
        "Timed out after "
            + limitMillis
            + " ms waiting for node "
            + nodeId
            + " ("
            + which.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + "). Raise "
            + knob
            + " if the node is just slow, or check the node (request id "
            + requestId
            + ")";
    return new OllamaTransportException(
        Kind.TIMEOUT, which, text, nodeId, requestId, which != Timeout.CONNECT, false, cause);
  }

  /** A TLS failure; {@code advice} says what was wrong and what to do. */
  static OllamaTransportException tls(
      String nodeId, String requestId, String advice, @Nullable Throwable cause) {
    String text =
        "TLS with node " + nodeId + " failed: " + advice + " (request id " + requestId + ")";
    return new OllamaTransportException(
        Kind.TLS, Timeout.NONE, text, nodeId, requestId, false, false, cause);
  }

  /** The caller canceled the call or closed the stream. */
  static OllamaTransportException canceled(
      String nodeId, String requestId, @Nullable Throwable cause) {
    return new OllamaTransportException(
        Kind.CLIENT_CANCELED,
        Timeout.NONE,
        "The call to node "
            + nodeId
            + " was canceled by the caller"
            + (Thread.currentThread().isInterrupted()
                ? " (the calling thread was interrupted)"
                : "")
            + " (request id "
            + requestId
            + ")",
        nodeId,
        requestId,
        true,
        false,
        cause);
  }

  /** Which timeout elapsed; {@link Timeout#NONE} when this is not a timeout. */
  public Timeout timeout() {
    return timeout;
  }

  /** Whether the connection was set up and the request may have reached the node. */
  public boolean requestSent() {
    return requestSent;
  }

  @Override
  public OllamaTransportException withPartialResponseDelivered() {
    if (partialResponseDelivered()) {
      return this;
    }
    return new OllamaTransportException(
        kind(), timeout, getMessage(), nodeId(), requestId(), requestSent, true, getCause());
  }
}
