package io.ollamalan.internal;

import io.ollamalan.ResponseStream;
import io.ollamalan.internal.http.CallContext;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

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
  }

  private static final class StreamSubscription<T> implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super T> subscriber;
    private final CallContext ctx;
    private final Function<CallContext, ResponseStream<T>> opener;
    private final Executor executor;
    private final AtomicBoolean started = new AtomicBoolean();
    private long demand;
    private boolean canceled;
    private volatile ResponseStream<T> stream;

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
        cancel();
        subscriber.onError(
            new IllegalArgumentException(
                "request(n) needs n > 0 (Reactive Streams rule 3.9), was " + n));
        return;
      }
      synchronized (this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        notifyAll();
      }
      if (started.compareAndSet(false, true)) {
        executor.execute(this);
      }
    }

    @Override
    public void cancel() {
      synchronized (this) {
        canceled = true;
        notifyAll();
      }
      ctx.cancel();
      ResponseStream<T> s = stream;
      if (s != null) {
        s.close();
      }
    }

    @Override
    public void run() {
      ResponseStream<T> s;
      try {
        s = opener.apply(ctx);
      } catch (Throwable t) {
        if (!isCanceled()) {
          subscriber.onError(t);
        }
        return;
      }
      stream = s;
      try (s) {
        while (true) {
          synchronized (this) {
            while (demand == 0 && !canceled) {
              wait();
            }
            if (canceled) {
              return;
            }
            demand--;
          }
          if (!s.hasNext()) {
            break;
          }
          subscriber.onNext(s.next());
        }
        if (!isCanceled()) {
          subscriber.onComplete();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        subscriber.onError(e);
      } catch (Throwable t) {
        if (!isCanceled()) {
          subscriber.onError(t);
        }
      }
    }

    private synchronized boolean isCanceled() {
      return canceled;
    }
  }
}
