package io.ollamalan.internal.json;

/**
 * A body that decoded as Ollama's error object ({@code {"error": "..."}}, or the OpenAI-compatible
 * {@code {"error": {"message": "..."}}}) where a response was expected, as a node sends it with a
 * success status. The caller maps it to the server error it is.
 */
public final class JsonErrorBody extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String error;

  JsonErrorBody(String error) {
    super("the node answered with an error: " + error, null, false, false);
    this.error = error;
  }

  /** The node's error text, as sent. */
  public String error() {
    return error;
  }
}
