package io.ollamalan.internal.routing;

import io.ollamalan.CallRecord;
import io.ollamalan.OllamaException;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.Operation;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** One logical call's bookkeeping across attempts; reports its end exactly once. */
final class CallTracker {
  final Operation op;

  /** The call's model as the caller named it, null for a call that needs none. */
  final @Nullable String model;

  final CallContext ctx;
  final boolean streamed;
  private final Listeners listeners;
  private final LongSupplier ticker;
  private static final AtomicIntegerFieldUpdater<CallTracker> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(CallTracker.class, "ended");
  private volatile int ended;
  volatile int attempts;
  volatile boolean hedged;
  private java.util.Map<String, Object> attributes = java.util.Map.of();

  CallTracker(
      Operation op,
      @Nullable String model,
      CallContext ctx,
      boolean streamed,
      Listeners listeners,
      LongSupplier ticker) {
    this.op = op;
    this.model = model;
    this.ctx = ctx;
    this.streamed = streamed;
    this.listeners = listeners;
    this.ticker = ticker;
  }

  /** Tells listeners the call starts; applies the headers they add to the call's requests. */
  void start(@Nullable Object request) {
    if (listeners.isEmpty()) {
      return;
    }
    io.ollamalan.CallStart start =
        new io.ollamalan.CallStart(
            ctx.requestId(), op.metricName(), model, ctx.options().principal(), streamed, request);
    listeners.callStart(start);
    if (!start.headers().isEmpty()) {
      ctx.setExtraHeaders(start.headers());
    }
    attributes = start.attributes();
  }

  /**
   * @param nodeId the node of the last attempt, null when no attempt was placed
   * @param failure why the call failed, null when it succeeded
   */
  void end(@Nullable String nodeId, @Nullable OllamaException failure, Timings t, long ttftNanos) {
    if (!ENDED.compareAndSet(this, 0, 1) || listeners.isEmpty()) {
      return;
    }
    long duration = ticker.getAsLong() - ctx.startNanos();
    listeners.callEnd(
        new CallRecord(
            ctx.requestId(),
            op.metricName(),
            model,
            nodeId == null ? "" : nodeId,
            ctx.options().principal(),
            streamed,
            failure,
            duration,
            ttftNanos,
            attempts,
            hedged,
            t.promptEvalCount(),
            t.evalCount(),
            t.evalDuration(),
            t.loadDuration(),
            attributes));
  }
}
