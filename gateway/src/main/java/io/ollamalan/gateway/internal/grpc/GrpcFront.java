package io.ollamalan.gateway.internal.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.gateway.internal.CallScope;
import io.ollamalan.gateway.internal.ChunkSink;
import io.ollamalan.gateway.internal.Forwarder;
import io.ollamalan.gateway.internal.StreamPump;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The gRPC side of the request path: turns a call's context into a {@link CallScope}, runs it
 * through the {@link Forwarder}, and wires the observer's cancellation and readiness to the SDK
 * call. Services only map messages and pick the SDK method.
 */
final class GrpcFront {

  private final Forwarder forwarder;

  GrpcFront(Forwarder forwarder) {
    this.forwarder = forwarder;
  }

  Forwarder forwarder() {
    return forwarder;
  }

  /** The current call's scope: its gRPC deadline and the metadata the interceptor read. */
  static CallScope scope() {
    Deadline deadline = Context.current().getDeadline();
    Duration left = null;
    if (deadline != null) {
      long nanos = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      if (nanos <= 0) {
        throw Status.DEADLINE_EXCEEDED
            .withDescription("The call's deadline passed before it reached the gateway")
            .asRuntimeException();
      }
      left = Duration.ofNanos(nanos);
    }
    CallScopeInterceptor.RequestInfo info = CallScopeInterceptor.REQUEST.get();
    if (info == null) {
      return new CallScope(left, null, null, null, null);
    }
    return new CallScope(
        left, info.nodeId(), info.affinityKey(), info.requestId(), info.principal());
  }

  /** A unary call answered by an SDK future; cancelling the gRPC call cancels it. */
  <T, R> void future(
      StreamObserver<R> observer,
      Function<OllamaClient, CompletableFuture<T>> call,
      Function<? super T, ? extends R> mapper) {
    unary(observer, scope -> forwarder.async(scope, call), mapper);
  }

  /** A unary call answered by a blocking SDK method, run off the transport threads. */
  <T, R> void blocking(
      StreamObserver<R> observer,
      Function<OllamaClient, T> call,
      Function<? super T, ? extends R> mapper) {
    unary(observer, scope -> forwarder.call(scope, call), mapper);
  }

  /** A unary call answered by the last chunk of an SDK stream (pull, push, create). */
  <T, R> void last(
      StreamObserver<R> observer,
      Function<OllamaClient, ResponseStream<T>> open,
      Function<? super T, ? extends R> mapper) {
    unary(observer, scope -> forwarder.last(scope, open), mapper);
  }

  private <T, R> void unary(
      StreamObserver<R> observer,
      Function<CallScope, CompletableFuture<T>> start,
      Function<? super T, ? extends R> mapper) {
    ServerCallStreamObserver<R> obs = (ServerCallStreamObserver<R>) observer;
    CompletableFuture<T> f;
    try {
      f = start.apply(scope());
    } catch (Throwable e) {
      obs.onError(GrpcErrors.toStatus(e));
      return;
    }
    obs.setOnCancelHandler(() -> f.cancel(true));
    f.whenComplete(
        (value, error) -> {
          if (obs.isCancelled()) {
            return;
          }
          if (error != null) {
            obs.onError(GrpcErrors.toStatus(error));
            return;
          }
          R mapped;
          try {
            mapped = mapper.apply(value);
          } catch (Throwable e) {
            obs.onError(GrpcErrors.toStatus(e));
            return;
          }
          obs.onNext(mapped);
          obs.onCompleted();
        });
  }

  /** A server-streaming call fed from an SDK stream under gRPC flow control. */
  <T, R> void stream(
      StreamObserver<R> observer,
      Function<OllamaClient, ResponseStream<T>> open,
      Function<? super T, ? extends R> mapper) {
    ServerCallStreamObserver<R> obs = (ServerCallStreamObserver<R>) observer;
    Metadata responseHeaders = CallScopeInterceptor.RESPONSE_HEADERS.get();
    StreamPump<T, R> pump;
    try {
      pump = forwarder.stream(scope(), open, mapper, new ObserverSink<>(obs, responseHeaders));
    } catch (Throwable e) {
      obs.onError(GrpcErrors.toStatus(e));
      return;
    }
    obs.setOnReadyHandler(pump::drain);
    obs.setOnCancelHandler(pump::cancel);
  }

  /** A chunk sink on a gRPC server stream. */
  private static final class ObserverSink<R> implements ChunkSink<R> {
    private final ServerCallStreamObserver<R> obs;
    private final Metadata responseHeaders;

    ObserverSink(ServerCallStreamObserver<R> obs, Metadata responseHeaders) {
      this.obs = obs;
      this.responseHeaders = responseHeaders;
    }

    @Override
    public boolean isReady() {
      return obs.isReady();
    }

    @Override
    public void streamOpened(String nodeId, String requestId) {
      if (responseHeaders == null) {
        return;
      }
      synchronized (responseHeaders) {
        if (nodeId != null && !nodeId.isEmpty()) {
          responseHeaders.put(GrpcMetadata.NODE, nodeId);
        }
        if (requestId != null && !requestId.isEmpty()) {
          responseHeaders.put(GrpcMetadata.REQUEST_ID, requestId);
        }
      }
    }

    @Override
    public void send(R chunk) {
      obs.onNext(chunk);
    }

    @Override
    public void complete() {
      obs.onCompleted();
    }

    @Override
    public void fail(Throwable error) {
      obs.onError(GrpcErrors.toStatus(error));
    }
  }
}
