package io.ollamalan.internal.routing;

import io.ollamalan.OllamaException;
import io.ollamalan.internal.Errors;
import io.ollamalan.internal.http.StreamObserver;
import io.ollamalan.routing.RoutingDecision;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt's claim on a node, from admission until its answer is fully read, failed or
 * abandoned. It feeds the node's breaker, admission limit and statistics, and, once the answer was
 * handed to the caller, reports the call's end.
 */
public final class Lease implements StreamObserver {
  private final Router router;
  private final NodeRuntime runtime;
  private final CallTracker tracker;
  private final RoutingDecision decision;
  private final long startNanos;
  private final int inFlightAtStart;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean breakerPending = true;
  private volatile boolean handedOff;
  private volatile long ttftNanos;

  Lease(
      Router router,
      NodeRuntime runtime,
      CallTracker tracker,
      RoutingDecision decision,
      long startNanos) {
    this.router = router;
    this.runtime = runtime;
    this.tracker = tracker;
    this.decision = decision;
    this.startNanos = startNanos;
    this.inFlightAtStart = runtime.handle().inFlight() - 1;
  }

  NodeRuntime runtime() {
    return runtime;
  }

  RoutingDecision decision() {
    return decision;
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
    Timings t = Timings.of(lastChunk);
    long elapsed = router.now() - startNanos;
    if (breakerPending) {
      breakerPending = false;
      long ttft = t.nodeTimeToFirstTokenNanos();
      runtime.recordFirstToken(ttft > 0 ? Math.min(ttft, elapsed) : elapsed);
    }
    runtime.recordCompletion(tracker.model, t, ttftNanos, elapsed, inFlightAtStart);
    router.nodeAnswered(runtime.handle());
    release();
    if (handedOff) {
      tracker.end(runtime.handle().id(), null, t, ttftNanos);
    }
  }

  @Override
  public void failed(OllamaException e) {
    if (released.get()) {
      return;
    }
    boolean pending = breakerPending;
    breakerPending = false;
    runtime.recordFailure(e, router.now() - startNanos, pending);
    router.nodeFailed(runtime.handle(), e);
    release();
    if (handedOff) {
      tracker.end(runtime.handle().id(), e, Timings.NONE, ttftNanos);
    }
  }

  @Override
  public void canceled() {
    if (released.get()) {
      return;
    }
    boolean pending = breakerPending;
    breakerPending = false;
    runtime.recordCanceled(pending);
    release();
    if (handedOff) {
      tracker.end(
          runtime.handle().id(),
          Errors.canceled(runtime.handle().id(), tracker.ctx.requestId(), null),
          Timings.NONE,
          ttftNanos);
    }
  }

  /** Gives the slot back; later calls do nothing. */
  void release() {
    if (released.compareAndSet(false, true)) {
      runtime.handle().decrementInFlight();
      router.released(runtime.handle());
    }
  }
}
