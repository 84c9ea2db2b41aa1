package io.ollamalan.internal.fleet;

import io.ollamalan.Node;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.internal.discovery.Threads;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs discovery and health for one client: starts every {@link NodeSource} and feeds what it sees
 * into the {@link Fleet}, and runs the {@link HealthChecker}. {@link #close()} stops sources and
 * checks and frees every thread and socket they hold; the fleet keeps its last state.
 */
public final class FleetManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetManager.class);

  private final Fleet fleet;
  private final List<NodeSource> sources;
  private final HealthChecker healthChecker;
  private final @Nullable OkHttpClient ownedHttp;
  private final Map<String, String> lastError = new ConcurrentHashMap<>();
  private boolean started;
  private boolean closed;

  /**
   * @param fleet the fleet to feed; build it with the same {@code health} config
   * @param sources where nodes come from; several are merged by node id
   * @param health how to check nodes
   * @param clients the HTTP client for each node (the client's TLS, auth and proxy settings), or
   *     null for a plain client owned and closed by this manager
   */
  public FleetManager(
      Fleet fleet,
      List<? extends NodeSource> sources,
      HealthCheckConfig health,
      @Nullable Function<Node, OkHttpClient> clients) {
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.sources = List.copyOf(sources);
    if (clients == null) {
      ownedHttp =
          new OkHttpClient.Builder()
              .retryOnConnectionFailure(false)
              .connectionPool(new ConnectionPool(2, 30, TimeUnit.SECONDS))
              .build();
      OkHttpClient h = ownedHttp;
      clients = n -> h;
    } else {
      ownedHttp = null;
    }
    this.healthChecker = new HealthChecker(fleet, health, clients);
  }

  /** For tests: a health checker built by the caller. */
  FleetManager(Fleet fleet, List<? extends NodeSource> sources, HealthChecker healthChecker) {
    this.fleet = fleet;
    this.sources = List.copyOf(sources);
    this.healthChecker = healthChecker;
    this.ownedHttp = null;
  }

  /** A fleet with the thresholds of {@code health} and the system clock. */
  public static Fleet newFleet(HealthCheckConfig health) {
    return new Fleet(Clock.systemUTC(), health);
  }

  public Fleet fleet() {
    return fleet;
  }

  public HealthChecker healthChecker() {
    return healthChecker;
  }

  /**
   * Starts health checks, then every source. A source that fails to start is logged and skipped;
   * the others run.
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("fleet manager is closed");
    }
    if (started) {
      return;
    }
    started = true;
    healthChecker.start();
    for (int i = 0; i < sources.size(); i++) {
      NodeSource source = sources.get(i);
      String key = sources.size() == 1 ? source.name() : source.name() + "#" + i;
      try {
        source.start(new SourceListener(key));
      } catch (RuntimeException e) {
        log.error("discovery source {} failed to start; continuing without it", key, e);
      }
    }
  }

  /** Stops every source and the health checker, and frees their threads and sockets. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (NodeSource s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.warn("closing discovery source {} failed", s.name(), e);
      }
    }
    healthChecker.close();
    if (ownedHttp != null) {
      ownedHttp.connectionPool().evictAll();
      ownedHttp.dispatcher().executorService().shutdown();
    }
  }

  private boolean isClosed() {
    synchronized (this) {
      return closed;
    }
  }

  private final class SourceListener implements NodeSource.Listener {
    private final String key;

    SourceListener(String key) {
      this.key = key;
    }

    @Override
    public void nodesChanged(NodeSource source, Set<Node> nodes) {
      if (isClosed()) {
        return;
      }
      try {
        fleet.update(key, nodes == null ? Set.of() : nodes);
        lastError.remove(key);
      } catch (RuntimeException e) {
        log.warn("discovery source {} reported nodes the fleet could not take; ignored", key, e);
      }
    }

    @Override
    public void sourceError(NodeSource source, String message, @Nullable Throwable cause) {
      // A problem that repeats (a name that stays unresolvable) is logged once at WARN.
      String previous = lastError.put(key, message);
      if (!message.equals(previous)) {
        log.warn("discovery source {}: {}", key, message);
      } else {
        log.debug("discovery source {}: {}", key, message, cause);
      }
    }
  }

  @Override
  public String toString() {
    return "FleetManager{sources=" + sources + ", threads=" + Threads.PREFIX + "*}";
  }
}
