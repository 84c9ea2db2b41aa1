package io.ollamalan.model;

/** Values of {@code done_reason}: why a response ended. */
public final class DoneReason {
  private DoneReason() {}

  /** The model emitted end-of-sequence or a stop sequence. */
  public static final String STOP = "stop";

  /** {@code num_predict} or the context limit was reached. */
  public static final String LENGTH = "length";

  /** The request only loaded the model (empty prompt or messages). */
  public static final String LOAD = "load";

  /** The request unloaded the model (empty prompt or messages with keep-alive 0). */
  public static final String UNLOAD = "unload";
}
