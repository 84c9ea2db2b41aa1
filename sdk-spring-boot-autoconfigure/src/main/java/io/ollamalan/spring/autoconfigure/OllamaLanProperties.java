package io.ollamalan.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the fleet client under {@value #CONFIG_PREFIX}. Every default equals the one of
 * the plain Java builder ({@code OllamaClientBuilder}, {@code RoutingConfig}, {@code
 * HealthCheckConfig}, {@code TlsConfig}), so a Spring application and a plain Java one behave the
 * same with the same settings.
 */
@ConfigurationProperties(OllamaLanProperties.CONFIG_PREFIX)
public class OllamaLanProperties {

  /** The prefix of every property of the fleet client. */
  public static final String CONFIG_PREFIX = "ollama.lan";

  /**
   * Whether the fleet client is configured at all. When false, the starter adds no bean: no client,
   * no health indicator, no metrics, no Spring AI model.
   */
  private boolean enabled = true;

  /**
   * Node addresses, each host, host:port or http(s)://host[:port][/path], parsed like OLLAMA_HOST
   * (port 11434 without a scheme). User info in an address is sent as basic auth and never shown.
   * Empty by default: give nodes, a discovery source, or both.
   */
  private List<String> nodes = new ArrayList<>();

  /** Where nodes are found besides the static list. */
  private final Discovery discovery = new Discovery();

  /** Active health checks of every node. */
  private final Health health = new Health();

  /** How calls are placed on nodes. */
  private final Routing routing = new Routing();

  /** Per-node circuit breakers. */
  private final Breaker breaker = new Breaker();

  /** Failover of a call to another node, and the budget that bounds it. */
  private final Retry retry = new Retry();

  /** Limits of one call. */
  private final Timeouts timeouts = new Timeouts();

  /** Connection pools and response size limits. */
  private final Pool pool = new Pool();

  /** TLS towards https nodes. */
  private final Ssl ssl = new Ssl();

  /** The gRPC transport, used for grpc:// and grpcs:// addresses when sdk-grpc is present. */
  private final Grpc grpc = new Grpc();

  /** Credentials sent to every node. Never logged, never shown by the actuator. */
  private final Auth auth = new Auth();

  /** Metrics bound to the application's MeterRegistry. */
  private final Metrics metrics = new Metrics();

  /** Tracing through the application's OpenTelemetry. */
  private final Tracing tracing = new Tracing();

  /** Spring AI models backed by the fleet. */
  private final Ai ai = new Ai();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getNodes() {
    return nodes;
  }

  public void setNodes(List<String> nodes) {
    this.nodes = nodes;
  }

  public Discovery getDiscovery() {
    return discovery;
  }

  public Health getHealth() {
    return health;
  }

  public Routing getRouting() {
    return routing;
  }

  public Breaker getBreaker() {
    return breaker;
  }

  public Retry getRetry() {
    return retry;
  }

  public Timeouts getTimeouts() {
    return timeouts;
  }

  public Pool getPool() {
    return pool;
  }

  public Ssl getSsl() {
    return ssl;
  }

  public Auth getAuth() {
    return auth;
  }

  public Grpc getGrpc() {
    return grpc;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Tracing getTracing() {
    return tracing;
  }

  public Ai getAi() {
    return ai;
  }

  /** Discovery sources; nodes of all sources and of the static list are merged by id. */
  public static class Discovery {

    /** DNS discovery. */
    private final Dns dns = new Dns();

    /** mDNS (DNS-SD) discovery on the local link. */
    private final Mdns mdns = new Mdns();

    /** Discovery by probing address ranges. */
    private final Probe probe = new Probe();

    /** Discovery through a Spring Cloud DiscoveryClient (Consul, Kubernetes, Eureka). */
    private final SpringCloud springCloud = new SpringCloud();

    public Dns getDns() {
      return dns;
    }

    public Mdns getMdns() {
      return mdns;
    }

    public Probe getProbe() {
      return probe;
    }

    public SpringCloud getSpringCloud() {
      return springCloud;
    }
  }

  /** DNS discovery: SRV records, or A/AAAA records of a host name. */
  public static class Dns {

    /**
     * SRV name to resolve, e.g. _ollama._tcp.lan; each record gives a node with its port and
     * weight. None by default.
     */
    private @Nullable String srv;

    /** Host name whose A and AAAA records are nodes on port dns.port. None by default. */
    private @Nullable String host;

    /** Port of the nodes found through dns.host (SRV records carry their own). */
    private int port = 11434;

    /** Scheme of the nodes found, http or https; a TXT record's scheme overrides it. */
    private String scheme = "http";

    /**
     * Resolvers to ask, as IP or IP:port (port 53 by default); the system's resolvers when empty.
     */
    private List<String> resolvers = new ArrayList<>();

    /** Shortest wait between two resolutions, whatever the TTL says. */
    private Duration minTtl = Duration.ofSeconds(5);

    /** Longest wait between two resolutions, whatever the TTL says. */
    private Duration maxTtl = Duration.ofMinutes(5);

    /** How long to wait for each resolver's answer. */
    private Duration timeout = Duration.ofSeconds(2);

    public @Nullable String getSrv() {
      return srv;
    }

    public void setSrv(@Nullable String srv) {
      this.srv = srv;
    }

    public @Nullable String getHost() {
      return host;
    }

    public void setHost(@Nullable String host) {
      this.host = host;
    }

    public int getPort() {
      return port;
    }

    public void setPort(int port) {
      this.port = port;
    }

    public String getScheme() {
      return scheme;
    }

    public void setScheme(String scheme) {
      this.scheme = scheme;
    }

    public List<String> getResolvers() {
      return resolvers;
    }

    public void setResolvers(List<String> resolvers) {
      this.resolvers = resolvers;
    }

    public Duration getMinTtl() {
      return minTtl;
    }

    public void setMinTtl(Duration minTtl) {
      this.minTtl = minTtl;
    }

    public Duration getMaxTtl() {
      return maxTtl;
    }

    public void setMaxTtl(Duration maxTtl) {
      this.maxTtl = maxTtl;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** mDNS discovery. */
  public static class Mdns {

    /** Whether nodes announced over mDNS on the local link are used. */
    private boolean enabled = false;

    /** DNS-SD service type to browse; change it only to keep fleets on one link apart. */
    private String serviceType = "_ollama._tcp.local.";

    /**
     * Interfaces to browse on, by name or IPv4 address; every multicast interface that is not
     * loopback when empty.
     */
    private List<String> networkInterfaces = new ArrayList<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getServiceType() {
      return serviceType;
    }

    public void setServiceType(String serviceType) {
      this.serviceType = serviceType;
    }

    public List<String> getNetworkInterfaces() {
      return networkInterfaces;
    }

    public void setNetworkInterfaces(List<String> networkInterfaces) {
      this.networkInterfaces = networkInterfaces;
    }
  }

  /** Discovery by probing /api/version on every address of some ranges. */
  public static class Probe {

    /** CIDR ranges to probe, e.g. 192.168.1.0/24; probing is off while empty. */
    private List<String> ranges = new ArrayList<>();

    /** Ports probed on every address. */
    private List<Integer> ports = new ArrayList<>(List.of(11434));

    /** Time between the starts of two scans; new nodes are found at most this late. */
    private Duration interval = Duration.ofSeconds(60);

    /** How long one probe may take, connect included. */
    private Duration timeout = Duration.ofSeconds(1);

    /** Probes run at once. */
    private int concurrency = 32;

    /** Most addresses all ranges together may hold, a guard against probing a /8 by mistake. */
    private int maxAddresses = 4096;

    public List<String> getRanges() {
      return ranges;
    }

    public void setRanges(List<String> ranges) {
      this.ranges = ranges;
    }

    public List<Integer> getPorts() {
      return ports;
    }

    public void setPorts(List<Integer> ports) {
      this.ports = ports;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(int concurrency) {
      this.concurrency = concurrency;
    }

    public int getMaxAddresses() {
      return maxAddresses;
    }

    public void setMaxAddresses(int maxAddresses) {
      this.maxAddresses = maxAddresses;
    }
  }

  /** Nodes registered in a Spring Cloud service registry. */
  public static class SpringCloud {

    /**
     * Service id whose instances are the nodes; this source is active only when it is set and a
     * DiscoveryClient bean exists. None by default.
     */
    private @Nullable String serviceId;

    /** How often the registry is asked for the service's instances. */
    private Duration refreshInterval = Duration.ofSeconds(30);

    public @Nullable String getServiceId() {
      return serviceId;
    }

    public void setServiceId(@Nullable String serviceId) {
      this.serviceId = serviceId;
    }

    public Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }
  }

  /** Active health checks ({@code /api/version}, {@code /api/ps}, {@code /api/tags}). */
  public static class Health {

    /**
     * Whether nodes are health-checked. Off, nodes stay UNKNOWN and only circuit breakers keep
     * failing nodes out.
     */
    private boolean enabled = true;

    /**
     * Time between two checks of one node; a dead node is DOWN at most interval + timeout later.
     */
    private Duration interval = Duration.ofSeconds(5);

    /** How long one check may take, connect included. */
    private Duration timeout = Duration.ofSeconds(2);

    /** Time between two reads of installed models; at least the interval. */
    private Duration tagsInterval = Duration.ofSeconds(60);

    /** Consecutive unreachable-type failures that make a node DOWN. */
    private int failuresToDown = 1;

    /** Consecutive successes that take a recovering node from DEGRADED to UP. */
    private int successesToUp = 2;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Duration getTagsInterval() {
      return tagsInterval;
    }

    public void setTagsInterval(Duration tagsInterval) {
      this.tagsInterval = tagsInterval;
    }

    public int getFailuresToDown() {
      return failuresToDown;
    }

    public void setFailuresToDown(int failuresToDown) {
      this.failuresToDown = failuresToDown;
    }

    public int getSuccessesToUp() {
      return successesToUp;
    }

    public void setSuccessesToUp(int successesToUp) {
      this.successesToUp = successesToUp;
    }
  }

  /** The balancer and per-node admission. */
  public static class Routing {

    /**
     * Balancing strategy: llm-aware (prefers nodes with the model loaded and a warm prompt cache),
     * least-outstanding or round-robin.
     */
    private Balancer balancer = Balancer.LLM_AWARE;

    /** Calls admitted per node at first; with adaptive concurrency the limit then learns. */
    private int initialConcurrency = 4;

    /** Upper bound of the per-node admission limit. */
    private int maxConcurrency = 256;

    /** Whether the per-node limit learns from observed queueing or stays at the initial one. */
    private boolean adaptiveConcurrency = true;

    /** Longest a call waits in the client for a node to admit it. */
    private Duration maxQueueWait = Duration.ofSeconds(30);

    /** Calls that may wait for admission at once; more fail at once. */
    private int maxQueued = 1024;

    /**
     * Time to first token after which a streamed call is hedged on a second node; hedging is off
     * when unset (the default).
     */
    private @Nullable Duration hedgeAfter;

    public Balancer getBalancer() {
      return balancer;
    }

    public void setBalancer(Balancer balancer) {
      this.balancer = balancer;
    }

    public int getInitialConcurrency() {
      return initialConcurrency;
    }

    public void setInitialConcurrency(int initialConcurrency) {
      this.initialConcurrency = initialConcurrency;
    }

    public int getMaxConcurrency() {
      return maxConcurrency;
    }

    public void setMaxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
    }

    public boolean isAdaptiveConcurrency() {
      return adaptiveConcurrency;
    }

    public void setAdaptiveConcurrency(boolean adaptiveConcurrency) {
      this.adaptiveConcurrency = adaptiveConcurrency;
    }

    public Duration getMaxQueueWait() {
      return maxQueueWait;
    }

    public void setMaxQueueWait(Duration maxQueueWait) {
      this.maxQueueWait = maxQueueWait;
    }

    public int getMaxQueued() {
      return maxQueued;
    }

    public void setMaxQueued(int maxQueued) {
      this.maxQueued = maxQueued;
    }

    public @Nullable Duration getHedgeAfter() {
      return hedgeAfter;
    }

    public void setHedgeAfter(@Nullable Duration hedgeAfter) {
      this.hedgeAfter = hedgeAfter;
    }
  }

  /** The built-in balancers. */
  public enum Balancer {
    /** Prefers nodes with the model loaded, free slots and a warm prompt cache. */
    LLM_AWARE,
    /** The node with the fewest calls in flight. */
    LEAST_OUTSTANDING,
    /** Each node in turn. */
    ROUND_ROBIN
  }

  /** Per-node circuit breakers. */
  public static class Breaker {

    /** Failure percentage over the window that opens a node's breaker. */
    private float failureRateThreshold = 50f;

    /** Calls the failure rate is computed over. */
    private int window = 20;

    /** Calls needed in the window before the rate counts. */
    private int minimumCalls = 10;

    /** How long an open breaker rejects calls before letting probes through. */
    private Duration openDuration = Duration.ofSeconds(15);

    /** Probe calls let through a half-open breaker. */
    private int halfOpenProbes = 2;

    /** Consecutive connection failures that open a breaker at once. */
    private int consecutiveConnectFailures = 3;

    /** A call whose first token takes longer counts as slow. */
    private Duration slowTimeToFirstToken = Duration.ofSeconds(60);

    public float getFailureRateThreshold() {
      return failureRateThreshold;
    }

    public void setFailureRateThreshold(float failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
    }

    public int getWindow() {
      return window;
    }

    public void setWindow(int window) {
      this.window = window;
    }

    public int getMinimumCalls() {
      return minimumCalls;
    }

    public void setMinimumCalls(int minimumCalls) {
      this.minimumCalls = minimumCalls;
    }

    public Duration getOpenDuration() {
      return openDuration;
    }

    public void setOpenDuration(Duration openDuration) {
      this.openDuration = openDuration;
    }

    public int getHalfOpenProbes() {
      return halfOpenProbes;
    }

    public void setHalfOpenProbes(int halfOpenProbes) {
      this.halfOpenProbes = halfOpenProbes;
    }

    public int getConsecutiveConnectFailures() {
      return consecutiveConnectFailures;
    }

    public void setConsecutiveConnectFailures(int consecutiveConnectFailures) {
      this.consecutiveConnectFailures = consecutiveConnectFailures;
    }

    public Duration getSlowTimeToFirstToken() {
      return slowTimeToFirstToken;
    }

    public void setSlowTimeToFirstToken(Duration slowTimeToFirstToken) {
      this.slowTimeToFirstToken = slowTimeToFirstToken;
    }
  }

  /** Failover of a call to another node. */
  public static class Retry {

    /** Most nodes one call is tried on; 1 disables failover. */
    private int maxAttempts = 3;

    /** Retries allowed as a share of calls, so a failing fleet sees no retry storm. */
    private double budgetRatio = 0.2;

    /** Retries always allowed per second whatever the ratio. */
    private int minPerSecond = 10;

    /** First backoff before a retry, doubled per retry with full jitter. */
    private Duration backoff = Duration.ofMillis(10);

    /** Longest backoff before a retry. */
    private Duration maxBackoff = Duration.ofSeconds(1);

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public double getBudgetRatio() {
      return budgetRatio;
    }

    public void setBudgetRatio(double budgetRatio) {
      this.budgetRatio = budgetRatio;
    }

    public int getMinPerSecond() {
      return minPerSecond;
    }

    public void setMinPerSecond(int minPerSecond) {
      this.minPerSecond = minPerSecond;
    }

    public Duration getBackoff() {
      return backoff;
    }

    public void setBackoff(Duration backoff) {
      this.backoff = backoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /** Limits of one call. */
  public static class Timeouts {

    /** Limit for setting up a TCP and TLS connection; a call moves to another node at once. */
    private Duration connect = Duration.ofSeconds(5);

    /**
     * Limit for the response headers once the request was sent (time to first token, or the whole
     * generation of a non-streamed call); covers loading a cold model.
     */
    private Duration firstByte = Duration.ofMinutes(10);

    /** Limit for the silence between two chunks of a stream. */
    private Duration streamIdle = Duration.ofSeconds(60);

    /**
     * Limit for receiving a whole answer once its first byte arrived; cuts a node or proxy that
     * trickles its answer (a stream's chunks are bounded by stream-idle instead).
     */
    private Duration response = Duration.ofSeconds(60);

    /** Limit for writing one request body. */
    private Duration write = Duration.ofSeconds(60);

    /** Overall deadline of a call across every attempt; 0 for none. */
    private Duration call = Duration.ZERO;

    public Duration getConnect() {
      return connect;
    }

    public void setConnect(Duration connect) {
      this.connect = connect;
    }

    public Duration getFirstByte() {
      return firstByte;
    }

    public void setFirstByte(Duration firstByte) {
      this.firstByte = firstByte;
    }

    public Duration getStreamIdle() {
      return streamIdle;
    }

    public void setStreamIdle(Duration streamIdle) {
      this.streamIdle = streamIdle;
    }

    public Duration getResponse() {
      return response;
    }

    public void setResponse(Duration response) {
      this.response = response;
    }

    public Duration getWrite() {
      return write;
    }

    public void setWrite(Duration write) {
      this.write = write;
    }

    public Duration getCall() {
      return call;
    }

    public void setCall(Duration call) {
      this.call = call;
    }
  }

  /** Connection pools and response size limits. */
  public static class Pool {

    /** Idle keep-alive connections kept per node; near the concurrent calls to one node. */
    private int maxIdleConnectionsPerNode = 32;

    /** How long an idle connection is kept; below any proxy's idle timeout. */
    private Duration keepAlive = Duration.ofSeconds(60);

    /** Longest NDJSON line accepted in a stream. */
    private DataSize maxLineSize = DataSize.ofMegabytes(8);

    /** Largest non-streamed response body accepted. */
    private DataSize maxBodySize = DataSize.ofMegabytes(16);

    public int getMaxIdleConnectionsPerNode() {
      return maxIdleConnectionsPerNode;
    }

    public void setMaxIdleConnectionsPerNode(int maxIdleConnectionsPerNode) {
      this.maxIdleConnectionsPerNode = maxIdleConnectionsPerNode;
    }

    public Duration getKeepAlive() {
      return keepAlive;
    }

    public void setKeepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
    }

    public DataSize getMaxLineSize() {
      return maxLineSize;
    }

    public void setMaxLineSize(DataSize maxLineSize) {
      this.maxLineSize = maxLineSize;
    }

    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }
  }

  /** TLS towards https nodes. */
  public static class Ssl {

    /**
     * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*): its trust material replaces the JDK's
     * trusted CAs and its key, if any, is presented as a client certificate. None by default: the
     * JDK's trust store, no client certificate.
     */
    private @Nullable String bundle;

    /** Whether plain http nodes are refused, whichever source found them. */
    private boolean requireTls = false;

    /** Whether TLS 1.2 is accepted besides TLS 1.3; only for proxies that cannot be upgraded. */
    private boolean allowTls12 = false;

    /** Whether the JDK's trusted CAs are trusted besides the bundle's. */
    private boolean trustSystemCas = false;

    /**
     * SPKI SHA-256 pins by host pattern (gpu-1.lan, *.lan, **.corp), each a list of sha256/BASE64=
     * values. None by default.
     */
    private Map<String, List<String>> pins = new LinkedHashMap<>();

    public @Nullable String getBundle() {
      return bundle;
    }

    public void setBundle(@Nullable String bundle) {
      this.bundle = bundle;
    }

    public boolean isRequireTls() {
      return requireTls;
    }

    public void setRequireTls(boolean requireTls) {
      this.requireTls = requireTls;
    }

    public boolean isAllowTls12() {
      return allowTls12;
    }

    public void setAllowTls12(boolean allowTls12) {
      this.allowTls12 = allowTls12;
    }

    public boolean isTrustSystemCas() {
      return trustSystemCas;
    }

    public void setTrustSystemCas(boolean trustSystemCas) {
      this.trustSystemCas = trustSystemCas;
    }

    public Map<String, List<String>> getPins() {
      return pins;
    }

    public void setPins(Map<String, List<String>> pins) {
      this.pins = pins;
    }
  }

  /**
   * The gRPC transport. Node addresses grpc://host:port and grpcs://host:port name gRPC gateways;
   * the client then reaches the fleet through them once io.ollamalan:sdk-grpc is on the class path.
   */
  public static class Grpc {

    /**
     * Interval of HTTP/2 keepalive pings to gateways; never below the gateway's permitKeepAliveTime
     * (30s by default), or the gateway closes the connection.
     */
    private Duration keepAliveTime = Duration.ofSeconds(30);

    public Duration getKeepAliveTime() {
      return keepAliveTime;
    }

    public void setKeepAliveTime(Duration keepAliveTime) {
      this.keepAliveTime = keepAliveTime;
    }
  }

  /** Credentials sent with every request; at most one of bearer and basic. */
  public static class Auth {

    /** Bearer token sent as Authorization: Bearer. None by default. */
    private @Nullable String bearerToken;

    /** User name for HTTP basic auth (no colon). None by default. */
    private @Nullable String username;

    /** Password for HTTP basic auth. None by default. */
    private @Nullable String password;

    public @Nullable String getBearerToken() {
      return bearerToken;
    }

    public void setBearerToken(@Nullable String bearerToken) {
      this.bearerToken = bearerToken;
    }

    public @Nullable String getUsername() {
      return username;
    }

    public void setUsername(@Nullable String username) {
      this.username = username;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }

    @Override
    public String toString() {
      return "Auth{bearerToken="
          + (bearerToken == null ? "none" : "***")
          + ", username="
          + username
          + ", password="
          + (password == null ? "none" : "***")
          + "}";
    }
  }

  /** Metrics. */
  public static class Metrics {

    /** Whether the client's meters are registered when a MeterRegistry bean exists. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Tracing. */
  public static class Tracing {

    /** Whether calls are traced when an OpenTelemetry bean exists. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Spring AI models backed by the fleet. */
  public static class Ai {

    /** The chat model's defaults; a prompt's own options override them. */
    private final Chat chat = new Chat();

    /** The embedding model's defaults. */
    private final Embedding embedding = new Embedding();

    public Chat getChat() {
      return chat;
    }

    public Embedding getEmbedding() {
      return embedding;
    }
  }

  /** Defaults of the Spring AI chat model. */
  public static class Chat {

    /** Model used when a prompt names none. */
    private String model = "llama3.2";

    /** Sampling temperature; the model's own when unset. */
    private @Nullable Double temperature;

    /** Most tokens to generate (num_predict); the model's own when unset. */
    private @Nullable Integer maxTokens;

    /** Context window in tokens (num_ctx); the node's default when unset. */
    private @Nullable Integer numCtx;

    /**
     * Thinking: true, false, or an effort (low, medium, high, max); the model's default when unset.
     */
    private @Nullable String think;

    /** How long the node keeps the model loaded after a call, e.g. 10m; the node's when unset. */
    private @Nullable Duration keepAlive;

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public @Nullable Double getTemperature() {
      return temperature;
    }

    public void setTemperature(@Nullable Double temperature) {
      this.temperature = temperature;
    }

    public @Nullable Integer getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(@Nullable Integer maxTokens) {
      this.maxTokens = maxTokens;
    }

    public @Nullable Integer getNumCtx() {
      return numCtx;
    }

    public void setNumCtx(@Nullable Integer numCtx) {
      this.numCtx = numCtx;
    }

    public @Nullable String getThink() {
      return think;
    }

    public void setThink(@Nullable String think) {
      this.think = think;
    }

    public @Nullable Duration getKeepAlive() {
      return keepAlive;
    }

    public void setKeepAlive(@Nullable Duration keepAlive) {
      this.keepAlive = keepAlive;
    }
  }

  /** Defaults of the Spring AI embedding model. */
  public static class Embedding {

    /** Model used when a request names none. */
    private String model = "nomic-embed-text";

    /** Dimensions to truncate vectors to; the model's own when unset. */
    private @Nullable Integer dimensions;

    /** Whether inputs longer than the context are truncated instead of failing. */
    private @Nullable Boolean truncate;

    /** How long the node keeps the model loaded after a call; the node's when unset. */
    private @Nullable Duration keepAlive;

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public @Nullable Integer getDimensions() {
      return dimensions;
    }

    public void setDimensions(@Nullable Integer dimensions) {
      this.dimensions = dimensions;
    }

    public @Nullable Boolean getTruncate() {
      return truncate;
    }

    public void setTruncate(@Nullable Boolean truncate) {
      this.truncate = truncate;
    }

    public @Nullable Duration getKeepAlive() {
      return keepAlive;
    }

    public void setKeepAlive(@Nullable Duration keepAlive) {
      this.keepAlive = keepAlive;
    }
  }
}
