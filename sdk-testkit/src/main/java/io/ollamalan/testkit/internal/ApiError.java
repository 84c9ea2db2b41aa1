package io.ollamalan.testkit.internal;

/**
 * An error answered as {@code {"error":"<message>"}} with a status, raised while handling a
 * request.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The message given at construction, never null: it is the body of the answer. */
  @Override
  public String getMessage() {
    return String.valueOf(super.getMessage());
  }

  public int status() {
    return status;
  }
}
