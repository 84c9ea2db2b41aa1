package io.ollamalan.internal.fleet;

import io.ollamalan.FleetEvent;
import io.ollamalan.FleetListener;
import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.internal.discovery.OllamaApi;
import io.ollamalan.internal.discovery.OllamaApi.HttpAnswer;
import io.ollamalan.internal.discovery.Threads;
import io.ollamalan.internal.http.NodeConnections;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every node of a {@link Fleet} on its own jittered schedule: {@code GET /api/version}
 * (liveness, version, latency), then {@code GET /api/ps} (loaded models), and {@code GET /api/tags}
 * (installed models) every {@link HealthCheckConfig#tagsInterval()}.
 *
 * <p>Checks of one node never overlap, and start {@link HealthCheckConfig#interval()} apart at
 * most, so that a node that dies is DOWN within one interval plus the timeout. Draining nodes are
 * not checked. The checker also removes drained nodes once idle, in case no request end does.
 */
public final class HealthChecker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
  private static final int MAX_CHECK_THREADS = 16;

  /** Weight of the newest round trip in the latency moving average. */
  private static final double LATENCY_ALPHA = 0.3;

  private final Fleet fleet;
  private final HealthCheckConfig config;
  private final Function<Node, OkHttpClient> clients;
  private final Scheduler scheduler;
  private final Executor executor;
  private final DoubleSupplier random;
  private final @Nullable AutoCloseable ownedScheduler;
  private final @Nullable ThreadPoolExecutor ownedExecutor;
  private final Map<String, NodeCheck> checks = new ConcurrentHashMap<>();
  private final FleetListener listener = this::onFleetEvent;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile Scheduler.@Nullable Cancellable housekeeping;

  /**
   * A checker on its own timer thread and a small pool of check threads (at most 16, idle ones end
   * after a minute).
   *
   * @param clients the HTTP client for each node, so that the client's TLS, authentication and
   *     proxy settings apply to checks too; its timeouts are overridden per check by {@link
   *     HealthCheckConfig#timeout()}. It should not retry on its own.
   */
  public HealthChecker(
      Fleet fleet, HealthCheckConfig config, Function<Node, OkHttpClient> clients) {
    this(
        fleet,
        config,
        clients,
        new ExecutorScheduler("health-timer"),
        newCheckPool(),
        () -> ThreadLocalRandom.current().nextDouble(),
        true);
  }

  /** For tests: time, threads and randomness supplied by the caller, who also owns them. */
  HealthChecker(
      Fleet fleet,
      HealthCheckConfig config,
      Function<Node, OkHttpClient> clients,
      Scheduler scheduler,
      Executor executor,
      DoubleSupplier random) {
    this(fleet, config, clients, scheduler, executor, random, false);
  }

  private HealthChecker(
      Fleet fleet,
      HealthCheckConfig config,
      Function<Node, OkHttpClient> clients,
      Scheduler scheduler,
      Executor executor,
      DoubleSupplier random,
      boolean owned) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.config = Objects.requireNonNull(config, "config");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.scheduler = scheduler;
    this.executor = executor;
    this.random = random;
    this.ownedScheduler = owned ? (AutoCloseable) scheduler : null;
    this.ownedExecutor = owned ? (ThreadPoolExecutor) executor : null;
  }

  private static ThreadPoolExecutor newCheckPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MAX_CHECK_THREADS,
            MAX_CHECK_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            Threads.daemon("health"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public HealthCheckConfig config() {
    return config;
  }

  /** Starts checking every node the fleet has now and every node it gains later. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("health checker is closed");
    }
    if (started) {
      return;
    }
    started = true;
    fleet.addListener(listener);
    for (NodeHandle h : fleet.handles()) {
      track(h);
    }
    scheduleHousekeeping();
  }

  /** Stops all checks and frees the checker's threads; checks in progress are interrupted. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    fleet.removeListener(listener);
    Scheduler.Cancellable hk = housekeeping;
    if (hk != null) {
      hk.cancel();
    }
    for (NodeCheck c : checks.values()) {
      c.cancel();
    }
    checks.clear();
    if (ownedScheduler != null) {
      try {
        ownedScheduler.close();
      } catch (Exception e) {
        log.debug("closing the health timer failed", e);
      }
    }
    if (ownedExecutor != null) {
      Threads.shutdown(ownedExecutor);
    }
  }

  private void onFleetEvent(FleetEvent e) {
    String id = e.current().node().id();
    if (e.type() == FleetEvent.Type.ADDED) {
      NodeHandle h = fleet.handle(id);
      if (h != null) {
        track(h);
      }
    } else if (e.type() == FleetEvent.Type.REMOVED) {
      NodeCheck c = checks.get(id);
      if (c != null && fleet.handle(id) != c.handle) {
        checks.remove(id, c);
        c.cancel();
      }
    }
  }

  private void track(NodeHandle h) {
    if (closed) {
      return;
    }
    NodeCheck fresh = new NodeCheck(h);
    NodeCheck old = checks.put(h.id(), fresh);
    if (old != null) {
      if (old.handle == h) {
        checks.put(h.id(), old);
        return;
      }
      old.cancel();
    }
    // The first check runs at once so that a new node leaves UNKNOWN quickly.
    fresh.scheduleIn(Duration.ZERO);
  }

  private void scheduleHousekeeping() {
    if (closed) {
      return;
    }
    housekeeping =
        scheduler.schedule(
            () -> {
              try {
                fleet.reap();
              } finally {
                scheduleHousekeeping();
              }
            },
            config.interval());
  }

  /** The wait before the next check: the interval shortened by up to {@code jitter}. */
  Duration nextDelay() {
    double r = Math.min(Math.max(random.getAsDouble(), 0), 1);
    long nanos = config.interval().toNanos();
    return Duration.ofNanos(nanos - (long) (nanos * config.jitter() * r));
  }

  /** The schedule and inventory bookkeeping of one node. */
  private final class NodeCheck {
    final NodeHandle handle;
    volatile boolean cancelled;
    volatile Scheduler.@Nullable Cancellable pending;
    Instant nextTagsAt = Instant.MIN;
    String lastVersion = "";
    @Nullable Duration latency;

    NodeCheck(NodeHandle handle) {
      this.handle = handle;
    }

    void cancel() {
      cancelled = true;
      Scheduler.Cancellable p = pending;
      if (p != null) {
        p.cancel();
      }
    }

    void scheduleIn(Duration delay) {
      if (cancelled || closed) {
        return;
      }
      pending =
          scheduler.schedule(
              () -> {
                try {
                  executor.execute(this::run);
                } catch (RejectedExecutionException e) {
                  // Closing.
                }
              },
              delay);
    }

    void run() {
      if (cancelled || closed) {
        return;
      }
      if (fleet.handle(handle.id()) != handle) {
        cancelled = true;
        checks.remove(handle.id(), this);
        return;
      }
      Instant start = fleet.clock().instant();
      try {
        if (handle.state() != NodeState.DRAINING) {
          checkOnce();
        }
      } catch (Exception e) {
        // OkHttp rethrows an interrupt as InterruptedException without declaring it.
        if (!closed && !cancelled) {
          log.warn("health check of {} failed unexpectedly", handle.id(), e);
        }
      } finally {
        Duration elapsed = Duration.between(start, fleet.clock().instant());
        Duration wait = nextDelay().minus(elapsed);
        scheduleIn(wait.isNegative() ? Duration.ZERO : wait);
      }
    }

    private void checkOnce() {
      Node node = handle.node();
      OkHttpClient client = clients.apply(node);
      NodeState before = handle.state();
      long t0 = System.nanoTime();
      HttpAnswer version;
      try {
        version = OllamaApi.get(client, node, "/api/version", config.timeout());
      } catch (IOException first) {
        // A pooled connection the node closed (it restarted or died) fails without saying
        // anything about the node: try once more on a fresh connection, within the same timeout.
        Duration left = config.timeout().minusNanos(System.nanoTime() - t0);
        IOException e = first;
        version = null;
        if (FailureKind.of(first) == FailureKind.RESET && !left.isNegative() && !left.isZero()) {
          // The pool's other idle connections are as stale as the one that failed, and traffic
          // may return more: drop them, and check on a connection of the check's own.
          NodeConnections.evictIdle(client);
          try {
            version = OllamaApi.get(freshConnections(client), node, "/api/version", left);
          } catch (IOException second) {
            e = second;
          }
        }
        if (version == null) {
          // A liveness check that cannot complete an exchange counts as unreachable.
          FailureKind kind = FailureKind.of(e);
          fail(
              kind.countsTowardDown() ? kind : FailureKind.CONNECT,
              "GET /api/version: " + describe(e));
          return;
        }
      }
      Duration rtt = Duration.ofNanos(System.nanoTime() - t0);
      if (version.code() != 200) {
        FailureKind kind = FailureKind.ofStatus(version.code());
        fail(
            kind != null ? kind : FailureKind.BAD_RESPONSE,
            "GET /api/version answered HTTP " + version.code());
        return;
      }
      String v = OllamaApi.parseVersion(version.body());
      if (v == null) {
        fail(FailureKind.BAD_RESPONSE, "GET /api/version answered 200 but not like Ollama");
        return;
      }
      fleet.recordSuccess(handle);
      latency =
          latency == null
              ? rtt
              : Duration.ofNanos(
                  (long) (LATENCY_ALPHA * rtt.toNanos() + (1 - LATENCY_ALPHA) * latency.toNanos()));

      List<LoadedModel> loaded = readPs(client, node);
      Set<String> installed = null;
      Instant now = fleet.clock().instant();
      boolean recovered = before == NodeState.DOWN || before == NodeState.UNKNOWN;
      if (recovered || !v.equals(lastVersion) || !now.isBefore(nextTagsAt)) {
        installed = readTags(client, node);
        if (installed != null) {
          nextTagsAt = now.plus(config.tagsInterval());
        }
      }
      lastVersion = v;
      fleet.setInventory(handle, v, installed, loaded, latency);
    }

    /** The loaded models, or null when they could not be read. */
    private @Nullable List<LoadedModel> readPs(OkHttpClient client, Node node) {
      try {
        HttpAnswer ps = OllamaApi.get(client, node, "/api/ps", config.timeout());
        if (ps.code() == 200) {
          return OllamaApi.parsePs(ps.body());
        }
        inventoryFailure(ps.code(), "GET /api/ps answered HTTP " + ps.code());
      } catch (IOException e) {
        inventoryFailure(0, "GET /api/ps: " + describe(e));
      }
      return null;
    }

    /** The installed models, or null when they could not be read. */
    private @Nullable Set<String> readTags(OkHttpClient client, Node node) {
      try {
        HttpAnswer tags = OllamaApi.get(client, node, "/api/tags", config.timeout());
        if (tags.code() == 200) {
          return OllamaApi.parseTags(tags.body());
        }
        inventoryFailure(tags.code(), "GET /api/tags answered HTTP " + tags.code());
      } catch (IOException e) {
        inventoryFailure(0, "GET /api/tags: " + describe(e));
      }
      return null;
    }

    /**
     * The node answered {@code /api/version}, so a failing inventory read at most degrades it: the
     * old inventory stays, which is better than none for routing.
     */
    private void inventoryFailure(int code, String message) {
      if (code == 503 || code == 429) {
        log.debug("node {} busy: {}", handle.id(), message);
        return;
      }
      fail(FailureKind.SERVER_ERROR, message);
    }

    private void fail(FailureKind kind, String message) {
      if (closed || cancelled) {
        // An interrupted check says nothing about the node.
        return;
      }
      if (kind.countsTowardDown()) {
        // Connections to a node that stopped answering are dead; when it comes back, traffic and
        // checks must connect afresh rather than find them in the pool.
        NodeConnections.evictIdle(clients.apply(handle.node()));
      }
      log.debug("health check of {} failed ({}): {}", handle.id(), kind, message);
      fleet.recordFailure(handle, kind, message);
    }
  }

  /** A client like {@code client} that keeps no connection: each request connects afresh. */
  static OkHttpClient freshConnections(OkHttpClient client) {
    return client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
  }

  static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }
}
