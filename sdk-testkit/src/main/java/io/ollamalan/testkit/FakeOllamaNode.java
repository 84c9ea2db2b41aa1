package io.ollamalan.testkit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ollamalan.testkit.internal.HttpServer;
import io.ollamalan.testkit.internal.NodeContext;
import io.ollamalan.testkit.internal.ScaledClock;
import io.ollamalan.testkit.internal.Scheduler;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * An in-process fake Ollama server speaking the native HTTP API ({@code /api/*}) on Netty.
 *
 * <pre>{@code
 * try (FakeOllamaNode node = FakeOllamaNode.builder()
 *     .model(FakeModel.chat("llama3.2"))
 *     .build()) {
 *   node.start();
 *   String url = node.baseUrl(); // e.g. http://127.0.0.1:41234
 * }
 * }</pre>
 *
 * <p>Replies are deterministic functions of model, prompt and {@code options.seed}. Scheduling
 * (parallel slots, loads, keep-alive, eviction, queue limit, prompt cache) follows {@link
 * SchedulerConfig}. Thread-safe.
 */
public final class FakeOllamaNode implements AutoCloseable {
  /** Nodes started and not yet closed, for {@link LeakCheckExtension}. */
  private static final Set<FakeOllamaNode> LIVE = ConcurrentHashMap.newKeySet();

  private static final int QUIET_PORT_MIN = 20_000;
  private static final int QUIET_PORT_MAX = 32_000;
  private static final int QUIET_PORT_TRIES = 32;

  /** How long a restart waits for the port its own stopped listener still holds. */
  private static final long REBIND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final long REBIND_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final String host;
  private final InetAddress address;
  private final int requestedPort;
  private final SchedulerConfig schedulerConfig;
  private final List<String> initiallyLoaded;
  private final int ioThreads;
  private final Faults faults = new Faults();
  private final NodeContext context;
  private final Object lifecycle = new Object();
  private @Nullable EventLoopGroup group;
  private @Nullable HttpServer server;
  private int boundPort;
  private boolean closed;

  private FakeOllamaNode(Builder b) {
    this.host = b.host;
    try {
      this.address = InetAddress.getByName(b.host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Unknown host '" + b.host + "'", e);
    }
    this.requestedPort = b.port;
    SchedulerConfig cfg = b.scheduler;
    if (b.tokensPerSecond != null) {
      cfg = cfg.toBuilder().decodeTokensPerSecond(b.tokensPerSecond).build();
    }
    this.schedulerConfig = cfg;
    this.initiallyLoaded = List.copyOf(b.loaded);
    this.ioThreads = b.ioThreads;
    this.context = new NodeContext(b.version, faults::take, b.recordLimit, b.hostCheck);
    for (FakeModel m : b.models.values()) {
      context.install(m);
    }
    for (FakeModel m : b.registry) {
      context.addToRegistry(m);
    }
    for (String name : initiallyLoaded) {
      if (context.find(name) == null) {
        throw new IllegalArgumentException(
            "loaded(\"" + name + "\") names a model that is not installed");
      }
    }
  }

  /** A builder with the defaults: 127.0.0.1, ephemeral port, version 0.33.0, no models. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving. Idempotent while running. After {@link #stop()} it starts again on
   * the same address and port, with a fresh scheduler (nothing loaded except {@link
   * Builder#loaded(String...)}), like a restarted process; installed models persist.
   *
   * @return this node
   * @throws IllegalStateException if the node is closed or the address and port cannot be bound
   */
  public FakeOllamaNode start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("FakeOllamaNode is closed; build a new one");
      }
      if (server != null) {
        return this;
      }
      if (group == null) {
        group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
      }
      ScaledClock clock = new ScaledClock(schedulerConfig.timeScale(), group.next());
      context.resetScheduler(new Scheduler(schedulerConfig, clock), clock);
      HttpServer s =
          boundPort == 0 && requestedPort == 0
              ? startOnQuietPort()
              : startOn(boundPort != 0 ? boundPort : requestedPort);
      server = s;
      LIVE.add(this);
      for (String name : initiallyLoaded) {
        FakeModel m = context.find(name);
        if (m != null) {
          context.runningScheduler().preload(m);
        }
      }
      return this;
    }
  }

  private HttpServer startOn(int port) {
    // A restart binds the port this node held before stop(). stop() waits until the kernel has
    // released it, but only for a while: on a very busy machine the port may still be ours but not
    // yet free, so a restart keeps trying for as long.
    boolean ours = port != 0 && port == boundPort;
    long deadline = System.nanoTime() + REBIND_PATIENCE_NANOS;
    while (true) {
      HttpServer s = new HttpServer(context, eventLoops());
      try {
        InetSocketAddress bound = s.start(new InetSocketAddress(address, port));
        boundPort = bound.getPort();
        return s;
      } catch (Exception e) {
        s.stop();
        if (!ours || !(e instanceof BindException) || System.nanoTime() - deadline >= 0) {
          throw bindFailure(port, e);
        }
      }
      LockSupport.parkNanos(REBIND_PAUSE_NANOS);
    }
  }

  /**
   * "Any free port", chosen below the kernel's ephemeral range (32768 and up on Linux): a node that
   * is stopped and restarted must get its port back, and inside the ephemeral range an outgoing
   * connection of some other test may have taken it in the meantime.
   */
  private HttpServer startOnQuietPort() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < QUIET_PORT_TRIES; i++) {
      int port = QUIET_PORT_MIN + random.nextInt(QUIET_PORT_MAX - QUIET_PORT_MIN);
      HttpServer s = new HttpServer(context, eventLoops());
      try {
        InetSocketAddress bound = s.start(new InetSocketAddress(address, port));
        boundPort = bound.getPort();
        return s;
      } catch (Exception e) {
        s.stop();
      }
    }
    return startOn(0);
  }

  /** The event loops, which {@link #start()} creates before it binds. */
  private EventLoopGroup eventLoops() {
    EventLoopGroup g = group;
    if (g == null) {
      throw new IllegalStateException("FakeOllamaNode has not been started");
    }
    return g;
  }

  private IllegalStateException bindFailure(int port, Exception e) {
    String where = hostForUrl() + ":" + port;
    if (e instanceof BindException) {
      return new IllegalStateException(
          "Cannot bind fake Ollama node to "
              + where
              + ": "
              + e.getMessage()
              + ". Stop whatever holds that port or use port(0) for an ephemeral "
              + "port; on Linux every 127.x.y.z address is loopback, elsewhere add it as an alias.",
          e);
    }
    return new IllegalStateException("Cannot start fake Ollama node on " + where + ": " + e, e);
  }

  /**
   * Closes the listener and all open connections at once, like a killed process: in-flight streams
   * end abruptly and queued requests are dropped. On return the port refuses connections, as a
   * stopped Ollama's does. Idempotent.
   */
  public void stop() {
    synchronized (lifecycle) {
      HttpServer s = server;
      server = null;
      if (s != null) {
        s.stop();
      }
      Scheduler sched = context.schedulerIfStarted();
      if (sched != null) {
        sched.reset();
      }
    }
  }

  /** Stops the node and releases its event loops; it cannot be started again. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      stop();
      closed = true;
      LIVE.remove(this);
      if (group != null) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        group = null;
      }
    }
  }

  /** True while the listener is bound. */
  public boolean isRunning() {
    synchronized (lifecycle) {
      return server != null && server.running();
    }
  }

  /**
   * Base URL without trailing slash, e.g. {@code http://127.0.0.11:11434} or {@code
   * http://[::1]:11434}.
   *
   * @throws IllegalStateException before the first {@link #start()}
   */
  public String baseUrl() {
    return "http://" + hostForUrl() + ":" + port();
  }

  private String hostForUrl() {
    String h = host;
    if (address instanceof Inet6Address) {
      if (h.startsWith("[")) {
        h = h.substring(1, h.length() - 1);
      }
      return "[" + h + "]";
    }
    return address.getHostAddress();
  }

  /** The bound address. */
  public InetAddress address() {
    return address;
  }

  /**
   * The bound port (stable across restarts).
   *
   * @throws IllegalStateException before the first {@link #start()}
   */
  public int port() {
    synchronized (lifecycle) {
      if (boundPort == 0) {
        throw new IllegalStateException("FakeOllamaNode has not been started");
      }
      return boundPort;
    }
  }

  /** The version reported by {@code /api/version}. */
  public String version() {
    return context.version();
  }

  /** The scheduler configuration. */
  public SchedulerConfig schedulerConfig() {
    return schedulerConfig;
  }

  /**
   * Loads an installed model as a request without keep_alive would, then leaves it idle, so it
   * shows in {@code /api/ps}. Blocks until the (simulated) load has finished.
   *
   * @throws IllegalArgumentException if no such model is installed
   * @throws IllegalStateException if the node is not running
   */
  public void loadModel(String name) {
    FakeModel m = requireModel(name);
    Scheduler s = requireScheduler();
    try {
      s.preload(m).get(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while loading " + m.name(), e);
    } catch (Exception e) {
      throw new IllegalStateException("Could not load " + m.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Unloads a model as {@code keep_alive:0} does: now if idle, else when its requests finish.
   *
   * @return false if it was not loaded
   */
  public boolean unloadModel(String name) {
    FakeModel m = requireModel(name);
    return requireScheduler().expire(m);
  }

  /** Installs (or replaces) a model, as a pull or create would. */
  public void installModel(FakeModel model) {
    context.install(Objects.requireNonNull(model, "model"));
  }

  /**
   * Removes an installed model (and unloads it), as {@code DELETE /api/delete} would.
   *
   * @return false if it was not installed
   */
  public boolean removeModel(String name) {
    FakeModel m = context.find(name);
    if (m == null) {
      return false;
    }
    context.remove(m.name());
    Scheduler s = context.schedulerIfStarted();
    if (s != null) {
      s.expire(m);
    }
    return true;
  }

  /** Installed models, most recently modified first. */
  public List<FakeModel> models() {
    List<FakeModel> list = new ArrayList<>(context.installedModels());
    list.sort(Comparator.comparing((FakeModel m) -> m.modifiedAt()).reversed());
    return list;
  }

  /** Names of the loaded (or loading) models, in load order. */
  public List<String> loadedModels() {
    Scheduler s = context.schedulerIfStarted();
    List<String> names = new ArrayList<>();
    if (s != null) {
      for (Scheduler.RunnerInfo r : s.runners()) {
        names.add(r.model.name());
      }
    }
    return names;
  }

  /**
   * Requests waiting for a model load (the queue bounded by {@link SchedulerConfig#maxQueue()}).
   */
  public int queuedRequests() {
    Scheduler s = context.schedulerIfStarted();
    return s == null ? 0 : s.queued();
  }

  /** The fault queue. */
  public Faults faults() {
    return faults;
  }

  /** The most recent requests (at most {@link Builder#recordRequests(int)}), oldest first. */
  public List<RecordedRequest> recordedRequests() {
    return context.recorded();
  }

  /** Forgets recorded requests (the request count is kept). */
  public void clearRecordedRequests() {
    context.clearRecorded();
  }

  /** Total requests received since the node was built (across restarts). */
  public long requestCount() {
    return context.requestCount();
  }

  /** Client TCP connections currently open. */
  public int openConnections() {
    synchronized (lifecycle) {
      return server == null ? 0 : server.openConnections();
    }
  }

  /** Requests currently being served (including hung and queued ones). */
  public int inFlight() {
    return context.inFlight().get();
  }

  /** Nodes started and not yet closed, in no particular order. */
  static List<FakeOllamaNode> live() {
    return List.copyOf(LIVE);
  }

  /** Open client connections, by an identity unique in this JVM, with a description. */
  Map<String, String> connectionsById() {
    synchronized (lifecycle) {
      return server == null ? Map.of() : server.connectionsById();
    }
  }

  /** Requests being served now, by an identity unique in this JVM, with a description. */
  Map<String, String> exchangesById() {
    synchronized (lifecycle) {
      return server == null ? Map.of() : server.exchangesById();
    }
  }

  private FakeModel requireModel(String name) {
    FakeModel m = context.find(name);
    if (m == null) {
      throw new IllegalArgumentException("No installed model named '" + name + "'");
    }
    return m;
  }

  private Scheduler requireScheduler() {
    Scheduler s = context.schedulerIfStarted();
    if (s == null) {
      throw new IllegalStateException("FakeOllamaNode has not been started");
    }
    return s;
  }

  @Override
  public String toString() {
    int p;
    synchronized (lifecycle) {
      p = boundPort;
    }
    return "FakeOllamaNode{" + hostForUrl() + ":" + (p == 0 ? requestedPort : p) + "}";
  }

  /** Builder for {@link FakeOllamaNode}; not thread-safe. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String version = "0.33.0";
    private final Map<String, FakeModel> models = new LinkedHashMap<>();
    private final List<FakeModel> registry = new ArrayList<>();
    private final List<String> loaded = new ArrayList<>();
    private @Nullable Double tokensPerSecond;
    private SchedulerConfig scheduler = SchedulerConfig.defaults();
    private int recordLimit = 1000;
    private boolean hostCheck = true;
    private int ioThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private Builder() {}

    /**
     * Listen address: an IP literal or {@code localhost}; default {@code 127.0.0.1}. Any {@code
     * 127.x.y.z} works on Linux; {@code ::1} for IPv6.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * Listen port; 0 (default) picks a free port at the first start, below the ephemeral range so
     * that a restart can bind it again.
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** Version reported by {@code /api/version}; default {@code 0.33.0}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Installs a model (replacing one with the same name). */
    public Builder model(FakeModel model) {
      Objects.requireNonNull(model, "model");
      models.put(model.name().toLowerCase(Locale.ROOT), model);
      return this;
    }

    /** Installs several models. */
    public Builder models(FakeModel... models) {
      for (FakeModel m : models) {
        model(m);
      }
      return this;
    }

    /**
     * Makes a model available in the fake registry, so {@code /api/pull} installs it. Installed
     * models can always be pulled again; anything else fails with {@code pull model manifest: file
     * does not exist}.
     */
    public Builder pullable(FakeModel model) {
      registry.add(Objects.requireNonNull(model, "model"));
      return this;
    }

    /** Installed models to load at every start, as if requested once without keep_alive. */
    public Builder loaded(String... names) {
      for (String n : names) {
        loaded.add(Objects.requireNonNull(n));
      }
      return this;
    }

    /**
     * Decode rate in tokens per simulated second; 0 streams as fast as possible. Shortcut for
     * {@link SchedulerConfig.Builder#decodeTokensPerSecond(double)}, applied after {@link
     * #scheduler(SchedulerConfig)}.
     */
    public Builder tokensPerSecond(double rate) {
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException(
            "tokensPerSecond must be finite and not negative: " + rate);
      }
      this.tokensPerSecond = rate;
      return this;
    }

    /** Scheduler settings; default {@link SchedulerConfig#defaults()}. */
    public Builder scheduler(SchedulerConfig config) {
      this.scheduler = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * How many recent requests to keep for {@link #recordedRequests()}; default 1000, 0 disables.
     */
    public Builder recordRequests(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must not be negative: " + limit);
      }
      this.recordLimit = limit;
      return this;
    }

    /**
     * Ollama's DNS-rebinding guard: answer 403 to a {@code Host} header that is not local
     * (localhost, a loopback/private/local IP, {@code *.localhost}, {@code *.local}, {@code
     * *.internal} or the machine name). Default on, as Ollama does on loopback.
     */
    public Builder hostCheck(boolean enabled) {
      this.hostCheck = enabled;
      return this;
    }

    /** Netty I/O threads; default the number of CPUs, at most 4. */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be at least 1: " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /**
     * Builds a node that is not started yet.
     *
     * @throws IllegalArgumentException if the host is unknown or a loaded model is not installed
     */
    public FakeOllamaNode build() {
      return new FakeOllamaNode(this);
    }
  }
}
