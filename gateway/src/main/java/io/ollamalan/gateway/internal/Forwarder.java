package io.ollamalan.gateway.internal;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The protocol-independent request path of the gateway: every front (the gRPC one today, an
 * Ollama-compatible HTTP one later) turns its call into a {@link CallScope} and model objects, and
 * reaches the fleet through here, so discovery, balancing, breakers and failover of the {@link
 * OllamaClient} apply to all of them alike.
 */
public final class Forwarder {

  private final OllamaClient client;
  private final Executor executor;

  /**
   * @param client the fleet client; the forwarder does not close it
   * @param executor runs blocking SDK calls and stream reads; needs one thread per call in flight
   */
  public Forwarder(OllamaClient client, Executor executor) {
    this.client = Objects.requireNonNull(client, "client");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** The client as seen by one call: its deadline, pin and ids applied. */
  public OllamaClient clientFor(CallScope scope) {
    return scope.equals(CallScope.NONE) ? client : client.withOptions(scope.toCallOptions());
  }

  /**
   * A blocking SDK call run on the executor. Cancelling the future abandons the wait; calls that
   * may run long should use {@link #stream} or an SDK async method instead.
   */
  public <T> CompletableFuture<T> call(CallScope scope, Function<OllamaClient, T> call) {
    OllamaClient c = clientFor(scope);
    return CompletableFuture.supplyAsync(() -> call.apply(c), executor);
  }

  /** An SDK async call; cancelling the returned future cancels the HTTP call. */
  public <T> CompletableFuture<T> async(
      CallScope scope, Function<OllamaClient, CompletableFuture<T>> call) {
    return call.apply(clientFor(scope));
  }

  /**
   * Starts a streamed call whose chunks go to {@code sink} as it becomes ready. The caller wires
   * the sink's readiness signal to {@link StreamPump#drain()} and its cancellation to {@link
   * StreamPump#cancel()}.
   */
  public <T, P> StreamPump<T, P> stream(
      CallScope scope,
      Function<OllamaClient, ResponseStream<T>> open,
      Function<? super T, ? extends P> mapper,
      ChunkSink<P> sink) {
    OllamaClient c = clientFor(scope);
    StreamPump<T, P> pump = new StreamPump<>(() -> open.apply(c), mapper, sink, executor);
    pump.start();
    return pump;
  }

  private static void closeIfCancelled(CompletableFuture<?> result, ResponseStream<?> stream) {
    if (result.isCancelled()) {
      stream.close();
    }
  }

  /**
   * A streamed call folded into its last chunk (pull, push and create without progress), read on
   * the executor; cancelling the future closes the stream and so aborts the node's work.
   */
  public <T> CompletableFuture<T> last(
      CallScope scope, Function<OllamaClient, ResponseStream<T>> open) {
    OllamaClient c = clientFor(scope);
    CompletableFuture<T> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          if (result.isDone()) {
            return;
          }
          try (ResponseStream<T> s = open.apply(c)) {
            // A cancelled call closes the stream from the canceller's thread, which aborts the
            // blocked read below.
            result.whenComplete((v, e) -> closeIfCancelled(result, s));
            T last = null;
            while (s.hasNext()) {
              last = s.next();
            }
            if (last == null) {
              throw new IllegalStateException("The node closed the stream without a status line");
            }
            result.complete(last);
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }
}
