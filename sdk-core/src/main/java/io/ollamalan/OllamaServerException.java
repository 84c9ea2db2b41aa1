package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * The node answered with an error: an HTTP error status, or an {@code {"error": ...}} line in the
 * middle of a stream (then {@link #httpStatus()} is 200).
 */
public final class OllamaServerException extends OllamaException {
  private static final long serialVersionUID = 1L;

  private OllamaServerException(
      Kind kind,
      @Nullable String message,
      String nodeId,
      int httpStatus,
      String serverMessage,
      String requestId,
      boolean delivered) {
    super(kind, message, nodeId, httpStatus, serverMessage, requestId, delivered, null);
  }

  /**
   * Classifies an HTTP error answer.
   *
   * @param serverMessage Ollama's {@code error} text, or the raw body when it was not JSON
   */
  static OllamaServerException of(
      String nodeId, int httpStatus, @Nullable String serverMessage, String requestId) {
    return of(nodeId, httpStatus, serverMessage, requestId, false);
  }

  /**
   * @param jsonBody whether the body was Ollama's JSON error, i.e. the API itself answered
   */
  static OllamaServerException of(
      String nodeId,
      int httpStatus,
      @Nullable String serverMessage,
      String requestId,
      boolean jsonBody) {
    String msg = serverMessage == null ? "" : serverMessage;
    Kind kind = kindOf(httpStatus, msg);
    return new OllamaServerException(
        kind,
        describe(kind, nodeId, httpStatus, msg, jsonBody) + " (request id " + requestId + ")",
        nodeId,
        httpStatus,
        msg,
        requestId,
        false);
  }

  /** An error line in the middle of a stream that had sent {@code chunksDelivered} chunks. */
  static OllamaServerException midStream(
      String nodeId, @Nullable String serverMessage, String requestId, boolean delivered) {
    return in200(nodeId, serverMessage, requestId, delivered, true);
  }

  /** An {@code {"error": ...}} answer with status 200, as a stream line or as the whole body. */
  static OllamaServerException in200(
      String nodeId,
      @Nullable String serverMessage,
      String requestId,
      boolean delivered,
      boolean stream) {
    String msg = serverMessage == null ? "" : serverMessage;
    String text =
        "Node "
            + nodeId
            + (stream
                ? " reported an error in the middle of the stream: \""
                : " answered 200 with an error instead of a result: \"")
            + msg
            + "\""
            + (delivered
                ? "; part of the answer had already been delivered, so it was not "
                    + "retried: retry the whole request if it is safe for you"
                : "")
            + " (request id "
            + requestId
            + ")";
    return new OllamaServerException(
        Kind.SERVER_ERROR, text, nodeId, 200, msg, requestId, delivered);
  }

  static Kind kindOf(int status, String msg) {
    return switch (status) {
      case 400 -> Kind.BAD_REQUEST;
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 ->
          msg.startsWith("model ") && msg.contains("not found")
              ? Kind.MODEL_NOT_FOUND
              : Kind.NOT_FOUND;
      case 429, 503 -> Kind.SERVER_BUSY;
      case 499 -> Kind.CANCELED;
      default -> status >= 500 ? Kind.SERVER_ERROR : Kind.BAD_REQUEST;
    };
  }

  private static String describe(
      Kind kind, String nodeId, int status, String msg, boolean jsonBody) {
    String quoted = msg.isEmpty() ? "" : ": \"" + msg + "\"";
    String head = "Node " + nodeId + " answered " + status + quoted + ". ";
    return switch (kind) {
      case MODEL_NOT_FOUND ->
          head
              + "Pull the model on that node (ollama pull <model>) or check its name; the "
              + "client routes to nodes whose inventory lists the model.";
      case NOT_FOUND ->
          jsonBody
              ? head
                  + "The node's Ollama API reports that what the request names (a model, a blob, "
                  + "a copy's source) does not exist there: check the name, or create it first."
              : head
                  + "The URL does not look like an Ollama API: check the node's address and "
                  + "base path.";
      case BAD_REQUEST ->
          head + "The request was rejected as invalid; fix it, retrying will not help.";
      case UNAUTHORIZED -> head + "Credentials are missing or wrong: configure Auth for this node.";
      case FORBIDDEN ->
          head
              + "Access is refused: check the proxy's access rules, or Ollama's host check "
              + "(OLLAMA_HOST / OLLAMA_ORIGINS) when the node is reached by name.";
      case SERVER_BUSY ->
          head
              + "The node is overloaded: back off and retry, lower concurrency, or add "
              + "nodes (OLLAMA_NUM_PARALLEL, OLLAMA_MAX_QUEUE).";
      case CANCELED ->
          head + "The request was canceled while waiting for the model to be scheduled.";
      default ->
          head
              + "The node failed; check its logs. The request is safe to retry on another "
              + "node when nothing was delivered.";
    };
  }

  @Override
  public OllamaServerException withPartialResponseDelivered() {
    if (partialResponseDelivered()) {
      return this;
    }
    return new OllamaServerException(
        kind(), getMessage(), nodeId(), httpStatus(), serverMessage(), requestId(), true);
  }
}
