package io.ollamalan.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import io.ollamalan.ModelNames;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.internal.observability.ClientInternals;
import io.ollamalan.internal.observability.NodeMeterBinder;
import io.ollamalan.routing.RoutingDecision;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer metrics for an {@link OllamaClient}: request latency, time to first token, token
 * throughput and counts, failovers, retries and hedges, and gauges of every node's state, load,
 * connection pool and circuit breaker. Micrometer is an optional dependency: the client runs
 * without it, and only this class and those it loads need it.
 *
 * <p>Request meters come from the listener, so register it before building the client; the gauges
 * need the built client:
 *
 * <pre>{@code
 * OllamaMetrics metrics = OllamaMetrics.create(meterRegistry);
 * OllamaClient client = OllamaClient.builder()
 *     .nodes("http://10.0.0.11:11434", "http://10.0.0.12:11434")
 *     .listener(metrics)
 *     .build();
 * metrics.bindTo(client);
 * }</pre>
 *
 * <p>Tags are bounded: {@value #NODE} (the node's {@link io.ollamalan.Node#id() id}, never
 * credentials), {@value #MODEL} (normalized to {@code name:tag}), {@value #OPERATION} (the
 * endpoint, e.g. {@code chat}) and {@value #OUTCOME} ({@code success} or the failure's kind, e.g.
 * {@code server_busy}). Principals, prompts and request ids are never tags. Circuit breakers are
 * published under Resilience4j's names ({@code resilience4j.circuitbreaker.state}, {@code
 * .failure.rate}, {@code .buffered.calls}, {@code .not.permitted.calls}, ...) with the node id as
 * the {@code name} tag, read from the breaker when scraped: nothing is recorded per call. Names
 * render in Prometheus as {@code ollama_request_latency_seconds} and so on; see {@code
 * docs/observability/} for alert rules and a dashboard.
 */
public final class OllamaMetrics implements ClientListener, AutoCloseable {

  /** Timer: a call from its start until its answer was fully read or it failed. */
  public static final String REQUEST_LATENCY = "ollama.request.latency";

  /** Timer: a streamed call's start until its first chunk. */
  public static final String REQUEST_TTFT = "ollama.request.ttft";

  /** Summary: generated tokens per second of successful calls, from Ollama's eval timings. */
  public static final String TOKENS_PER_SECOND = "ollama.tokens.per.second";

  /** Counter: tokens, tagged {@code type=prompt|completion}. */
  public static final String TOKENS = "ollama.tokens";

  /** Counter: attempts that failed and were retried on another node, by the failed node. */
  public static final String RETRIES = "ollama.retries";

  /** Counter: attempts placed after an earlier attempt of the same call failed, by target node. */
  public static final String FAILOVERS = "ollama.failovers";

  /** Counter: hedge attempts started because a stream's first token was late, by target node. */
  public static final String HEDGES = "ollama.hedges";

  /** Timer: how long attempts that had to wait for admission waited. */
  public static final String QUEUE_WAIT = "ollama.client.queue.wait";

  /** Gauge: calls waiting for a node to admit them, client-wide. */
  public static final String QUEUE_DEPTH = "ollama.client.queue.depth";

  /** Gauge: calls in flight per node. */
  public static final String NODE_INFLIGHT = "ollama.node.inflight";

  /** Gauge: 1 for the node's current state, 0 for the others, tagged {@code state}. */
  public static final String NODE_STATE = "ollama.node.state";

  /** Gauge: the node's current admission limit. */
  public static final String NODE_CONCURRENCY_LIMIT = "ollama.node.concurrency.limit";

  /** Gauge: models the node holds in memory, as last reported. */
  public static final String NODE_MODELS_LOADED = "ollama.node.models.loaded";

  /** Time gauge: moving average of the node's health-check round trips. */
  public static final String NODE_HEALTH_LATENCY = "ollama.node.health.latency";

  /** Gauge: pooled HTTP connections per node, tagged {@code state=idle|active}. */
  public static final String POOL_CONNECTIONS = "ollama.pool.connections";

  /** Tag: the node's id. */
  public static final String NODE = "node";

  /** Tag: the normalized model, {@code none} for calls without one. */
  public static final String MODEL = "model";

  /** Tag: the endpoint, e.g. {@code chat}, {@code generate}, {@code embed}, {@code tags}. */
  public static final String OPERATION = "operation";

  /** Tag: {@code success} or the failure's {@link OllamaException.Kind} in lower case. */
  public static final String OUTCOME = "outcome";

  /** Default {@link Builder#percentiles}: the median, p90 and p99. */
  public static final double[] DEFAULT_PERCENTILES = {0.5, 0.9, 0.99};

  /** Default {@link Builder#maximumExpectedLatency}: 10 minutes, a long generation. */
  public static final Duration DEFAULT_MAXIMUM_EXPECTED_LATENCY = Duration.ofMinutes(10);

  private static final String NONE = "none";

  private final MeterRegistry registry;
  private final Tags commonTags;
  private final double[] percentiles;
  private final boolean histogram;
  private final Duration maxLatency;
  private volatile @Nullable NodeMeterBinder binder;
  private final java.util.concurrent.ConcurrentHashMap<CallKey, CallMeters> callMeters =
      new java.util.concurrent.ConcurrentHashMap<>();

  private OllamaMetrics(Builder b) {
    this.registry = b.registry;
    this.commonTags = b.tags;
    this.percentiles = b.percentiles;
    this.histogram = b.histogram;
    this.maxLatency = b.maxLatency;
  }

  /** Metrics with the defaults, into {@code registry}. */
  public static OllamaMetrics create(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** A builder for metrics into {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Registers the gauges of {@code client} (a client made by {@link OllamaClient#builder()} or a
   * view of one): queue depth, and per node state, in-flight calls, admission limit, connection
   * pool and circuit breaker. Nodes found later by discovery get their gauges when they join; those
   * that leave lose them. Call once; {@link #close()} removes the gauges.
   *
   * @return this
   * @throws IllegalStateException when already bound
   * @throws IllegalArgumentException when the client does not expose its node state (e.g. a gateway
   *     client); the request meters work regardless
   */
  public OllamaMetrics bindTo(OllamaClient client) {
    Objects.requireNonNull(client, "client");
    NodeMeterBinder b = new NodeMeterBinder(ClientInternals.of(client), registry, commonTags);
    synchronized (this) {
      if (binder != null) {
        throw new IllegalStateException(
            "already bound to a client; create one OllamaMetrics "
                + "per client, with a distinguishing tag if they share a registry");
      }
      binder = b;
    }
    b.start();
    return this;
  }

  /** Removes the gauges registered by {@link #bindTo}; request meters stay in the registry. */
  @Override
  public void close() {
    NodeMeterBinder b;
    synchronized (this) {
      b = binder;
    }
    if (b != null) {
      b.close();
    }
  }

  @Override
  public void onDecision(RoutingDecision decision) {
    NodeMeterBinder b = binder;
    if (b != null && !b.breakerBound(decision.chosenNodeId())) {
      b.refresh();
    }
    // Most decisions are first attempts that did not wait: they record nothing, build no tags.
    if (decision.hedge()) {
      counter(
              HEDGES,
              "Hedge attempts started because a stream's first token was late",
              commonTags.and(NODE, decision.chosenNodeId(), OPERATION, decision.operation()))
          .increment();
    } else if (decision.attempt() > 1) {
      counter(
              FAILOVERS,
              "Attempts placed on another node after an attempt of the call failed",
              commonTags.and(NODE, decision.chosenNodeId(), OPERATION, decision.operation()))
          .increment();
    }
    if (decision.queuedNanos() > 0) {
      Timer.builder(QUEUE_WAIT)
          .description("Time attempts waited for a node to admit them, when they had to")
          .tags(commonTags.and(OPERATION, decision.operation()))
          .register(registry)
          .record(decision.queuedNanos(), TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void onAttemptFailed(
      RoutingDecision decision, OllamaException failure, boolean willRetry) {
    if (willRetry) {
      counter(
              RETRIES,
              "Attempts that failed and were retried on another node",
              commonTags.and(
                  NODE,
                  decision.chosenNodeId(),
                  OPERATION,
                  decision.operation(),
                  OUTCOME,
                  failure.kind().name().toLowerCase(Locale.ROOT)))
          .increment();
    }
  }

  @Override
  public void onCallEnd(CallRecord r) {
    // Meters are found once per tag combination: building tags and looking them up in the
    // registry on every call would cost more than the call's own bookkeeping.
    CallKey key = new CallKey(r.nodeId(), r.model(), r.operation(), r.outcome());
    CallMeters m = callMeters.get(key);
    if (m == null) {
      m = callMeters.computeIfAbsent(key, this::newCallMeters);
    }
    m.latency.record(r.durationNanos(), TimeUnit.NANOSECONDS);
    if (r.timeToFirstTokenNanos() > 0) {
      m.ttft().record(r.timeToFirstTokenNanos(), TimeUnit.NANOSECONDS);
    }
    if (r.promptTokens() > 0) {
      m.prompt().increment(r.promptTokens());
    }
    if (r.completionTokens() > 0) {
      m.completion().increment(r.completionTokens());
    }
    double rate = r.tokensPerSecond();
    if (r.succeeded() && rate > 0) {
      m.tokensPerSecond().record(rate);
    }
  }

  private record CallKey(String node, @Nullable String model, String operation, String outcome) {}

  private CallMeters newCallMeters(CallKey k) {
    String node = k.node().isEmpty() ? NONE : k.node();
    String model =
        k.model() == null || k.model().isBlank() ? NONE : ModelNames.normalize(k.model());
    Tags base = commonTags.and(NODE, node, MODEL, model, OPERATION, k.operation());
    Timer latency =
        Timer.builder(REQUEST_LATENCY)
            .description(
                "Calls from their start until the answer was fully read or the call failed")
            .tags(base.and(OUTCOME, k.outcome()))
            .publishPercentiles(percentiles)
            .publishPercentileHistogram(histogram)
            .maximumExpectedValue(maxLatency)
            .register(registry);
    return new CallMeters(latency, base, commonTags.and(NODE, node, MODEL, model));
  }

  /** The meters of one tag combination; the rarely used ones are registered on first use. */
  private final class CallMeters {
    final Timer latency;
    final Tags base;
    final Tags nodeModel;
    private volatile @Nullable Timer ttft;
    private volatile @Nullable Counter prompt;
    private volatile @Nullable Counter completion;
    private volatile @Nullable DistributionSummary tokensPerSecond;

    CallMeters(Timer latency, Tags base, Tags nodeModel) {
      this.latency = latency;
      this.base = base;
      this.nodeModel = nodeModel;
    }

    Timer ttft() {
      Timer t = ttft;
      if (t == null) {
        t =
            Timer.builder(REQUEST_TTFT)
                .description("Streamed calls from their start until the first chunk arrived")
                .tags(base)
                .publishPercentiles(percentiles)
                .publishPercentileHistogram(histogram)
                .maximumExpectedValue(maxLatency)
                .register(registry);
        ttft = t;
      }
      return t;
    }

    Counter prompt() {
      Counter c = prompt;
      if (c == null) {
        c = tokens(base, "prompt");
        prompt = c;
      }
      return c;
    }

    Counter completion() {
      Counter c = completion;
      if (c == null) {
        c = tokens(base, "completion");
        completion = c;
      }
      return c;
    }

    DistributionSummary tokensPerSecond() {
      DistributionSummary d = tokensPerSecond;
      if (d == null) {
        d =
            DistributionSummary.builder(TOKENS_PER_SECOND)
                .description("Generated tokens per second (eval_count / eval_duration)")
                .tags(nodeModel)
                .publishPercentiles(percentiles)
                .register(registry);
        tokensPerSecond = d;
      }
      return d;
    }
  }

  private Counter tokens(Tags base, String type) {
    return Counter.builder(TOKENS)
        .description("Prompt tokens evaluated and completion tokens generated")
        .baseUnit("tokens")
        .tags(base.and("type", type))
        .register(registry);
  }

  private Counter counter(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  @Override
  public String toString() {
    return "OllamaMetrics{" + registry.getClass().getSimpleName() + "}";
  }

  /** Configures {@link OllamaMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private double[] percentiles = DEFAULT_PERCENTILES.clone();
    private boolean histogram;
    private Duration maxLatency = DEFAULT_MAXIMUM_EXPECTED_LATENCY;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds a tag to every meter of this binding, e.g. {@code client=search} when several clients
     * share a registry. Keep the value constant: it is not meant for per-call data.
     */
    public Builder tag(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      this.tags = tags.and(key, value);
      return this;
    }

    /**
     * Client-side percentiles published for latency, time to first token and tokens per second;
     * default {@link #DEFAULT_PERCENTILES}. In Prometheus they are the {@code quantile} label, e.g.
     * {@code ollama_request_latency_seconds{quantile="0.99"}}. They are computed per instance over
     * a decaying window and cannot be aggregated across instances: alert on them per instance, or
     * enable {@link #percentileHistogram} to aggregate. No argument turns them off.
     */
    public Builder percentiles(double... percentiles) {
      for (double p : percentiles) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException(
              "percentiles must be between 0 and 1, was " + Arrays.toString(percentiles));
        }
      }
      this.percentiles = percentiles.clone();
      return this;
    }

    /**
     * Whether latency and time to first token also publish histogram buckets, for {@code
     * histogram_quantile} over many client instances; default false. Costs about 70 series per tag
     * combination. Micrometer's Prometheus registry then exports these two timers as Prometheus
     * histograms ({@code _bucket} series) <em>instead of</em> the {@code quantile} series, so
     * alerts must switch to {@code histogram_quantile(0.99, sum by (le, node) (rate(
     * ollama_request_latency_seconds_bucket[5m])))}; other backends get both.
     */
    public Builder percentileHistogram(boolean enabled) {
      this.histogram = enabled;
      return this;
    }

    /**
     * The longest call the histogram buckets resolve; default {@link
     * #DEFAULT_MAXIMUM_EXPECTED_LATENCY}. Longer calls land in the {@code +Inf} bucket. Raise it
     * for batch generations that run longer.
     */
    public Builder maximumExpectedLatency(Duration latency) {
      Objects.requireNonNull(latency, "latency");
      if (latency.isNegative() || latency.isZero()) {
        throw new IllegalArgumentException(
            "maximumExpectedLatency must be positive, was " + latency);
      }
      this.maxLatency = latency;
      return this;
    }

    public OllamaMetrics build() {
      return new OllamaMetrics(this);
    }
  }
}
