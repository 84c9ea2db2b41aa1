package io.ollamalan.testkit.internal;

/** A scheduling failure with the HTTP status and exact message Ollama answers with. */
public final class SchedulerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Ollama's {@code ErrMaxQueue}; note the two spaces. */
  public static final String QUEUE_FULL =
      "server busy, please try again.  maximum pending requests exceeded";

  public static final String CANCELED = "request canceled";

  private final int status;

  public SchedulerException(int status, String message) {
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

  static SchedulerException queueFull() {
    return new SchedulerException(503, QUEUE_FULL);
  }

  static SchedulerException canceled() {
    return new SchedulerException(499, CANCELED);
  }
}
