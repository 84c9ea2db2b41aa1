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
 *
 * <p>gRPC retries an attempt that failed UNAVAILABLE on another gateway only until the response
 * headers came: a gateway that dies after its headers but before its answer ends the call. An
 * idempotent call ({@link #startIdempotent}) that lost its connection before the answer's message
 * is sent again, as a new gRPC call with what is left of the deadline, while a gateway that has not
 * lost a connection of this call remains, at most {@code maxAttempts - 1} times. Any other call is
 * never sent again once the gateway may have forwarded it.
 */
final class UnaryCall<Q, P, T> extends CompletableFuture<T> {
  private final CallSetup setup;
  private final MethodDescriptor<Q, P> method;
  private final Q request;
  private final Function<P, T> mapper;
  private final boolean idempotent;
  private final Attempts attempts;
  private volatile ClientCall<Q, P> call;
  private volatile boolean canceledByCaller;
  private int resends;

  private UnaryCall(
      CallSetup setup,
      MethodDescriptor<Q, P> method,
      Q request,
      Function<P, T> mapper,
      boolean idempotent) {
    this.setup = setup;
    this.method = method;
    this.request = request;
    this.mapper = mapper;
    this.idempotent = idempotent;
    this.attempts = new Attempts(setup.tracker);
    this.call = setup.newCall(method, attempts);
  }

  /** A call that is never sent twice once a gateway may have forwarded it (chat, generate...). */
  static <Q, P, T> UnaryCall<Q, P, T> start(
      CallSetup setup, MethodDescriptor<Q, P> method, Q request, Function<P, T> mapper) {
    return start(setup, method, request, mapper, false);
  }

  /**
   * A call that has no effect but its answer (embed, show, list...), so that sending it again after
   * its gateway died is safe.
   */
  static <Q, P, T> UnaryCall<Q, P, T> startIdempotent(
      CallSetup setup, MethodDescriptor<Q, P> method, Q request, Function<P, T> mapper) {
    return start(setup, method, request, mapper, true);
  }

  private static <Q, P, T> UnaryCall<Q, P, T> start(
      CallSetup setup,
      MethodDescriptor<Q, P> method,
      Q request,
      Function<P, T> mapper,
      boolean idempotent) {
    UnaryCall<Q, P, T> u = new UnaryCall<>(setup, method, request, mapper, idempotent);
    u.send(u.call);
    return u;
  }

  private void send(ClientCall<Q, P> c) {
    c.start(new Listener(c), setup.headers());
    c.request(2);
    c.sendMessage(request);
    c.halfClose();
  }

  /** Whether the failed call is sent again: see the class comment. */
  private boolean resend(Status status) {
    if (!idempotent
        || status.isOk()
        || canceledByCaller
        || isDone()
        || resends >= setup.maxAttempts - 1
        || !attempts.lastLostConnectionBeforeAnswer()
        || !attempts.untriedGatewayLeft()) {
      return false;
    }
    resends++;
    ClientCall<Q, P> next = setup.newCall(method, attempts);
    call = next;
    send(next);
    // A cancel that raced with the resend may have cancelled the previous call only.
    if (canceledByCaller) {
      next.cancel("canceled by the caller", new CancellationException());
    }
    return true;
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
    private final ClientCall<Q, P> call;
    private @Nullable Metadata headers;
    private @Nullable P value;
    private @Nullable String gateway;

    Listener(ClientCall<Q, P> call) {
      this.call = call;
    }

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
      setup.tracker.ended(gateway, attempts.lastLostConnection());
      if (resend(status)) {
        return;
      }
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
