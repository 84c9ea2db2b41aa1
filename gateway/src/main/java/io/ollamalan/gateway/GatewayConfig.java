package io.ollamalan.gateway;

import io.ollamalan.gateway.internal.ConfigFile;
import io.ollamalan.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything the gateway needs to run: where it listens, its TLS, keepalive and drain settings,
 * where it publishes metrics, and how it reaches the fleet. Immutable; start from {@link
 * #defaults()} or {@link #builder()}, or read a YAML file with environment overrides with {@link
 * #load(Path, Map)} (the keys are listed in docs/gateway.md).
 */
public final class GatewayConfig {

  /** Default listen address: every interface. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** Default gRPC port. */
  public static final int DEFAULT_PORT = 50051;

  /** Default time in-flight calls get to finish after a shutdown starts. */
  public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);

  /**
   * Default shortest interval between client keepalive pings that the gateway tolerates; equal to
   * the SDK's gRPC client default, so that clients on defaults are never sent away.
   */
  public static final Duration DEFAULT_PERMIT_KEEP_ALIVE_TIME = Duration.ofSeconds(30);

  /** Default interval of the gateway's own pings on idle connections (gRPC's default). */
  public static final Duration DEFAULT_KEEP_ALIVE_TIME = Duration.ofHours(2);

  /** Default time the gateway waits for a ping's answer before it closes the connection. */
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(20);

  /** Default largest request message: 16 MiB, room for a few images. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Default port of the Prometheus endpoint (the exporters' conventional port). */
  public static final int DEFAULT_METRICS_PORT = 9464;

  private final String host;
  private final int port;
  private final Duration drainGrace;
  private final Duration permitKeepAliveTime;
  private final boolean permitKeepAliveWithoutCalls;
  private final Duration keepAliveTime;
  private final Duration keepAliveTimeout;
  private final int maxInboundMessageBytes;
  private final @Nullable ServerTls tls;
  private final boolean metricsEnabled;
  private final String metricsHost;
  private final int metricsPort;
  private final List<String> nodes;
  private final @Nullable String dnsName;
  private final @Nullable String dnsSrvName;
  private final boolean mdns;
  private final @Nullable String subnetCidr;
  private final List<Integer> subnetPorts;
  private final Duration healthCheckInterval;
  private final Duration callTimeout;
  private final TlsConfig fleetTls;

  private GatewayConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.drainGrace = b.drainGrace;
    this.permitKeepAliveTime = b.permitKeepAliveTime;
    this.permitKeepAliveWithoutCalls = b.permitKeepAliveWithoutCalls;
    this.keepAliveTime = b.keepAliveTime;
    this.keepAliveTimeout = b.keepAliveTimeout;
    this.maxInboundMessageBytes = b.maxInboundMessageBytes;
    this.tls = b.tls;
    this.metricsEnabled = b.metricsEnabled;
    this.metricsHost = b.metricsHost;
    this.metricsPort = b.metricsPort;
    this.nodes = List.copyOf(b.nodes);
    this.dnsName = b.dnsName;
    this.dnsSrvName = b.dnsSrvName;
    this.mdns = b.mdns;
    this.subnetCidr = b.subnetCidr;
    this.subnetPorts = List.copyOf(b.subnetPorts);
    this.healthCheckInterval = b.healthCheckInterval;
    this.callTimeout = b.callTimeout;
    this.fleetTls = b.fleetTls;
  }

  /** Every setting at its default; no fleet (add nodes or discovery before running). */
  public static GatewayConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads a YAML file (null for none), then applies environment overrides ({@code
   * OLLAMA_GATEWAY_SERVER_PORT=50052} overrides {@code server.port}).
   *
   * @throws IllegalArgumentException naming the key or file when something is wrong
   */
  public static GatewayConfig load(@Nullable Path yamlFile, Map<String, String> environment) {
    return ConfigFile.read(yamlFile, environment).build();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Duration drainGrace() {
    return drainGrace;
  }

  public Duration permitKeepAliveTime() {
    return permitKeepAliveTime;
  }

  public boolean permitKeepAliveWithoutCalls() {
    return permitKeepAliveWithoutCalls;
  }

  public Duration keepAliveTime() {
    return keepAliveTime;
  }

  public Duration keepAliveTimeout() {
    return keepAliveTimeout;
  }

  public int maxInboundMessageBytes() {
    return maxInboundMessageBytes;
  }

  /** The gateway's own TLS; empty for plaintext. */
  public Optional<ServerTls> tls() {
    return Optional.ofNullable(tls);
  }

  public boolean metricsEnabled() {
    return metricsEnabled;
  }

  public String metricsHost() {
    return metricsHost;
  }

  public int metricsPort() {
    return metricsPort;
  }

  public List<String> nodes() {
    return nodes;
  }

  /** A DNS name whose A/AAAA records are nodes, or null. */
  public @Nullable String dnsName() {
    return dnsName;
  }

  /** A DNS SRV name listing nodes, or null. */
  public @Nullable String dnsSrvName() {
    return dnsSrvName;
  }

  public boolean mdns() {
    return mdns;
  }

  /** A CIDR range probed for nodes, or null. */
  public @Nullable String subnetCidr() {
    return subnetCidr;
  }

  public List<Integer> subnetPorts() {
    return subnetPorts;
  }

  public Duration healthCheckInterval() {
    return healthCheckInterval;
  }

  /** The longest a call may take when the gRPC client set no deadline; zero for no limit. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** How the gateway speaks TLS to {@code https://} nodes. */
  public TlsConfig fleetTls() {
    return fleetTls;
  }

  /** Whether any node or discovery source is configured. */
  public boolean hasFleet() {
    return !nodes.isEmpty() || dnsName != null || dnsSrvName != null || mdns || subnetCidr != null;
  }

  @Override
  public String toString() {
    return "GatewayConfig{"
        + host
        + ":"
        + port
        + ", tls="
        + (tls == null ? "off" : tls)
        + ", drainGrace="
        + drainGrace
        + ", permitKeepAliveTime="
        + permitKeepAliveTime
        + ", metrics="
        + (metricsEnabled ? metricsHost + ":" + metricsPort : "off")
        + ", nodes="
        + nodes
        + "}";
  }

  /** Builds a {@link GatewayConfig}; every setter documents its default. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Duration drainGrace = DEFAULT_DRAIN_GRACE;
    private Duration permitKeepAliveTime = DEFAULT_PERMIT_KEEP_ALIVE_TIME;
    private boolean permitKeepAliveWithoutCalls = true;
    private Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;
    private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
    private int maxInboundMessageBytes = DEFAULT_MAX_INBOUND_MESSAGE_BYTES;
    private @Nullable ServerTls tls;
    private boolean metricsEnabled = true;
    private String metricsHost = DEFAULT_HOST;
    private int metricsPort = DEFAULT_METRICS_PORT;
    private List<String> nodes = List.of();
    private @Nullable String dnsName;
    private @Nullable String dnsSrvName;
    private boolean mdns;
    private @Nullable String subnetCidr;
    private List<Integer> subnetPorts = List.of(11434);
    private Duration healthCheckInterval = Duration.ofSeconds(5);
    private Duration callTimeout = Duration.ZERO;
    private TlsConfig fleetTls = TlsConfig.defaults();

    private Builder() {}

    private Builder(GatewayConfig c) {
      host = c.host;
      port = c.port;
      drainGrace = c.drainGrace;
      permitKeepAliveTime = c.permitKeepAliveTime;
      permitKeepAliveWithoutCalls = c.permitKeepAliveWithoutCalls;
      keepAliveTime = c.keepAliveTime;
      keepAliveTimeout = c.keepAliveTimeout;
      maxInboundMessageBytes = c.maxInboundMessageBytes;
      tls = c.tls;
      metricsEnabled = c.metricsEnabled;
      metricsHost = c.metricsHost;
      metricsPort = c.metricsPort;
      nodes = c.nodes;
      dnsName = c.dnsName;
      dnsSrvName = c.dnsSrvName;
      mdns = c.mdns;
      subnetCidr = c.subnetCidr;
      subnetPorts = c.subnetPorts;
      healthCheckInterval = c.healthCheckInterval;
      callTimeout = c.callTimeout;
      fleetTls = c.fleetTls;
    }

    /**
     * Listen address. Default {@value GatewayConfig#DEFAULT_HOST}; use 127.0.0.1 for local only.
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** gRPC port; 0 picks a free one. Default {@value GatewayConfig#DEFAULT_PORT}. */
    public Builder port(int port) {
      this.port = checkPort(port, "port");
      return this;
    }

    /**
     * How long in-flight calls may run after a shutdown (SIGTERM) starts; calls still running then
     * are cancelled. Default 30 s; set it at least to your longest expected stream, and below the
     * orchestrator's kill timeout.
     */
    public Builder drainGrace(Duration grace) {
      this.drainGrace = nonNegative(grace, "drainGrace");
      return this;
    }

    /**
     * The shortest interval between a client's keepalive pings that is tolerated; a client pinging
     * more often is sent GOAWAY {@code too_many_pings}. Default 30 s, the SDK gRPC client's
     * keepalive time. Lower it, never raise it, when clients ping more often.
     */
    public Builder permitKeepAliveTime(Duration time) {
      this.permitKeepAliveTime = nonNegative(time, "permitKeepAliveTime");
      return this;
    }

    /**
     * Whether clients may ping connections that carry no call. Default true, so long-lived idle
     * connections of a LAN client stay open through NATs and firewalls.
     */
    public Builder permitKeepAliveWithoutCalls(boolean permit) {
      this.permitKeepAliveWithoutCalls = permit;
      return this;
    }

    /** Interval of the gateway's own pings on quiet connections. Default 2 h (gRPC's default). */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = positive(time, "keepAliveTime");
      return this;
    }

    /** How long a ping may go unanswered before the connection is closed. Default 20 s. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = positive(timeout, "keepAliveTimeout");
      return this;
    }

    /** Largest request message in bytes. Default 16 MiB; raise it for many large images. */
    public Builder maxInboundMessageBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException(
            "maxInboundMessageBytes must be at least 1024: " + bytes);
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /** The gateway's TLS; null (the default) serves plaintext, fit only for a trusted network. */
    public Builder tls(@Nullable ServerTls tls) {
      this.tls = tls;
      return this;
    }

    /** Whether /metrics is served. Default true. */
    public Builder metricsEnabled(boolean enabled) {
      this.metricsEnabled = enabled;
      return this;
    }

    /** Metrics listen address. Default {@value GatewayConfig#DEFAULT_HOST}. */
    public Builder metricsHost(String host) {
      this.metricsHost = Objects.requireNonNull(host, "metricsHost");
      return this;
    }

    /** Metrics port; 0 picks a free one. Default {@value GatewayConfig#DEFAULT_METRICS_PORT}. */
    public Builder metricsPort(int port) {
      this.metricsPort = checkPort(port, "metricsPort");
      return this;
    }

    /** Fixed node addresses, e.g. {@code http://10.0.0.11:11434}. Default none. */
    public Builder nodes(List<String> nodes) {
      this.nodes = List.copyOf(nodes);
      return this;
    }

    /** Discovers nodes from a DNS name's A/AAAA records. Default none. */
    public Builder dnsName(@Nullable String name) {
      this.dnsName = name;
      return this;
    }

    /** Discovers nodes from DNS SRV records. Default none. */
    public Builder dnsSrvName(@Nullable String name) {
      this.dnsSrvName = name;
      return this;
    }

    /** Discovers nodes announced over mDNS ({@code _ollama._tcp}). Default false. */
    public Builder mdns(boolean mdns) {
      this.mdns = mdns;
      return this;
    }

    /** Probes a private range for nodes, on {@link #subnetPorts}. Default none. */
    public Builder subnetCidr(@Nullable String cidr) {
      this.subnetCidr = cidr;
      return this;
    }

    /** Ports probed in {@link #subnetCidr}. Default 11434. */
    public Builder subnetPorts(List<Integer> ports) {
      for (int p : ports) {
        checkPort(p, "subnetPorts");
      }
      this.subnetPorts = List.copyOf(ports);
      return this;
    }

    /** Interval of health checks on every node. Default 5 s. */
    public Builder healthCheckInterval(Duration interval) {
      this.healthCheckInterval = positive(interval, "healthCheckInterval");
      return this;
    }

    /**
     * The longest a call may take when its gRPC client set no deadline. Default zero: no limit, as
     * a stream may legitimately run for minutes.
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = nonNegative(timeout, "callTimeout");
      return this;
    }

    /**
     * TLS toward {@code https://} nodes (CAs, client certificate, pins). Default {@link
     * TlsConfig#defaults()}.
     */
    public Builder fleetTls(TlsConfig tls) {
      this.fleetTls = Objects.requireNonNull(tls, "fleetTls");
      return this;
    }

    public GatewayConfig build() {
      return new GatewayConfig(this);
    }

    private static int checkPort(int port, String what) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(what + " must be 0..65535: " + port);
      }
      return port;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }
  }
}
