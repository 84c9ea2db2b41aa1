package io.ollamalan.gateway;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.discovery.NodeSources;
import io.ollamalan.gateway.internal.FleetHealth;
import io.ollamalan.gateway.internal.Forwarder;
import io.ollamalan.gateway.internal.MetricsEndpoint;
import io.ollamalan.gateway.internal.grpc.GrpcServices;
import io.ollamalan.observability.OllamaMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC gateway: serves ollama.api.v1 and forwards every call to the fleet through an {@link
 * OllamaClient}, so discovery, balancing, breakers and failover apply. Also serves gRPC health
 * (following the fleet) and reflection, and Prometheus metrics over HTTP.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.builder().config(GatewayConfig.load(path, System.getenv())).start()) {
 *   gateway.awaitTermination();
 * }
 * }</pre>
 *
 * <p>{@link #close()} drains: health turns NOT_SERVING, new calls are refused, calls in flight get
 * {@link GatewayConfig#drainGrace()} to finish, then the rest are cancelled.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final GatewayConfig config;
  private final OllamaClient client;
  private final boolean ownsClient;
  private final @Nullable OllamaMetrics ollamaMetrics;
  private final PrometheusMeterRegistry registry;
  private final ExecutorService executor;
  private final HealthStatusManager health;
  private final FleetHealth fleetHealth;
  private final Server server;
  private final @Nullable MetricsEndpoint metrics;
  private final Object lifecycle = new Object();
  private boolean closed;

  private Gateway(Builder b) throws IOException {
    this.config = Objects.requireNonNull(b.config, "config");
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
      this.ollamaMetrics = null;
    } else {
      this.ollamaMetrics = OllamaMetrics.create(registry);
      this.client = fleetClient(config, ollamaMetrics);
      this.ownsClient = true;
      ollamaMetrics.bindTo(client);
    }
    this.executor = Executors.newCachedThreadPool(daemonThreads("ollamalan-gateway-call-"));
    this.health = new HealthStatusManager();
    this.fleetHealth = new FleetHealth(client, health, GrpcServices.NAMES);
    Forwarder forwarder = new Forwarder(client, executor);

    NettyServerBuilder sb =
        NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
            .executor(executor)
            .permitKeepAliveTime(config.permitKeepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
            .permitKeepAliveWithoutCalls(config.permitKeepAliveWithoutCalls())
            .keepAliveTime(config.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(config.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
            .maxInboundMessageSize(config.maxInboundMessageBytes());
    MetricCollectingServerInterceptor grpcMetrics = new MetricCollectingServerInterceptor(registry);
    for (ServerServiceDefinition def : GrpcServices.definitions(forwarder)) {
      sb.addService(ServerInterceptors.intercept(def, grpcMetrics));
    }
    sb.addService(health.getHealthService());
    sb.addService(ProtoReflectionServiceV1.newInstance());
    if (config.tls().isPresent()) {
      sb.sslContext(sslContext(config.tls().get()));
    }
    this.server = sb.build();
    boolean started = false;
    MetricsEndpoint m = null;
    try {
      fleetHealth.start();
      server.start();
      if (config.metricsEnabled()) {
        m =
            MetricsEndpoint.start(
                config.metricsHost(), config.metricsPort(), registry, fleetHealth::serving);
      }
      started = true;
    } finally {
      if (!started) {
        server.shutdownNow();
        executor.shutdownNow();
        if (ownsClient) {
          client.close();
        }
      }
    }
    this.metrics = m;
    log.info(
        "Gateway listening on {}:{} ({}), metrics {}",
        config.host(),
        port(),
        config.tls().map(t -> "TLS " + t.clientAuth()).orElse("plaintext"),
        metrics == null ? "off" : config.metricsHost() + ":" + metrics.port());
  }

  /** A builder; {@link Builder#config} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bound gRPC port (useful with port 0). */
  public int port() {
    return server.getPort();
  }

  /** The bound metrics port, or -1 when metrics are off. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /** The client the gateway forwards through. */
  public OllamaClient client() {
    return client;
  }

  /** The registry behind /metrics. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** Blocks until the server has terminated (after {@link #close()} from another thread). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Drains and stops: health NOT_SERVING, no new calls, in-flight calls get the drain grace to
   * finish, then the rest are cancelled and everything is released. Idempotent; blocks until done.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Duration grace = config.drainGrace();
    log.info("Gateway draining: in-flight calls get {} to finish", grace);
    fleetHealth.drain();
    server.shutdown();
    boolean interrupted = false;
    try {
      if (!server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn("Drain grace of {} over: cancelling the calls still running", grace);
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      server.shutdownNow();
    }
    if (metrics != null) {
      metrics.close();
    }
    executor.shutdownNow();
    if (ownsClient) {
      client.close();
    }
    if (ollamaMetrics != null) {
      ollamaMetrics.close();
    }
    registry.close();
    log.info("Gateway stopped");
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static OllamaClient fleetClient(GatewayConfig config, OllamaMetrics metrics) {
    if (!config.hasFleet()) {
      throw new IllegalArgumentException(
          "No fleet configured: set fleet.nodes (OLLAMA_GATEWAY_FLEET_NODES) or a discovery source"
              + " (fleet.dns, fleet.dnsSrv, fleet.mdns, fleet.subnet.cidr), or run with --demo");
    }
    OllamaClientBuilder b = OllamaClient.builder();
    b.nodes(config.nodes().toArray(String[]::new));
    if (config.dnsName() != null) {
      b.nodeSource(NodeSources.dns(config.dnsName()));
    }
    if (config.dnsSrvName() != null) {
      b.nodeSource(NodeSources.dnsSrv(config.dnsSrvName()));
    }
    if (config.mdns()) {
      b.nodeSource(NodeSources.mdns());
    }
    if (config.subnetCidr() != null) {
      b.nodeSource(
          NodeSources.subnetProbe(
              config.subnetCidr(), config.subnetPorts().stream().mapToInt(i -> i).toArray()));
    }
    b.tls(config.fleetTls());
    b.healthChecks(HealthCheckConfig.builder().interval(config.healthCheckInterval()).build());
    if (!config.callTimeout().isZero()) {
      b.callTimeout(config.callTimeout());
    }
    b.listener(metrics);
    return b.build();
  }

  static SslContext sslContext(ServerTls tls) {
    try {
      SslContextBuilder b =
          SslContextBuilder.forServer(
                  tls.privateKey(), tls.certificateChain().toArray(X509Certificate[]::new))
              .protocols(tls.protocols());
      if (tls.clientAuth() != ServerTls.ClientAuth.NONE) {
        b.trustManager(tls.clientCas().toArray(X509Certificate[]::new))
            .clientAuth(
                tls.clientAuth() == ServerTls.ClientAuth.REQUIRE
                    ? ClientAuth.REQUIRE
                    : ClientAuth.OPTIONAL);
      }
      return GrpcSslContexts.configure(b).build();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot set up the gateway's TLS: " + e.getMessage(), e);
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures and starts a {@link Gateway}. */
  public static final class Builder {
    private @Nullable GatewayConfig config;
    private @Nullable OllamaClient client;

    private Builder() {}

    /** The gateway's settings; required. */
    public Builder config(GatewayConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Forwards through this client instead of one built from the config's fleet settings. The
     * gateway does not close it; register {@link OllamaMetrics} on it yourself for client metrics.
     */
    public Builder client(OllamaClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Binds the ports and starts serving.
     *
     * @throws IOException if a port cannot be bound
     * @throws IllegalArgumentException if no fleet is configured and no client was given
     */
    public Gateway start() throws IOException {
      if (config == null) {
        throw new IllegalStateException("config(GatewayConfig) is required");
      }
      return new Gateway(this);
    }
  }
}
