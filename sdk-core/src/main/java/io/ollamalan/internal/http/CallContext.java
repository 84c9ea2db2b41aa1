package io.ollamalan.internal.http;

import io.ollamalan.CallOptions;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * One logical call as the caller made it, across every attempt on every node: its id, deadline and
 * cancellation. Cancelling it aborts whichever attempt is running.
 */
public final class CallContext {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String requestId;
  private final CallOptions options;
  private final long startNanos;
  private final long deadlineNanos;

  /** The context this one was forked from, null for the call's own. */
  private final @Nullable CallContext parent;

  /** Forked attempts (hedging); made on first fork, since most calls never fork. */
  private volatile java.util.@Nullable List<CallContext> children;

  private volatile boolean canceled;
  private volatile @Nullable Call currentCall;
  private volatile @Nullable Closeable currentStream;
  private volatile @Nullable Runnable cancelHook;
  private volatile java.util.Map<String, String> extraHeaders = java.util.Map.of();

  /**
   * @param defaultDeadlineNanos the client's default overall limit, 0 for none
   * @param nowNanos the ticker's current reading
   */
  public CallContext(CallOptions options, long defaultDeadlineNanos, long nowNanos) {
    this.parent = null;
    this.options = options;
    this.requestId = options.requestId() != null ? options.requestId() : newRequestId();
    this.startNanos = nowNanos;
    long limit = options.deadline() != null ? options.deadline().toNanos() : defaultDeadlineNanos;
    this.deadlineNanos = limit > 0 ? nowNanos + limit : Long.MAX_VALUE;
  }

  private CallContext(CallContext parent) {
    this.parent = parent;
    this.options = parent.options;
    this.requestId = parent.requestId;
    this.startNanos = parent.startNanos;
    this.deadlineNanos = parent.deadlineNanos;
  }

  /**
   * A context for one of several concurrent attempts (hedging): same id and deadline, cancelled
   * with this one, but cancellable on its own.
   */
  public CallContext fork() {
    CallContext child = new CallContext(this);
    java.util.List<CallContext> forked;
    synchronized (this) {
      forked = children;
      if (forked == null) {
        forked = new java.util.concurrent.CopyOnWriteArrayList<>();
        children = forked;
      }
    }
    forked.add(child);
    if (canceled) {
      child.cancel();
    }
    return child;
  }

  /** Headers listeners asked to add to every request of this call. */
  public java.util.Map<String, String> extraHeaders() {
    return parent != null ? parent.extraHeaders() : extraHeaders;
  }

  public void setExtraHeaders(java.util.Map<String, String> headers) {
    this.extraHeaders = java.util.Map.copyOf(headers);
  }

  public String requestId() {
    return requestId;
  }

  public CallOptions options() {
    return options;
  }

  public long startNanos() {
    return startNanos;
  }

  /** Whether the call has a deadline. */
  public boolean hasDeadline() {
    return deadlineNanos != Long.MAX_VALUE;
  }

  /** Nanoseconds left before the deadline at {@code nowNanos}; Long.MAX_VALUE without one. */
  public long remainingNanos(long nowNanos) {
    return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - nowNanos;
  }

  /** The configured overall limit in milliseconds, for messages. */
  public long deadlineMillis() {
    return deadlineNanos == Long.MAX_VALUE ? 0 : (deadlineNanos - startNanos) / 1_000_000L;
  }

  public boolean isCanceled() {
    return canceled || (parent != null && parent.isCanceled());
  }

  /** Aborts the running attempt and prevents further ones. */
  public void cancel() {
    canceled = true;
    java.util.List<CallContext> forked = children;
    if (forked != null) {
      for (CallContext c : forked) {
        c.cancel();
      }
    }
    Runnable hook = cancelHook;
    if (hook != null) {
      hook.run();
    }
    Call c = currentCall;
    if (c != null) {
      c.cancel();
    }
    Closeable s = currentStream;
    if (s != null) {
      try {
        s.close();
      } catch (IOException | RuntimeException ignored) {
        // Cancellation is best effort: the stream is being torn down either way.
      }
    }
  }

  /**
   * Runs {@code hook} when the call is canceled (at once if it already is), until replaced or
   * cleared with null: a call waiting for admission is woken so. The hook must be cheap and must
   * not throw.
   */
  public void cancelHook(@Nullable Runnable hook) {
    cancelHook = hook;
    if (hook != null && isCanceled()) {
      hook.run();
    }
  }

  void attach(Call call) {
    currentCall = call;
    if (isCanceled()) {
      call.cancel();
    }
  }

  public void attachStream(Closeable stream) {
    currentStream = stream;
    if (isCanceled()) {
      cancel();
    }
  }

  static String newRequestId() {
    long v = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(out);
  }
}
