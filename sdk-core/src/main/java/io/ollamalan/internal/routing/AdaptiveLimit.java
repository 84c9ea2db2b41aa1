package io.ollamalan.internal.routing;

/**
 * The admission limit of one model on one node, found from the node's own timings. Ollama reports
 * how long each call waited for a parallel slot ({@code total_duration - load_duration -
 * prompt_eval_duration - eval_duration}). A call that ran at the limit without waiting proves the
 * node runs at least that many in parallel: the limit grows by one at once. A call that waited
 * proves the node ran fewer than were in flight when it was admitted: the limit drops to just above
 * that count (to at most one less than before). A 503 "busy" cuts it by 30 %. The limit so follows
 * the node's real parallelism within a few calls, and stays just above it, so that the client (not
 * the node's own queue) decides where a waiting call goes. Reads are lock-free; updates lock only
 * this node's limit.
 */
final class AdaptiveLimit {
  /** A wait for a slot shorter than this (or than 10 % of the call) is noise, not queueing. */
  static final long QUEUE_NOISE_NANOS = 20_000_000L;

  private final boolean adaptive;
  private final int max;
  private volatile int limit;

  AdaptiveLimit(int initial, int max, boolean adaptive) {
    this.limit = initial;
    this.max = max;
    this.adaptive = adaptive;
  }

  int current() {
    return limit;
  }

  /**
   * @param slotWaitNanos Ollama-reported wait for a slot, -1 when unknown
   * @param inFlightAtStart calls for the same model in flight to the node when this one was
   *     admitted, itself excluded
   */
  synchronized void onSuccess(long slotWaitNanos, long totalNanos, int inFlightAtStart) {
    if (!adaptive || slotWaitNanos < 0) {
      return;
    }
    int l = limit;
    if (slotWaitNanos > Math.max(QUEUE_NOISE_NANOS, totalNanos / 10)) {
      if (inFlightAtStart > 0) {
        // Alone on its model's slots it cannot have waited for one: that is noise, not queueing.
        limit = Math.min(l, inFlightAtStart);
      }
    } else if (inFlightAtStart + 1 >= l) {
      limit = Math.min(max, l + 1);
    }
  }

  synchronized void onBusy() {
    if (adaptive) {
      limit = Math.max(1, (int) (limit * 0.7));
    }
  }
}
