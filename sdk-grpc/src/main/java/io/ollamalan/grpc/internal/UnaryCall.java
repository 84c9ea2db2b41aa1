package io.ollamalan.grpc.internal;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.ollamalan.OllamaException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One unary call as a {@link CompletableFuture} of the model type: cancelling the future cancels
 * the gRPC call, and the gateway cancels the node's HTTP request in turn.
 */
final class UnaryCall<Q, P, T> extends CompletableFuture<T> {
  private final CallSetup setup;
  private final ClientCall<Q, P> call;
  private final Function<P, T> mapper;
  private volatile boolean canceledByCaller;

  private UnaryCall(CallSetup setup, MethodDescriptor<Q, P> method, Function<P, T> mapper) {
    this.setup = setup;
    this.call = setup.newCall(method);
    this.mapper = mapper;
  }

  static <Q, P, T> UnaryCall<Q, P, T> start(
      CallSetup setup, MethodDescriptor<Q, P> method, Q request, Function<P, T> mapper) {
    UnaryCall<Q, P, T> u = new UnaryCall<>(setup, method, mapper);
    u.call.start(u.new Listener(), setup.headers());
    u.call.request(2);
    u.call.sendMessage(request);
    u.call.halfClose();
    return u;
  }

  /** Waits for the answer; an interrupt cancels the call. */
  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      String requestId = f instanceof UnaryCall<?, ?, ?> u ? u.setup.requestId : "";
      throw io.ollamalan.internal.Errors.canceled("", requestId, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OllamaException o) {
        throw o;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    canceledByCaller = true;
    boolean done = super.cancel(mayInterruptIfRunning);
    if (done) {
      call.cancel("canceled by the caller", new CancellationException());
    }
    return done;
  }

  private final class Listener extends ClientCall.Listener<P> {
    private @Nullable Metadata headers;
    private @Nullable P value;
    private @Nullable String gateway;

    @Override
    public void onHeaders(Metadata headers) {
      this.headers = headers;
      gateway = setup.gatewayOf(call);
      setup.tracker.started(gateway);
    }

    @Override
    public void onMessage(P message) {
      value = message;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (gateway == null) {
        gateway = setup.gatewayOf(call);
        setup.tracker.started(gateway);
      }
      boolean transport = CallSetup.isTransportFailure(status, headers);
      setup.tracker.ended(gateway, transport, transport ? status.getCode().name() : "");
      if (status.isOk() && value != null) {
        try {
          complete(mapper.apply(value));
        } catch (RuntimeException e) {
          completeExceptionally(e);
        }
      } else if (status.isOk()) {
        completeExceptionally(
            setup.error(
                Status.INTERNAL.withDescription("the gateway ended the call without an answer"),
                headers,
                trailers,
                false,
                false));
      } else {
        completeExceptionally(setup.error(status, headers, trailers, canceledByCaller, false));
      }
    }
  }
}
