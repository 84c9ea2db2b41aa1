package io.ollamalan.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How the client places calls: the balancer, per-node admission, circuit breakers, the retry budget
 * and hedging. Immutable and stateless: it holds a balancer <em>factory</em>, and each client built
 * with it gets a balancer of its own, so two clients (or two builds) never share what their
 * balancers learn. {@link #defaults()}, {@link #builder()}, {@link #toBuilder()}.
 */
public final class RoutingConfig {

  /** Default {@link Builder#balancer}: {@link Balancers#llmAware()} with its defaults. */
  public static final Supplier<Balancer> DEFAULT_BALANCER = Balancers::llmAware;

  /** Default {@link Builder#initialConcurrency}: 4 calls per node at first. */
  public static final int DEFAULT_INITIAL_CONCURRENCY = 4;

  /** Default {@link Builder#maxConcurrency}: 256 calls per node at most. */
  public static final int DEFAULT_MAX_CONCURRENCY = 256;

  /** Default {@link Builder#maxQueueWait}: 30 s in the client-side queue at most. */
  public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(30);

  /** Default {@link Builder#maxQueued}: 1024 calls waiting at most. */
  public static final int DEFAULT_MAX_QUEUED = 1024;

  /** Default {@link Builder#failureRateThreshold}: 50 %. */
  public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;

  /** Default {@link Builder#breakerWindow}: the last 20 calls. */
  public static final int DEFAULT_BREAKER_WINDOW = 20;

  /** Default {@link Builder#breakerMinimumCalls}: 10. */
  public static final int DEFAULT_BREAKER_MINIMUM_CALLS = 10;

  /** Default {@link Builder#breakerOpenDuration}: 15 s. */
  public static final Duration DEFAULT_BREAKER_OPEN_DURATION = Duration.ofSeconds(15);

  /** Default {@link Builder#halfOpenProbes}: 2. */
  public static final int DEFAULT_HALF_OPEN_PROBES = 2;

  /** Default {@link Builder#consecutiveConnectFailures}: 3. */
  public static final int DEFAULT_CONSECUTIVE_CONNECT_FAILURES = 3;

  /** Default {@link Builder#slowTimeToFirstToken}: 60 s. */
  public static final Duration DEFAULT_SLOW_TIME_TO_FIRST_TOKEN = Duration.ofSeconds(60);

  /** Default {@link Builder#retryBudgetRatio}: retries up to 20 % of calls. */
  public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;

  /** Default {@link Builder#minRetriesPerSecond}: 10. */
  public static final int DEFAULT_MIN_RETRIES_PER_SECOND = 10;

  /** Default {@link Builder#retryBackoff}: 10 ms, doubled per retry, with full jitter. */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(10);

  /** Default {@link Builder#maxRetryBackoff}: 1 s. */
  public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(1);

  private final Supplier<? extends Balancer> balancer;
  private final String balancerName;
  private final int initialConcurrency;
  private final int maxConcurrency;
  private final boolean adaptiveConcurrency;
  private final Duration maxQueueWait;
  private final int maxQueued;
  private final float failureRateThreshold;
  private final int breakerWindow;
  private final int breakerMinimumCalls;
  private final Duration breakerOpenDuration;
  private final int halfOpenProbes;
  private final int consecutiveConnectFailures;
  private final Duration slowTimeToFirstToken;
  private final double retryBudgetRatio;
  private final int minRetriesPerSecond;
  private final Duration retryBackoff;
  private final Duration maxRetryBackoff;
  private final @Nullable Duration hedgeAfter;

  private RoutingConfig(Builder b, String balancerName) {
    this.balancer = b.balancer;
    this.balancerName = balancerName;
    this.initialConcurrency = b.initialConcurrency;
    this.maxConcurrency = b.maxConcurrency;
    this.adaptiveConcurrency = b.adaptiveConcurrency;
    this.maxQueueWait = b.maxQueueWait;
    this.maxQueued = b.maxQueued;
    this.failureRateThreshold = b.failureRateThreshold;
    this.breakerWindow = b.breakerWindow;
    this.breakerMinimumCalls = b.breakerMinimumCalls;
    this.breakerOpenDuration = b.breakerOpenDuration;
    this.halfOpenProbes = b.halfOpenProbes;
    this.consecutiveConnectFailures = b.consecutiveConnectFailures;
    this.slowTimeToFirstToken = b.slowTimeToFirstToken;
    this.retryBudgetRatio = b.retryBudgetRatio;
    this.minRetriesPerSecond = b.minRetriesPerSecond;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
    this.hedgeAfter = b.hedgeAfter;
  }

  /** The defaults: LLM-aware balancing, adaptive admission, breakers on, hedging off. */
  public static RoutingConfig defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.balancer = balancer;
    b.initialConcurrency = initialConcurrency;
    b.maxConcurrency = maxConcurrency;
    b.adaptiveConcurrency = adaptiveConcurrency;
    b.maxQueueWait = maxQueueWait;
    b.maxQueued = maxQueued;
    b.failureRateThreshold = failureRateThreshold;
    b.breakerWindow = breakerWindow;
    b.breakerMinimumCalls = breakerMinimumCalls;
    b.breakerOpenDuration = breakerOpenDuration;
    b.halfOpenProbes = halfOpenProbes;
    b.consecutiveConnectFailures = consecutiveConnectFailures;
    b.slowTimeToFirstToken = slowTimeToFirstToken;
    b.retryBudgetRatio = retryBudgetRatio;
    b.minRetriesPerSecond = minRetriesPerSecond;
    b.retryBackoff = retryBackoff;
    b.maxRetryBackoff = maxRetryBackoff;
    b.hedgeAfter = hedgeAfter;
    return b;
  }

  /**
   * A new balancer from the configured factory; the client calls it once when it is built.
   *
   * @throws IllegalStateException when the factory returns null
   */
  public Balancer newBalancer() {
    Balancer b = balancer.get();
    if (b == null) {
      throw new IllegalStateException("the balancer factory returned null");
    }
    return b;
  }

  /** The name of the balancer the factory builds, for logs and {@link #toString()}. */
  public String balancerName() {
    return balancerName;
  }

  public int initialConcurrency() {
    return initialConcurrency;
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  public boolean adaptiveConcurrency() {
    return adaptiveConcurrency;
  }

  public Duration maxQueueWait() {
    return maxQueueWait;
  }

  public int maxQueued() {
    return maxQueued;
  }

  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  public int breakerWindow() {
    return breakerWindow;
  }

  public int breakerMinimumCalls() {
    return breakerMinimumCalls;
  }

  public Duration breakerOpenDuration() {
    return breakerOpenDuration;
  }

  public int halfOpenProbes() {
    return halfOpenProbes;
  }

  public int consecutiveConnectFailures() {
    return consecutiveConnectFailures;
  }

  public Duration slowTimeToFirstToken() {
    return slowTimeToFirstToken;
  }

  public double retryBudgetRatio() {
    return retryBudgetRatio;
  }

  public int minRetriesPerSecond() {
    return minRetriesPerSecond;
  }

  public Duration retryBackoff() {
    return retryBackoff;
  }

  public Duration maxRetryBackoff() {
    return maxRetryBackoff;
  }

  /** The time-to-first-token after which a hedge starts, or null when hedging is off. */
  public @Nullable Duration hedgeAfter() {
    return hedgeAfter;
  }

  @Override
  public String toString() {
    return "RoutingConfig{balancer="
        + balancerName
        + ", concurrency="
        + initialConcurrency
        + ".."
        + maxConcurrency
        + (adaptiveConcurrency ? " adaptive" : " fixed")
        + ", hedgeAfter="
        + hedgeAfter
        + "}";
  }

  /** Builds a {@link RoutingConfig}. */
  public static final class Builder {
    private Supplier<? extends Balancer> balancer = DEFAULT_BALANCER;
    private int initialConcurrency = DEFAULT_INITIAL_CONCURRENCY;
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
    private boolean adaptiveConcurrency = true;
    private Duration maxQueueWait = DEFAULT_MAX_QUEUE_WAIT;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private int breakerWindow = DEFAULT_BREAKER_WINDOW;
    private int breakerMinimumCalls = DEFAULT_BREAKER_MINIMUM_CALLS;
    private Duration breakerOpenDuration = DEFAULT_BREAKER_OPEN_DURATION;
    private int halfOpenProbes = DEFAULT_HALF_OPEN_PROBES;
    private int consecutiveConnectFailures = DEFAULT_CONSECUTIVE_CONNECT_FAILURES;
    private Duration slowTimeToFirstToken = DEFAULT_SLOW_TIME_TO_FIRST_TOKEN;
    private double retryBudgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
    private int minRetriesPerSecond = DEFAULT_MIN_RETRIES_PER_SECOND;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private Duration maxRetryBackoff = DEFAULT_MAX_RETRY_BACKOFF;
    private @Nullable Duration hedgeAfter;

    private Builder() {}

    /**
     * How to make the balancing strategy: called once per client, so that each client has a
     * balancer (and what it learns) of its own, e.g. {@code Balancers::roundRobin}; default {@link
     * #DEFAULT_BALANCER}. The factory must return a new balancer on every call unless the balancer
     * keeps no state.
     */
    public Builder balancer(Supplier<? extends Balancer> factory) {
      this.balancer = Objects.requireNonNull(factory, "balancer");
      return this;
    }

    /**
     * Calls admitted per node at first; default {@link #DEFAULT_INITIAL_CONCURRENCY}. With adaptive
     * concurrency the limit then grows while the node shows no queueing (Ollama's own timings say
     * how long a call waited for a slot) and shrinks on queueing and 503s. Set it to {@code
     * OLLAMA_NUM_PARALLEL} times the models you serve when you know it.
     */
    public Builder initialConcurrency(int calls) {
      this.initialConcurrency = range(calls, 1, 100_000, "initialConcurrency");
      return this;
    }

    /** Upper bound of the per-node limit; default {@link #DEFAULT_MAX_CONCURRENCY}. */
    public Builder maxConcurrency(int calls) {
      this.maxConcurrency = range(calls, 1, 100_000, "maxConcurrency");
      return this;
    }

    /**
     * Whether the per-node limit learns from observed queueing (default) or stays at {@link
     * #initialConcurrency}.
     */
    public Builder adaptiveConcurrency(boolean adaptive) {
      this.adaptiveConcurrency = adaptive;
      return this;
    }

    /**
     * How long a call may wait in the client for a node to admit it, at most (the call's deadline
     * may cut it shorter); default {@link #DEFAULT_MAX_QUEUE_WAIT}. Then it fails with {@link
     * io.ollamalan.NoNodeAvailableException}.
     */
    public Builder maxQueueWait(Duration wait) {
      Objects.requireNonNull(wait, "maxQueueWait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("maxQueueWait must not be negative, was " + wait);
      }
      this.maxQueueWait = wait;
      return this;
    }

    /**
     * How many calls may wait for admission at once; default {@link #DEFAULT_MAX_QUEUED}. More fail
     * at once with {@link io.ollamalan.NoNodeAvailableException}: shed load rather than pile it up.
     */
    public Builder maxQueued(int calls) {
      this.maxQueued = range(calls, 0, 1_000_000, "maxQueued");
      return this;
    }

    /**
     * Failure percentage over the breaker window that opens a node's breaker; default {@link
     * #DEFAULT_FAILURE_RATE_THRESHOLD}. Connection failures, 5xx, broken streams and time-outs
     * count; 503 "busy" and 4xx do not (busy is load, not failure).
     */
    public Builder failureRateThreshold(float percent) {
      if (!(percent > 0 && percent <= 100)) {
        throw new IllegalArgumentException(
            "failureRateThreshold must be in (0, 100], was " + percent);
      }
      this.failureRateThreshold = percent;
      return this;
    }

    /** Calls the failure rate is computed over; default {@link #DEFAULT_BREAKER_WINDOW}. */
    public Builder breakerWindow(int calls) {
      this.breakerWindow = range(calls, 1, 10_000, "breakerWindow");
      return this;
    }

    /** Calls needed before the rate counts; default {@link #DEFAULT_BREAKER_MINIMUM_CALLS}. */
    public Builder breakerMinimumCalls(int calls) {
      this.breakerMinimumCalls = range(calls, 1, 10_000, "breakerMinimumCalls");
      return this;
    }

    /**
     * How long an open breaker rejects calls before letting probes through; default {@link
     * #DEFAULT_BREAKER_OPEN_DURATION}.
     */
    public Builder breakerOpenDuration(Duration duration) {
      Objects.requireNonNull(duration, "breakerOpenDuration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("breakerOpenDuration must be positive, was " + duration);
      }
      this.breakerOpenDuration = duration;
      return this;
    }

    /** Probe calls let through a half-open breaker; default {@link #DEFAULT_HALF_OPEN_PROBES}. */
    public Builder halfOpenProbes(int calls) {
      this.halfOpenProbes = range(calls, 1, 1000, "halfOpenProbes");
      return this;
    }

    /**
     * Consecutive connection failures that open a node's breaker at once, without waiting for the
     * window to fill; default {@link #DEFAULT_CONSECUTIVE_CONNECT_FAILURES}.
     */
    public Builder consecutiveConnectFailures(int failures) {
      this.consecutiveConnectFailures = range(failures, 1, 1000, "consecutiveConnectFailures");
      return this;
    }

    /**
     * A call whose first token takes longer counts as slow for the breaker (only when every call in
     * the window is slow does the breaker open); default {@link #DEFAULT_SLOW_TIME_TO_FIRST_TOKEN}.
     * Judged on the first token, never on the length of a generation.
     */
    public Builder slowTimeToFirstToken(Duration ttft) {
      Objects.requireNonNull(ttft, "slowTimeToFirstToken");
      if (ttft.isNegative() || ttft.isZero()) {
        throw new IllegalArgumentException("slowTimeToFirstToken must be positive, was " + ttft);
      }
      this.slowTimeToFirstToken = ttft;
      return this;
    }

    /**
     * Retries (failovers) allowed as a share of calls, so that a failing fleet does not see a retry
     * storm; default {@link #DEFAULT_RETRY_BUDGET_RATIO}. 0 disables failover beyond {@link
     * #minRetriesPerSecond}.
     */
    public Builder retryBudgetRatio(double ratio) {
      if (!(ratio >= 0 && ratio <= 10)) {
        throw new IllegalArgumentException("retryBudgetRatio must be in [0, 10], was " + ratio);
      }
      this.retryBudgetRatio = ratio;
      return this;
    }

    /**
     * Retries always allowed per second whatever the ratio; default {@link
     * #DEFAULT_MIN_RETRIES_PER_SECOND}.
     */
    public Builder minRetriesPerSecond(int retries) {
      this.minRetriesPerSecond = range(retries, 0, 1_000_000, "minRetriesPerSecond");
      return this;
    }

    /** First backoff before a retry; default {@link #DEFAULT_RETRY_BACKOFF}. */
    public Builder retryBackoff(Duration backoff) {
      Objects.requireNonNull(backoff, "retryBackoff");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("retryBackoff must not be negative, was " + backoff);
      }
      this.retryBackoff = backoff;
      return this;
    }

    /** Longest backoff; default {@link #DEFAULT_MAX_RETRY_BACKOFF}. */
    public Builder maxRetryBackoff(Duration backoff) {
      Objects.requireNonNull(backoff, "maxRetryBackoff");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("maxRetryBackoff must not be negative, was " + backoff);
      }
      this.maxRetryBackoff = backoff;
      return this;
    }

    /**
     * Turns hedging on: when a streamed call's first token has not arrived after {@code ttft}, a
     * second attempt starts on another node; the first to produce a token wins and the other is
     * cancelled (its node stops generating). Costs extra load on slow nodes: choose a threshold
     * around your p95 time to first token. Off by default.
     */
    public Builder hedgeAfter(Duration ttft) {
      Objects.requireNonNull(ttft, "hedgeAfter");
      if (ttft.isNegative() || ttft.isZero()) {
        throw new IllegalArgumentException("hedgeAfter must be positive, was " + ttft);
      }
      this.hedgeAfter = ttft;
      return this;
    }

    public RoutingConfig build() {
      if (maxConcurrency < initialConcurrency) {
        throw new IllegalArgumentException(
            "maxConcurrency ("
                + maxConcurrency
                + ") must not be below initialConcurrency ("
                + initialConcurrency
                + ")");
      }
      if (breakerMinimumCalls > breakerWindow) {
        throw new IllegalArgumentException(
            "breakerMinimumCalls ("
                + breakerMinimumCalls
                + ") must not exceed breakerWindow ("
                + breakerWindow
                + ")");
      }
      Balancer probe = balancer.get();
      if (probe == null) {
        throw new IllegalArgumentException("the balancer factory returned null");
      }
      return new RoutingConfig(this, probe.name());
    }

    private static int range(int v, int min, int max, String name) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + v);
      }
      return v;
    }
  }
}
