package io.ollamalan.internal;

import io.ollamalan.CallOptions;
import io.ollamalan.FleetEvent;
import io.ollamalan.Node;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.NodeClient;
import io.ollamalan.internal.http.TransportSettings;
import io.ollamalan.internal.routing.Router;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * What every view of one client shares: the fleet, one {@link NodeClient} per node, the router,
 * the async executor and the clocks. Node clients are made when a node joins and closed when it
 * leaves.
 */
public final class ClientCore implements AutoCloseable {
  private final Fleet fleet;
  private final TransportSettings settings;
  private final Function<Node, OkHttpClient> httpForNode;
  private final ConcurrentHashMap<String, NodeClient> nodeClients = new ConcurrentHashMap<>();
  private final Router router;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final LongSupplier ticker;
  private final OkHttpClient baseHttp;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final java.util.List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param httpForNode builds the OkHttp client of one node (its pool, TLS, auth)
   * @param ownedExecutor the executor to shut down on close, or null when the caller owns it
   */
  public ClientCore(Fleet fleet, TransportSettings settings, OkHttpClient baseHttp,
      Function<Node, OkHttpClient> httpForNode, int maxAttempts, Executor executor,
      ExecutorService ownedExecutor, LongSupplier ticker) {
    this.fleet = fleet;
    this.settings = settings;
    this.baseHttp = baseHttp;
    this.httpForNode = httpForNode;
    this.executor = executor;
    this.ownedExecutor = ownedExecutor;
    this.ticker = ticker;
    this.router = new Router(fleet, this::nodeClient, maxAttempts);
    fleet.addListener(e -> {
      if (e.type() == FleetEvent.Type.REMOVED) {
        NodeClient c = nodeClients.remove(e.current().node().id());
        if (c != null) {
          c.close();
        }
      }
    });
  }

  public Fleet fleet() {
    return fleet;
  }

  public Router router() {
    return router;
  }

  public Executor executor() {
    return executor;
  }

  public TransportSettings settings() {
    return settings;
  }

  public LongSupplier ticker() {
    return ticker;
  }

  /** Closed together with the client (discovery, health checks). */
  public void closeWithClient(AutoCloseable c) {
    closeables.add(c);
  }

  /** The node's HTTP client, made on first use. */
  public NodeClient nodeClient(NodeHandle h) {
    Object a = h.attachment();
    if (a instanceof NodeClient nc) {
      return nc;
    }
    NodeClient nc = nodeClients.computeIfAbsent(h.id(),
        id -> new NodeClient(h.node(), httpForNode.apply(h.node()), settings, ticker));
    h.attach(nc);
    return nc;
  }

  /** Node clients made so far, for tests and status. */
  public java.util.Collection<NodeClient> nodeClients() {
    return nodeClients.values();
  }

  public Set<String> nodeIds() {
    return nodeClients.keySet();
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
    CompletableFuture<T> f = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        ctx.cancel();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    try {
      executor.execute(() -> {
        if (f.isDone()) {
          return;
        }
        try {
          f.complete(call.get());
        } catch (Throwable t) {
          f.completeExceptionally(t);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // Closing is best effort; one failing component must not keep the others open.
      }
    }
    for (NodeClient c : nodeClients.values()) {
      c.close();
    }
    nodeClients.clear();
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
