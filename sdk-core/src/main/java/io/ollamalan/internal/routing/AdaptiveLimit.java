package io.ollamalan.internal.routing;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The admission limit of one model on one node, found from the node's own timings. Ollama reports
 * how long each call waited for a parallel slot ({@code total_duration - load_duration -
 * prompt_eval_duration - eval_duration}). A call that ran at the limit without waiting proves the
 * node runs at least that many in parallel: the limit grows by one at once. A call that waited
 * proves the node ran fewer than were in flight when it was admitted: the limit drops to just above
 * that count (to at most one less than before). A 503 "busy" cuts it by 30 %. The limit so follows
 * the node's real parallelism within a few calls, and stays just above it, so that the client (not
 * the node's own queue) decides where a waiting call goes. Reads and updates are lock-free.
 */
final class AdaptiveLimit {
  /**
   * A wait for a slot shorter than this, or than a quarter of the call, is noise, not queueing: a
   * call that waited for a slot waited for another call to end, a good part of a call's time, while
   * a node's total_duration also counts its own scheduling and writing delays, which grow with the
   * call on a busy machine. Taking those for queueing would cut the limit below the node's real
   * parallelism and hold calls in the client that the node would have run at once.
   */
  static final long QUEUE_NOISE_NANOS = 20_000_000L;

  /** The share of a call's total time its slot wait must exceed to count as queueing. */
  static final int QUEUE_SHARE_DIVISOR = 4;

  private static final AtomicIntegerFieldUpdater<AdaptiveLimit> LIMIT =
      AtomicIntegerFieldUpdater.newUpdater(AdaptiveLimit.class, "limit");

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
  void onSuccess(long slotWaitNanos, long totalNanos, int inFlightAtStart) {
    if (!adaptive || slotWaitNanos < 0) {
      return;
    }
    boolean queued = slotWaitNanos > Math.max(QUEUE_NOISE_NANOS, totalNanos / QUEUE_SHARE_DIVISOR);
    // Every completed call lands here from every thread, and at a steady limit nothing changes:
    // compare and set, so that an unchanged limit costs one read and no lock.
    while (true) {
      int l = limit;
      int next = l;
      if (queued) {
        if (inFlightAtStart > 0) {
          // Alone on its model's slots it cannot have waited for one: that is noise, not queueing.
          next = Math.min(l, inFlightAtStart);
        }
      } else if (inFlightAtStart + 1 >= l) {
        next = Math.min(max, l + 1);
      }
      if (next == l || LIMIT.compareAndSet(this, l, next)) {
        return;
      }
    }
  }

  void onBusy() {
    if (!adaptive) {
      return;
    }
    while (true) {
      int l = limit;
      if (LIMIT.compareAndSet(this, l, Math.max(1, (int) (l * 0.7)))) {
        return;
      }
    }
  }
}
