package io.ollamalan.internal.routing;

import io.ollamalan.OllamaException;
import io.ollamalan.internal.Errors;
import io.ollamalan.internal.http.StreamObserver;
import io.ollamalan.routing.RouteRequest;
import io.ollamalan.routing.RoutingDecision;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's claim on a node, from admission until its answer is fully read, failed or
 * abandoned. It feeds the node's breaker, admission limit, residency and statistics, tells the
 * balancer how the attempt ended, and, once the answer was handed to the caller, reports the call's
 * end. Its slot is given back exactly once, whatever ends it (an answer, a failure, a cancellation
 * or an {@link Error} in the caller's code: see {@link #abandon}).
 */
public final class Lease implements StreamObserver {
  private final Router router;
  private final NodeRuntime runtime;
  private final CallTracker tracker;

  /** Null when nobody reads decisions (no listener, no debug logging). */
  private final @Nullable RoutingDecision decision;

  private final RouteRequest request;

  /** The call's model (normalized), or null for a call that needs none. */
  private final @Nullable String model;

  private final long startNanos;
  private final int inFlightAtStart;
  // A field and an updater rather than an AtomicBoolean: one object less per attempt.
  private static final AtomicIntegerFieldUpdater<Lease> RELEASED =
      AtomicIntegerFieldUpdater.newUpdater(Lease.class, "released");

  private volatile int released;
  private volatile boolean breakerPending = true;
  private volatile boolean handedOff;
  private volatile long ttftNanos;

  /** Takes the slot the caller reserved with {@link NodeRuntime#tryAdmit}. */
  Lease(
      Router router,
      NodeRuntime runtime,
      CallTracker tracker,
      @Nullable RoutingDecision decision,
      RouteRequest request,
      @Nullable String model,
      long startNanos) {
    this.router = router;
    this.runtime = runtime;
    this.tracker = tracker;
    this.decision = decision;
    this.request = request;
    this.model = model;
    this.startNanos = startNanos;
    this.inFlightAtStart = runtime.slots(model).inFlight.get() - 1;
  }

  NodeRuntime runtime() {
    return runtime;
  }

  @Nullable RoutingDecision decision() {
    return decision;
  }

  String nodeId() {
    return runtime.handle().id();
  }

  /** From now on the answer belongs to the caller: its end is the call's end. */
  void handOff() {
    handedOff = true;
  }

  @Override
  public void firstChunk(long nanos) {
    ttftNanos = nanos;
    if (breakerPending) {
      breakerPending = false;
      runtime.recordFirstToken(nanos);
    }
  }

  @Override
  public void completed(Object lastChunk) {
    if (released != 0) {
      return;
    }
    Timings t = Timings.NONE;
    try {
      t = Timings.of(lastChunk);
      long elapsed = router.now() - startNanos;
      if (breakerPending) {
        breakerPending = false;
        long ttft = t.nodeTimeToFirstTokenNanos();
        runtime.recordFirstToken(ttft > 0 ? Math.min(ttft, elapsed) : elapsed);
      }
      runtime.recordCompletion(model, t, ttftNanos, elapsed, inFlightAtStart);
      router.nodeAnswered(runtime.handle());
    } finally {
      release(true, t.loadDuration(), null);
    }
    if (handedOff) {
      tracker.end(nodeId(), null, t, ttftNanos);
    }
  }

  @Override
  public void failed(OllamaException e) {
    if (released != 0) {
      return;
    }
    try {
      boolean pending = breakerPending;
      breakerPending = false;
      runtime.recordFailure(model, e, router.now() - startNanos, pending);
      router.nodeFailed(runtime.handle(), e);
    } finally {
      release(false, 0, e);
    }
    if (handedOff) {
      tracker.end(nodeId(), e, Timings.NONE, ttftNanos);
    }
  }

  @Override
  public void canceled() {
    if (released != 0) {
      return;
    }
    OllamaException canceled = Errors.canceled(nodeId(), tracker.ctx.requestId(), null);
    try {
      boolean pending = breakerPending;
      breakerPending = false;
      runtime.recordCanceled(pending);
    } finally {
      release(false, 0, canceled);
    }
    if (handedOff) {
      tracker.end(nodeId(), canceled, Timings.NONE, ttftNanos);
    }
  }

  /**
   * Something that is not an {@link OllamaException} ended the attempt (an {@link Error}, a bug in
   * a listener or a decoder): the node is not judged, the slot is given back.
   */
  void abandon(Throwable t) {
    if (released != 0) {
      return;
    }
    try {
      boolean pending = breakerPending;
      breakerPending = false;
      runtime.recordCanceled(pending);
    } finally {
      release(false, 0, Errors.canceled(nodeId(), tracker.ctx.requestId(), t));
    }
  }

  /** Whether the slot was given back. */
  boolean isReleased() {
    return released != 0;
  }

  /** Gives the slot back and reports the outcome; later calls do nothing. */
  private void release(boolean answered, long loadNanos, @Nullable OllamaException failure) {
    if (!RELEASED.compareAndSet(this, 0, 1)) {
      return;
    }
    try {
      runtime.releaseSlot(model);
    } finally {
      try {
        runtime.finished(model, answered, loadNanos, startNanos);
        router.ended(request, nodeId(), failure);
      } finally {
        router.released(runtime.handle());
      }
    }
  }
}
