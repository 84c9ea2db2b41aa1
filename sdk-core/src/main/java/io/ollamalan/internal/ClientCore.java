package io.ollamalan.internal;

import io.ollamalan.CallOptions;
import io.ollamalan.FleetEvent;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.NodeClient;
import io.ollamalan.internal.http.TransportSettings;
import io.ollamalan.internal.routing.Listeners;
import io.ollamalan.internal.routing.NodeRuntime;
import io.ollamalan.internal.routing.Router;
import io.ollamalan.routing.RoutingConfig;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * What every view of one client shares: the fleet, one {@link NodeRuntime} per node (its HTTP
 * client, breaker and limits), the router, the async executor and the clocks. A node's runtime is
 * made when it is first used and closed when the node leaves the fleet.
 */
public final class ClientCore implements AutoCloseable {
  private final Fleet fleet;
  private final TransportSettings settings;
  private final Function<Node, OkHttpClient> httpForNode;
  private final ConcurrentHashMap<String, NodeRuntime> runtimes = new ConcurrentHashMap<>();
  private final RoutingConfig routing;
  private final Router router;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private final Clock clock;
  private final LongSupplier ticker;
  private final OkHttpClient baseHttp;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

  /**
   * @param httpForNode builds the OkHttp client of one node (its pool, TLS, auth)
   * @param ownedExecutor the executor to shut down on close, or null when the caller owns it
   */
  public ClientCore(
      Fleet fleet,
      TransportSettings settings,
      OkHttpClient baseHttp,
      Function<Node, OkHttpClient> httpForNode,
      RoutingConfig routing,
      int maxAttempts,
      Listeners listeners,
      Executor executor,
      @Nullable ExecutorService ownedExecutor,
      Clock clock,
      LongSupplier ticker,
      boolean healthSignals) {
    this.fleet = fleet;
    this.settings = settings;
    this.baseHttp = baseHttp;
    this.httpForNode = httpForNode;
    this.routing = routing;
    this.executor = executor;
    this.ownedExecutor = ownedExecutor;
    this.clock = clock;
    this.ticker = ticker;
    this.router =
        new Router(
            fleet,
            this::runtime,
            routing,
            maxAttempts,
            listeners,
            ticker,
            executor,
            nanos -> TimeUnit.NANOSECONDS.sleep(nanos),
            healthSignals);
    fleet.setTransitionHook(this::beforeStateVisible);
    fleet.addListener(
        e -> {
          if (e.type() == FleetEvent.Type.REMOVED) {
            NodeRuntime rt = runtimes.remove(e.current().node().id());
            if (rt != null) {
              rt.client().close();
            }
          } else if (e.type() == FleetEvent.Type.STATE_CHANGED) {
            nodeStateChanged(e);
          }
        });
    LeakRegistry.opened(this, "client (OllamaClient not closed)");
  }

  public Fleet fleet() {
    return fleet;
  }

  /** A node that went DOWN loses its idle connections: they died with it. */
  private void nodeStateChanged(FleetEvent e) {
    NodeRuntime rt = runtimes.get(e.current().node().id());
    if (rt != null && e.current().state() == NodeState.DOWN) {
      rt.client().evictConnections();
    }
  }

  /**
   * A node that answers its health check again after DOWN gets probe traffic at once instead of
   * waiting out its open breaker, which the failures that took it down had opened. Done before the
   * new state is visible: a call that sees the node routable must not find its breaker still open.
   */
  private void beforeStateVisible(String nodeId, NodeState from, NodeState to) {
    if (from != NodeState.DOWN || !to.isRoutable()) {
      return;
    }
    NodeRuntime rt = runtimes.get(nodeId);
    if (rt != null
        && rt.breaker().getState()
            == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
      rt.breaker().transitionToHalfOpenState();
    }
  }

  public Router router() {
    return router;
  }

  public Executor executor() {
    return executor;
  }

  /** Closed together with the client (discovery, health checks). */
  public void closeWithClient(AutoCloseable c) {
    closeables.add(c);
  }

  /** The node's runtime, made on first use. */
  public NodeRuntime runtime(NodeHandle h) {
    Object a = h.attachment();
    if (a instanceof NodeRuntime rt) {
      return rt;
    }
    NodeRuntime rt =
        runtimes.computeIfAbsent(
            h.id(),
            id ->
                new NodeRuntime(
                    h,
                    new NodeClient(h.node(), httpForNode.apply(h.node()), settings, ticker),
                    routing,
                    clock,
                    ticker));
    h.attach(rt);
    return rt;
  }

  /**
   * The HTTP client of a node, for health checks: the node's own client once it is in the fleet, so
   * that checks share its TLS, auth and keep-alive connections.
   */
  public OkHttpClient httpFor(Node node) {
    NodeHandle h = fleet.handle(node.id());
    return h != null ? runtime(h).client().http() : httpForNode.apply(node);
  }

  /** The fleet with each node's breaker state and admission limit. */
  public io.ollamalan.FleetSnapshot snapshot() {
    io.ollamalan.FleetSnapshot raw = fleet.snapshot();
    List<io.ollamalan.NodeStatus> nodes = new java.util.ArrayList<>(raw.nodes().size());
    for (io.ollamalan.NodeStatus s : raw.nodes()) {
      NodeRuntime rt = runtimes.get(s.node().id());
      nodes.add(
          rt == null ? s : s.withRouting(rt.breaker().getState().name(), rt.concurrencyLimit()));
    }
    return new io.ollamalan.FleetSnapshot(raw.takenAt(), nodes, router.queued());
  }

  /** Runtimes made so far, for tests and status. */
  public Collection<NodeRuntime> runtimes() {
    return runtimes.values();
  }

  CallContext newContext(CallOptions options) {
    return new CallContext(options, settings.callTimeout().toNanos(), ticker.getAsLong());
  }

  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the client is closed; build a new one");
    }
  }

  <T> CompletableFuture<T> async(CallContext ctx, Supplier<T> call) {
    CompletableFuture<T> f =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean canceled = super.cancel(mayInterruptIfRunning);
            ctx.cancel();
            return canceled;
          }
        };
    try {
      executor.execute(
          () -> {
            if (f.isDone()) {
              return;
            }
            try {
              f.complete(call.get());
            } catch (Throwable t) {
              f.completeExceptionally(t);
            }
          });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LeakRegistry.closed(this);
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing is best effort; one failing component must not keep the others open.
      }
    }
    for (NodeRuntime rt : runtimes.values()) {
      rt.client().close();
    }
    runtimes.clear();
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        ownedExecutor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    baseHttp.connectionPool().evictAll();
    baseHttp.dispatcher().executorService().shutdown();
  }
}
