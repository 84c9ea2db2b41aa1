package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * The node's answer could not be understood: malformed JSON or NDJSON, a stream that ended before
 * its final {@code "done": true} line, a line or body larger than the configured limit, or an
 * unexpected content type. The message names what was wrong; it never contains the whole body.
 */
public final class OllamaProtocolException extends OllamaException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the answer. */
  public enum Problem {
    /** Not valid JSON, or JSON of the wrong shape. */
    MALFORMED,
    /** The stream or body ended early. */
    TRUNCATED,
    /** A line or body exceeded the configured limit. */
    TOO_LARGE
  }

  private final Problem problem;

  private OllamaProtocolException(
      Problem problem,
      @Nullable String message,
      String nodeId,
      int status,
      String requestId,
      boolean delivered,
      @Nullable Throwable cause) {
    super(Kind.PROTOCOL, message, nodeId, status, "", requestId, delivered, cause);
    this.problem = problem;
  }

  /** A protocol failure with a description that says what was wrong and what to do. */
  static OllamaProtocolException of(
      Problem problem,
      String nodeId,
      int status,
      String requestId,
      String description,
      @Nullable Throwable cause) {
    return new OllamaProtocolException(
        problem,
        "Node "
            + nodeId
            + " sent an answer the client "
            + "cannot use: "
            + description
            + " (request id "
            + requestId
            + ")",
        nodeId,
        status,
        requestId,
        false,
        cause);
  }

  /** What was wrong. */
  public Problem problem() {
    return problem;
  }

  @Override
  public OllamaProtocolException withPartialResponseDelivered() {
    if (partialResponseDelivered()) {
      return this;
    }
    return new OllamaProtocolException(
        problem, getMessage(), nodeId(), httpStatus(), requestId(), true, getCause());
  }
}
