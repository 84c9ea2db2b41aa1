package io.ollamalan.internal.routing;

import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.GenerateResponse;

/** Ollama's own timing fields of an answer, in nanoseconds; zero when absent. */
record Timings(
    long totalDuration,
    long loadDuration,
    long promptEvalCount,
    long promptEvalDuration,
    long evalCount,
    long evalDuration) {

  static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0);

  static Timings of(Object answer) {
    if (answer instanceof ChatResponse c) {
      return new Timings(
          c.totalDuration(),
          c.loadDuration(),
          c.promptEvalCount(),
          c.promptEvalDuration(),
          c.evalCount(),
          c.evalDuration());
    }
    if (answer instanceof GenerateResponse g) {
      return new Timings(
          g.totalDuration(),
          g.loadDuration(),
          g.promptEvalCount(),
          g.promptEvalDuration(),
          g.evalCount(),
          g.evalDuration());
    }
    if (answer instanceof EmbedResponse e) {
      return new Timings(e.totalDuration(), e.loadDuration(), e.promptEvalCount(), 0, 0, 0);
    }
    return NONE;
  }

  /**
   * How long the call waited on the node for a free parallel slot: what the total leaves after
   * loading, prompt evaluation and generation. Only meaningful for completions.
   */
  long slotWaitNanos() {
    if (totalDuration <= 0 || evalDuration <= 0) {
      return -1;
    }
    return Math.max(0, totalDuration - loadDuration - promptEvalDuration - evalDuration);
  }

  /** Roughly the node-side time to the first token: everything before generation started. */
  long nodeTimeToFirstTokenNanos() {
    return totalDuration > 0 && evalDuration > 0 ? Math.max(0, totalDuration - evalDuration) : 0;
  }
}
