package io.ollamalan.internal.routing;

/**
 * A node's admission limit. With adaptation on, it grows by one per limit's worth of calls that ran
 * at the limit without queueing on the node, shrinks by 10 % when Ollama's timings show a call
 * waited for a parallel slot, and by 30 % on a 503 "busy". The node's own timings are the signal,
 * so the limit settles near what the node really runs in parallel.
 */
final class AdaptiveLimit {
  /** A wait for a slot shorter than this (or than 10 % of the call) is noise, not queueing. */
  static final long QUEUE_NOISE_NANOS = 20_000_000L;

  private final boolean adaptive;
  private final int max;
  private double limit;

  AdaptiveLimit(int initial, int max, boolean adaptive) {
    this.limit = initial;
    this.max = max;
    this.adaptive = adaptive;
  }

  synchronized int current() {
    return (int) limit;
  }

  /**
   * @param slotWaitNanos Ollama-reported wait for a slot, -1 when unknown
   * @param inFlightAtStart calls in flight to the node when this one was admitted
   */
  synchronized void onSuccess(long slotWaitNanos, long totalNanos, int inFlightAtStart) {
    if (!adaptive || slotWaitNanos < 0) {
      return;
    }
    if (slotWaitNanos > Math.max(QUEUE_NOISE_NANOS, totalNanos / 10)) {
      limit = Math.max(1, limit * 0.9);
    } else if (inFlightAtStart + 1 >= (int) limit) {
      limit = Math.min(max, limit + 1 / limit);
    }
  }

  synchronized void onBusy() {
    if (adaptive) {
      limit = Math.max(1, limit * 0.7);
    }
  }
}
