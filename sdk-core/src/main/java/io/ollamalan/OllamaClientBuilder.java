package io.ollamalan;

import io.ollamalan.auth.Auth;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.discovery.StaticNodeSource;
import io.ollamalan.internal.ClientCore;
import io.ollamalan.internal.HttpFleetClient;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.FleetManager;
import io.ollamalan.internal.http.Transport;
import io.ollamalan.internal.http.TransportSettings;
import io.ollamalan.internal.routing.Listeners;
import io.ollamalan.internal.tls.NoDowngradePolicy;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.spi.ClientTransportConfig;
import io.ollamalan.spi.ClientTransportProvider;
import io.ollamalan.tls.TlsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link OllamaClient} for a fleet. Every setting has a default suited to LLM traffic on
 * a LAN; the constants below name them.
 *
 * <pre>{@code
 * OllamaClient client = OllamaClient.builder()
 *     .nodes("http://10.0.0.11:11434", "http://10.0.0.12:11434")
 *     .build();
 * }</pre>
 *
 * <p>Addresses with the scheme {@code grpc://} or {@code grpcs://} name gRPC gateways instead of
 * nodes: the client then reaches the fleet through them, with the same interface, once the {@code
 * io.ollamalan:sdk-grpc} artifact is on the classpath. Such addresses cannot be mixed with HTTP
 * ones in one client.
 */
public final class OllamaClientBuilder {

  /** Default {@link #connectTimeout}: 5 seconds, ample for a LAN. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Default {@link #firstByteTimeout}: 10 minutes, since a cold model load alone may take 5. */
  public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofMinutes(10);

  /** Default {@link #streamIdleTimeout}: 60 seconds between two chunks of a stream. */
  public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** Default {@link #writeTimeout}: 60 seconds, for requests carrying large images. */
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

  /** Default {@link #callTimeout}: none. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ZERO;

  /** Default {@link #maxLineBytes}: 8 MiB, the limit of Ollama's own Go client. */
  public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

  /**
   * Default {@link #maxBodyBytes}: 16 MiB, room for a batch of about a thousand embeddings while a
   * client in a 256 MB heap decodes the largest accepted body with ample margin.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  /** Default {@link #responseTimeout}: 60 seconds to receive a whole non-streamed answer. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  /** Default {@link #maxIdleConnectionsPerNode}: 32. */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS_PER_NODE = 32;

  /** Default {@link #connectionKeepAlive}: 60 seconds, below nginx's default of 75. */
  public static final Duration DEFAULT_CONNECTION_KEEP_ALIVE = Duration.ofSeconds(60);

  /** Default {@link #maxAttempts}: 3 nodes per call at most. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /**
   * Default {@link #grpcKeepAliveTime}: 30 seconds, the gateway's default {@code
   * permitKeepAliveTime}.
   */
  public static final Duration DEFAULT_GRPC_KEEP_ALIVE_TIME = Duration.ofSeconds(30);

  private final Set<Node> nodes = new LinkedHashSet<>();
  private final List<String> gatewayAddresses = new ArrayList<>();
  private final List<NodeSource> sources = new ArrayList<>();
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration firstByteTimeout = DEFAULT_FIRST_BYTE_TIMEOUT;
  private Duration streamIdleTimeout = DEFAULT_STREAM_IDLE_TIMEOUT;
  private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
  private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
  private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
  private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
  private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  private int maxIdleConnectionsPerNode = DEFAULT_MAX_IDLE_CONNECTIONS_PER_NODE;
  private Duration keepAlive = DEFAULT_CONNECTION_KEEP_ALIVE;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private Duration grpcKeepAliveTime = DEFAULT_GRPC_KEEP_ALIVE_TIME;
  private @Nullable Executor executor;
  private Consumer<OkHttpClient.Builder> httpCustomizer = b -> {};
  private RoutingConfig routing = RoutingConfig.defaults();
  private HealthCheckConfig health = HealthCheckConfig.defaults();
  private boolean healthChecks = true;
  private TlsConfig tls = TlsConfig.defaults();
  private Auth auth = Auth.none();
  private final List<ClientListener> listeners = new ArrayList<>();
  private Clock clock = Clock.systemUTC();
  private LongSupplier ticker = System::nanoTime;

  OllamaClientBuilder() {}

  /**
   * Adds nodes by address ({@code host}, {@code host:port} or {@code http(s)://host:port/path}; see
   * {@link Node#of(String)}), or gRPC gateways ({@code grpc://host:port}, {@code
   * grpcs://host:port}; see the class comment).
   */
  public OllamaClientBuilder nodes(String... addresses) {
    for (String a : addresses) {
      String scheme = schemeOf(a);
      if (scheme.equals("grpc") || scheme.equals("grpcs")) {
        gatewayAddresses.add(a.strip());
      } else {
        nodes.add(Node.of(a));
      }
    }
    return this;
  }

  /** Adds a node with its weight, zone and labels. */
  public OllamaClientBuilder node(Node node) {
    nodes.add(Objects.requireNonNull(node, "node"));
    return this;
  }

  /** Adds a discovery source; nodes from all sources are merged by {@link Node#id()}. */
  public OllamaClientBuilder nodeSource(NodeSource source) {
    sources.add(Objects.requireNonNull(source, "source"));
    return this;
  }

  /**
   * Limit for setting up a TCP (and TLS) connection; default {@link #DEFAULT_CONNECT_TIMEOUT}.
   * Nothing has been sent when it elapses, so the call moves to another node at once: keep it short
   * on a LAN.
   */
  public OllamaClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /**
   * Limit for the first byte of the answer once the request was sent; default {@link
   * #DEFAULT_FIRST_BYTE_TIMEOUT}. For a stream this is the time to the first token; for a
   * non-streaming call it is the whole generation (then {@link #responseTimeout} bounds the rest).
   * Covers loading a cold model, which Ollama allows 5 minutes by default ({@code
   * OLLAMA_LOAD_TIMEOUT}): lower it only if models stay loaded.
   */
  public OllamaClientBuilder firstByteTimeout(Duration timeout) {
    this.firstByteTimeout = positive(timeout, "firstByteTimeout");
    return this;
  }

  /**
   * Limit for the time between two chunks of a stream, measured from the end of one chunk to the
   * end of the next (a node that trickles a chunk byte by byte is cut too); default {@link
   * #DEFAULT_STREAM_IDLE_TIMEOUT}. A node decodes several tokens a second even on CPU, so a long
   * silence means a stuck node or a cut connection.
   */
  public OllamaClientBuilder streamIdleTimeout(Duration timeout) {
    this.streamIdleTimeout = positive(timeout, "streamIdleTimeout");
    return this;
  }

  /**
   * Limit for receiving a whole answer once its first byte arrived, headers included; default
   * {@link #DEFAULT_RESPONSE_TIMEOUT}. Ollama sends a non-streamed answer only when it is complete,
   * so the wait for the model is {@link #firstByteTimeout}; this limit cuts a node or proxy that
   * trickles its answer. For a stream it bounds the response headers, and {@link
   * #streamIdleTimeout} bounds each chunk. Raise it only for very large bodies over slow links.
   */
  public OllamaClientBuilder responseTimeout(Duration timeout) {
    this.responseTimeout = positive(timeout, "responseTimeout");
    return this;
  }

  /** Limit for writing one request body; default {@link #DEFAULT_WRITE_TIMEOUT}. */
  public OllamaClientBuilder writeTimeout(Duration timeout) {
    this.writeTimeout = positive(timeout, "writeTimeout");
    return this;
  }

  /**
   * Default overall deadline of a call, streaming included, across every attempt; default none.
   * {@link CallOptions#withDeadline} overrides it per call.
   */
  public OllamaClientBuilder callTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "callTimeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("callTimeout must not be negative, was " + timeout);
    }
    this.callTimeout = timeout;
    return this;
  }

  /**
   * The longest NDJSON line accepted in a stream, in bytes; default {@link
   * #DEFAULT_MAX_LINE_BYTES}. A longer line fails the call with {@link OllamaProtocolException}
   * instead of being buffered; raise it for models that stream large base64 images.
   */
  public OllamaClientBuilder maxLineBytes(int bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1024, was " + bytes);
    }
    this.maxLineBytes = bytes;
    return this;
  }

  /**
   * The largest non-streamed response body accepted, in bytes; default {@link
   * #DEFAULT_MAX_BODY_BYTES}.
   */
  public OllamaClientBuilder maxBodyBytes(long bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + bytes);
    }
    this.maxBodyBytes = bytes;
    return this;
  }

  /**
   * Idle keep-alive connections kept per node; default {@link
   * #DEFAULT_MAX_IDLE_CONNECTIONS_PER_NODE}. Set it near the number of concurrent calls you make to
   * one node, so that bursts do not open new connections.
   */
  public OllamaClientBuilder maxIdleConnectionsPerNode(int connections) {
    if (connections < 0) {
      throw new IllegalArgumentException(
          "maxIdleConnectionsPerNode must not be negative, was " + connections);
    }
    this.maxIdleConnectionsPerNode = connections;
    return this;
  }

  /**
   * How long an idle connection is kept; default {@link #DEFAULT_CONNECTION_KEEP_ALIVE}. Keep it
   * below the idle timeout of any proxy in front of the nodes (nginx: {@code keepalive_timeout}, 75
   * s by default).
   */
  public OllamaClientBuilder connectionKeepAlive(Duration keepAlive) {
    this.keepAlive = positive(keepAlive, "connectionKeepAlive");
    return this;
  }

  /**
   * The most nodes one call is tried on; default {@link #DEFAULT_MAX_ATTEMPTS}. A call moves to
   * another node only when nothing was delivered and the failure was the node's. 1 disables
   * failover.
   */
  public OllamaClientBuilder maxAttempts(int attempts) {
    if (attempts < 1 || attempts > 10) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 10, was " + attempts);
    }
    this.maxAttempts = attempts;
    return this;
  }

  /**
   * Interval of HTTP/2 keepalive pings on connections to gRPC gateways ({@code grpc://} and {@code
   * grpcs://} addresses), which keep long-lived connections through NAT and firewalls and detect a
   * dead gateway; default {@link #DEFAULT_GRPC_KEEP_ALIVE_TIME}. Never set it below the gateway's
   * {@code permitKeepAliveTime} (30 s by default): a gateway answers pings that come more often
   * with {@code GOAWAY too_many_pings} and closes the connection. Ignored for HTTP nodes.
   */
  public OllamaClientBuilder grpcKeepAliveTime(Duration interval) {
    this.grpcKeepAliveTime = positive(interval, "grpcKeepAliveTime");
    return this;
  }

  /**
   * The executor for asynchronous calls and publishers; by default the client owns a cached pool of
   * daemon threads. A call occupies a thread while it waits for the node.
   */
  public OllamaClientBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Escape hatch: adjusts the OkHttp client of every node (e.g. a proxy selector or an event
   * listener). The client's own timeouts, pool and TLS are set before this runs. An event listener
   * set here hears every event after the client's own listener, which keeps its timeouts and
   * connection accounting working.
   */
  public OllamaClientBuilder customizeHttpClient(Consumer<OkHttpClient.Builder> customizer) {
    this.httpCustomizer = Objects.requireNonNull(customizer, "customizer");
    return this;
  }

  /**
   * How calls are placed: balancer, per-node admission, circuit breakers, retry budget and hedging;
   * default {@link RoutingConfig#defaults()}.
   */
  public OllamaClientBuilder routing(RoutingConfig routing) {
    this.routing = Objects.requireNonNull(routing, "routing");
    return this;
  }

  /**
   * TLS for https nodes (TLS 1.3 only by default, trusted CAs, client certificates, pins), and
   * whether plain http nodes are refused; default {@link TlsConfig#defaults()}.
   */
  public OllamaClientBuilder tls(TlsConfig tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    return this;
  }

  /**
   * Credentials sent with every request (bearer token, basic, custom headers, per host); default
   * none. User info in a node's address ({@code https://user:pass@host}) is sent as basic auth.
   */
  public OllamaClientBuilder auth(Auth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
    return this;
  }

  /**
   * How nodes are checked ({@code /api/version}, {@code /api/ps}, {@code /api/tags}) and when a
   * node counts as down or up again; default {@link HealthCheckConfig#defaults()}.
   */
  public OllamaClientBuilder healthChecks(HealthCheckConfig health) {
    this.health = Objects.requireNonNull(health, "health");
    this.healthChecks = true;
    return this;
  }

  /**
   * Turns active health checks and the health signals of real traffic on (default) or off. Off,
   * nodes stay {@link NodeState#UNKNOWN} and only circuit breakers keep failing nodes out; the
   * balancer then knows no inventory. Useful against a single node, or in tests.
   */
  public OllamaClientBuilder healthChecksEnabled(boolean enabled) {
    this.healthChecks = enabled;
    return this;
  }

  /** Adds a listener that sees every routing decision, failed attempt and call end. */
  public OllamaClientBuilder listener(ClientListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  OllamaClientBuilder clock(Clock clock, LongSupplier ticker) {
    this.clock = clock;
    this.ticker = ticker;
    return this;
  }

  /**
   * Builds the client.
   *
   * @throws IllegalStateException when no node and no source was given
   */
  public OllamaClient build() {
    if (nodes.isEmpty() && sources.isEmpty() && gatewayAddresses.isEmpty()) {
      throw new IllegalStateException(
          "no nodes: call nodes(\"http://host:11434\", ...) or nodeSource(...) before build()");
    }
    if (!gatewayAddresses.isEmpty()) {
      return buildForGateways();
    }
    TransportSettings settings =
        new TransportSettings(
            connectTimeout,
            firstByteTimeout,
            streamIdleTimeout,
            responseTimeout,
            writeTimeout,
            callTimeout,
            maxLineBytes,
            maxBodyBytes,
            maxIdleConnectionsPerNode,
            keepAlive,
            "ollama-lan-java/" + Version.VERSION);
    for (Node n : nodes) {
      NoDowngradePolicy.requireTls(tls, n);
    }
    Transport transport = new Transport(settings, tls, auth, httpCustomizer);
    ExecutorService owned = null;
    Executor exec = executor;
    if (exec == null) {
      AtomicInteger n = new AtomicInteger();
      owned =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "ollamalan-async-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      exec = owned;
    }
    Fleet fleet = new Fleet(clock, health);
    fleet.setNodeFilter(n -> NoDowngradePolicy.refusal(tls, n));
    ClientCore core =
        new ClientCore(
            fleet,
            settings,
            transport.base(),
            transport::forNode,
            routing,
            maxAttempts,
            new Listeners(List.copyOf(listeners)),
            exec,
            owned,
            clock,
            ticker,
            healthChecks);
    List<NodeSource> all = new ArrayList<>();
    if (!nodes.isEmpty()) {
      StaticNodeSource.Builder b = StaticNodeSource.builder();
      nodes.forEach(b::node);
      all.add(b.build());
    }
    all.addAll(sources);
    if (healthChecks) {
      FleetManager manager = new FleetManager(fleet, all, health, core::httpFor);
      core.closeWithClient(manager);
      manager.start();
    } else {
      for (NodeSource source : all) {
        core.closeWithClient(source);
        source.start(
            new NodeSource.Listener() {
              @Override
              public void nodesChanged(NodeSource s, Set<Node> found) {
                fleet.update(s.name(), found);
              }

              @Override
              public void sourceError(NodeSource s, String message, @Nullable Throwable cause) {
                org.slf4j.LoggerFactory.getLogger(OllamaClient.class)
                    .warn("discovery source {}: {}", s.name(), message);
              }
            });
      }
    }
    return new HttpFleetClient(core);
  }

  private OllamaClient buildForGateways() {
    if (!nodes.isEmpty()) {
      throw new IllegalStateException(
          "cannot mix gRPC gateway addresses ("
              + redact(gatewayAddresses.get(0))
              + ") with HTTP nodes ("
              + nodes.iterator().next().id()
              + ") in one client: give only grpc(s):// addresses to reach the fleet through its "
              + "gateways, or only http(s):// ones to reach the nodes directly");
    }
    String scheme = schemeOf(gatewayAddresses.get(0));
    for (String a : gatewayAddresses) {
      if (!schemeOf(a).equals(scheme)) {
        throw new IllegalStateException(
            "gateway addresses mix grpc:// and grpcs://: use grpcs:// for all of them (TLS) or"
                + " grpc:// for all of them (plaintext)");
      }
    }
    if (scheme.equals("grpc") && tls.requireTls()) {
      throw new IllegalStateException(
          "gateway address "
              + redact(gatewayAddresses.get(0))
              + " is plaintext but the TLS configuration requires TLS: use grpcs://");
    }
    ClientTransportProvider provider = null;
    for (ClientTransportProvider p :
        ServiceLoader.load(
            ClientTransportProvider.class, OllamaClientBuilder.class.getClassLoader())) {
      if (p.schemes().contains(scheme)) {
        provider = p;
        break;
      }
    }
    if (provider == null) {
      throw new IllegalStateException(
          "node address "
              + scheme
              + "://... names a gRPC gateway, but the gRPC transport is not on the classpath: add"
              + " the artifact io.ollamalan:sdk-grpc (same version as sdk-core) to your"
              + " dependencies");
    }
    return provider.create(
        new ClientTransportConfig(
            gatewayAddresses,
            sources,
            tls,
            auth,
            connectTimeout,
            callTimeout,
            grpcKeepAliveTime,
            maxAttempts,
            Optional.ofNullable(executor)));
  }

  /** The address without user info, for messages. */
  private static String redact(String address) {
    int sep = address.indexOf("://");
    int at = address.lastIndexOf('@');
    return sep >= 0 && at > sep
        ? address.substring(0, sep + 3) + "***" + address.substring(at)
        : address;
  }

  /** The lower-case scheme of an address, or empty when it has none. */
  private static String schemeOf(String address) {
    if (address == null) {
      return "";
    }
    String s = address.strip();
    int sep = s.indexOf("://");
    return sep < 0 ? "" : s.substring(0, sep).toLowerCase(Locale.ROOT);
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }
}
