package io.ollamalan.grpc.internal;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A server-streaming call as a cold {@link Flow.Publisher}: each subscription makes its own call,
 * started on the first {@code request(n)}; demand is passed to gRPC as is, so the gateway sends no
 * more than the subscriber asked for; cancelling the subscription cancels the call. gRPC delivers a
 * call's events one at a time, which keeps the {@code onNext} calls serial.
 */
final class PublisherCall<Q, P, T> implements Flow.Publisher<T> {
  private final Supplier<CallSetup> setups;
  private final MethodDescriptor<Q, P> method;
  private final Q request;
  private final Function<P, T> mapper;

  PublisherCall(
      Supplier<CallSetup> setups, MethodDescriptor<Q, P> method, Q request, Function<P, T> mapper) {
    this.setups = setups;
    this.method = method;
    this.request = Objects.requireNonNull(request, "request");
    this.mapper = mapper;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Subscription s = new Subscription(subscriber, setups.get());
    subscriber.onSubscribe(s);
  }

  private final class Subscription extends ClientCall.Listener<P> implements Flow.Subscription {
    private final Flow.Subscriber<? super T> subscriber;
    private final CallSetup setup;
    private final ClientCall<Q, P> call;
    private @Nullable Metadata headers;
    private boolean started;
    private boolean canceled;
    private boolean terminated;
    private int delivered;

    Subscription(Flow.Subscriber<? super T> subscriber, CallSetup setup) {
      this.subscriber = subscriber;
      this.setup = setup;
      this.call = setup.newCall(method);
    }

    @Override
    public void request(long n) {
      synchronized (this) {
        if (canceled || terminated) {
          return;
        }
        if (n <= 0) {
          canceled = true;
          if (started) {
            call.cancel("invalid demand", null);
          }
        }
      }
      if (n <= 0) {
        signalError(
            new IllegalArgumentException(
                "request(n) needs n > 0 (Reactive Streams rule 3.9), was " + n));
        return;
      }
      synchronized (this) {
        if (!started) {
          started = true;
          call.start(this, setup.headers());
          call.sendMessage(request);
          call.halfClose();
        }
        call.request((int) Math.min(n, Integer.MAX_VALUE));
      }
    }

    @Override
    public void cancel() {
      synchronized (this) {
        if (canceled || terminated) {
          return;
        }
        canceled = true;
        if (started) {
          call.cancel("canceled by the subscriber", new CancellationException());
        }
      }
    }

    @Override
    public void onHeaders(Metadata h) {
      headers = h;
    }

    @Override
    public void onMessage(P message) {
      synchronized (this) {
        if (canceled) {
          return;
        }
      }
      T t;
      try {
        t = mapper.apply(message);
      } catch (RuntimeException e) {
        cancel();
        signalError(e);
        return;
      }
      delivered++;
      subscriber.onNext(t);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      synchronized (this) {
        if (canceled || terminated) {
          return;
        }
        terminated = true;
      }
      if (status.isOk()) {
        subscriber.onComplete();
      } else {
        subscriber.onError(setup.error(status, headers, trailers, false, delivered > 0));
      }
    }

    private void signalError(Throwable t) {
      synchronized (this) {
        if (terminated) {
          return;
        }
        terminated = true;
      }
      subscriber.onError(t);
    }
  }
}
