package io.ollamalan.internal;

import io.ollamalan.ResponseStream;
import io.ollamalan.internal.http.CallContext;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A cold {@link Flow.Publisher} over a streamed call: each subscriber gets its own call, started on
 * its first {@code request(n)} and read on an executor thread that waits while demand is zero.
 */
final class StreamPublisher<T> implements Flow.Publisher<T> {
  private final Function<CallContext, ResponseStream<T>> opener;
  private final java.util.function.Supplier<CallContext> contexts;
  private final Executor executor;

  StreamPublisher(
      java.util.function.Supplier<CallContext> contexts,
      Function<CallContext, ResponseStream<T>> opener,
      Executor executor) {
    this.contexts = contexts;
    this.opener = opener;
    this.executor = executor;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    StreamSubscription<T> s =
        new StreamSubscription<>(subscriber, contexts.get(), opener, executor);
    subscriber.onSubscribe(s);
    // Signals start only once onSubscribe has returned (rule 1.3), even if it requested.
    s.subscribed = true;
    s.startIfRequested();
  }

  private static final class StreamSubscription<T> implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super T> subscriber;
    private final CallContext ctx;
    private final Function<CallContext, ResponseStream<T>> opener;
    private final Executor executor;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean subscribed;
    private long demand;
    private boolean canceled;
    private @Nullable IllegalArgumentException illegalRequest;
    private volatile @Nullable ResponseStream<T> stream;

    StreamSubscription(
        Flow.Subscriber<? super T> subscriber,
        CallContext ctx,
        Function<CallContext, ResponseStream<T>> opener,
        Executor executor) {
      this.subscriber = subscriber;
      this.ctx = ctx;
      this.opener = opener;
      this.executor = executor;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        // Rule 3.9 wants onError, rule 1.3 wants every signal from one thread at a time: the
        // reading thread signals it, after stopping the call.
        synchronized (this) {
          if (canceled || illegalRequest != null) {
            return;
          }
          illegalRequest =
              new IllegalArgumentException(
                  "request(n) needs n > 0 (Reactive Streams rule 3.9), was " + n);
          notifyAll();
        }
        stop();
      } else {
        synchronized (this) {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          notifyAll();
        }
      }
      if (subscribed) {
        startIfRequested();
      }
    }

    private void startIfRequested() {
      boolean requested;
      synchronized (this) {
        requested = demand > 0 || illegalRequest != null;
      }
      if (requested && started.compareAndSet(false, true)) {
        executor.execute(this);
      }
    }

    @Override
    public void cancel() {
      synchronized (this) {
        canceled = true;
        notifyAll();
      }
      stop();
    }

    private void stop() {
      ctx.cancel();
      ResponseStream<T> s = stream;
      if (s != null) {
        s.close();
      }
    }

    @Override
    public void run() {
      if (signalIllegalRequest()) {
        return;
      }
      ResponseStream<T> s;
      try {
        s = opener.apply(ctx);
      } catch (Throwable t) {
        if (!signalIllegalRequest() && !isCanceled()) {
          subscriber.onError(t);
        }
        return;
      }
      stream = s;
      try (s) {
        while (true) {
          synchronized (this) {
            while (demand == 0 && !canceled && illegalRequest == null) {
              wait();
            }
            if (canceled || illegalRequest != null) {
              break;
            }
            demand--;
          }
          if (!s.hasNext()) {
            if (!signalIllegalRequest() && !isCanceled()) {
              subscriber.onComplete();
            }
            return;
          }
          subscriber.onNext(s.next());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (!signalIllegalRequest()) {
          subscriber.onError(e);
        }
        return;
      } catch (Throwable t) {
        if (!signalIllegalRequest() && !isCanceled()) {
          subscriber.onError(t);
        }
        return;
      }
      signalIllegalRequest();
    }

    /** Signals a pending illegal request(n) as onError, once; true if there was one. */
    private boolean signalIllegalRequest() {
      IllegalArgumentException e;
      synchronized (this) {
        e = illegalRequest;
        if (e == null || canceled) {
          return false;
        }
        canceled = true;
      }
      subscriber.onError(e);
      return true;
    }

    private synchronized boolean isCanceled() {
      return canceled;
    }
  }
}
