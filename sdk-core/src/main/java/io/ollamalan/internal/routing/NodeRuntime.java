package io.ollamalan.internal.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.ollamalan.LoadedModel;
import io.ollamalan.ModelNames;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.NodeClient;
import io.ollamalan.routing.ModelStats;
import io.ollamalan.routing.NodeView;
import io.ollamalan.routing.RoutingConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything the router keeps per node: its HTTP client, its circuit breaker, its admission limit,
 * and moving averages of what it has shown (errors, 503s, per-model speeds).
 */
public final class NodeRuntime {
  private static final double ALPHA = 0.2;
  private static final long BUSY_PENALTY_DECAY_NANOS = 10_000_000_000L;

  private final NodeHandle handle;
  private final NodeClient client;
  private final CircuitBreaker breaker;
  private final RoutingConfig config;
  private final ConcurrentHashMap<String, Slots> slots = new ConcurrentHashMap<>();
  private final int consecutiveConnectFailuresToOpen;
  private final LongSupplier ticker;
  private final ConcurrentHashMap<String, StatsEwma> stats = new ConcurrentHashMap<>();
  private final AtomicInteger consecutiveConnectFailures = new AtomicInteger();
  private final LongAdder notPermitted = new LongAdder();
  private final Residency residency = new Residency();
  private volatile double errorRate;
  private volatile long lastBusyNanos = Long.MIN_VALUE;
  private volatile Instant upSince = Instant.EPOCH;
  private volatile boolean recovering;
  private volatile LoadedNames loadedNames = new LoadedNames(null, Set.of());

  public NodeRuntime(
      NodeHandle handle,
      NodeClient client,
      RoutingConfig config,
      Clock clock,
      LongSupplier ticker) {
    this.handle = handle;
    this.client = client;
    this.ticker = ticker;
    this.config = config;
    this.consecutiveConnectFailuresToOpen = config.consecutiveConnectFailures();
    CircuitBreakerConfig cbc =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(config.failureRateThreshold())
            .slidingWindowType(SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(config.breakerWindow())
            .minimumNumberOfCalls(config.breakerMinimumCalls())
            .waitDurationInOpenState(config.breakerOpenDuration())
            .permittedNumberOfCallsInHalfOpenState(config.halfOpenProbes())
            .slowCallDurationThreshold(config.slowTimeToFirstToken())
            .slowCallRateThreshold(100f)
            .recordException(NodeRuntime::countsAsFailure)
            .clock(clock)
            .build();
    this.breaker = CircuitBreaker.of(handle.id(), cbc);
  }

  /** Whether a failure says something about the node's health (not about load or the request). */
  static boolean countsAsFailure(Throwable t) {
    if (!(t instanceof OllamaException e)) {
      return true;
    }
    switch (e.kind()) {
      case TRANSPORT:
      case TIMEOUT:
      case SERVER_ERROR:
      case PROTOCOL:
      case TLS:
        return true;
      default:
        return false;
    }
  }

  public NodeHandle handle() {
    return handle;
  }

  public NodeClient client() {
    return client;
  }

  public CircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Calls the breaker refused since the node joined (open, or half-open with every probe taken).
   * Counted here rather than from the breaker's events: a breaker with an event consumer builds an
   * event, with a time stamp, for every call it sees.
   */
  public long notPermittedCalls() {
    return notPermitted.sum();
  }

  /** Whether the breaker rejects calls now (without asking it for a permission). */
  boolean breakerOpen() {
    CircuitBreaker.State s = breaker.getState();
    return s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN;
  }

  /**
   * Admission per model: Ollama runs {@code OLLAMA_NUM_PARALLEL} calls per loaded model, so each
   * model on the node has its own limit and its own count of calls in flight.
   */
  static final class Slots {
    final AtomicInteger inFlight = new AtomicInteger();
    final AdaptiveLimit limit;

    Slots(RoutingConfig c) {
      limit =
          new AdaptiveLimit(c.initialConcurrency(), c.maxConcurrency(), c.adaptiveConcurrency());
    }

    boolean tryAcquire() {
      while (true) {
        int n = inFlight.get();
        if (n >= limit.current()) {
          return false;
        }
        if (inFlight.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }
  }

  /** The slots of {@code model} (normalized; null for calls that need no model). */
  Slots slots(@Nullable String model) {
    String k = model == null ? "" : model;
    Slots s = slots.get(k);
    return s != null ? s : slots.computeIfAbsent(k, x -> new Slots(config));
  }

  /**
   * The node's admission limit: the sum of its models' limits (the initial one before any call).
   */
  public int concurrencyLimit() {
    int sum = 0;
    for (Slots s : slots.values()) {
      sum += s.limit.current();
    }
    return sum == 0 ? config.initialConcurrency() : sum;
  }

  /** Whether some model's slots on the node admit a call now (or none was used yet). */
  boolean hasRoom() {
    if (slots.isEmpty()) {
      return true;
    }
    for (Slots s : slots.values()) {
      if (s.inFlight.get() < s.limit.current()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The node as the balancer sees it for a call needing {@code model} (null for none, otherwise
   * normalized).
   */
  NodeView view(@Nullable String model) {
    var status = handle.rawStatus();
    if (status.state() == NodeState.UP && !java.util.Objects.equals(status.stateSince(), upSince)) {
      upSince = status.stateSince();
      recovering = true;
    }
    if (recovering && breaker.getState() == CircuitBreaker.State.CLOSED) {
      recovered();
    }
    boolean loaded = model != null && loadedNames(status).contains(model);
    boolean installed =
        model == null
            || !status.inventoryKnown()
            || status.installedModels().contains(model)
            || loaded;
    boolean warm = false;
    boolean evicts = false;
    if (model != null) {
      long now = ticker.getAsLong();
      residency.observePs(status.loadedModels(), status.state().isRoutable(), now);
      warm = residency.warm(model, now);
      evicts = !warm && residency.loadEvicts(model, now);
    }
    StatsEwma s = model == null ? null : stats.get(model);
    Slots sl = slots(model);
    return new NodeView(
        handle.node(),
        status.state(),
        installed,
        loaded,
        warm,
        evicts,
        handle.inFlight(),
        sl.inFlight.get(),
        sl.limit.current(),
        errorRate,
        busyPenalty(),
        s == null ? ModelStats.NONE : s.snapshot());
  }

  /**
   * The normalized names of the models {@code status} lists as loaded. A status is immutable and
   * changes only with a health check, while every call's ranking asks about every candidate: the
   * names are normalized once per status rather than once per call and node.
   */
  private Set<String> loadedNames(NodeStatus status) {
    LoadedNames c = loadedNames;
    if (c.status != status) {
      Set<String> names = new HashSet<>();
      for (LoadedModel m : status.loadedModels()) {
        names.add(ModelNames.normalize(m.name()));
      }
      c = new LoadedNames(status, Set.copyOf(names));
      loadedNames = c;
    }
    return c.names;
  }

  /** The loaded names of {@code status}; a null status (none seen yet) matches no status. */
  private record LoadedNames(@Nullable NodeStatus status, Set<String> names) {}

  /**
   * The health checks found the node up again (or up for the first time) and its breaker is closed
   * (its probe calls succeeded, if it had opened): failures and 503s seen before say nothing about
   * the node that answers now (a restarted node is a fresh process), so they no longer keep it from
   * its share of calls. While the breaker is still half-open, the penalties keep the bulk of the
   * traffic away and leave the probes to decide.
   */
  private void recovered() {
    recovering = false;
    errorRate = 0;
    lastBusyNanos = Long.MIN_VALUE;
    consecutiveConnectFailures.set(0);
  }

  double busyPenalty() {
    long since = ticker.getAsLong() - lastBusyNanos;
    if (lastBusyNanos == Long.MIN_VALUE || since >= BUSY_PENALTY_DECAY_NANOS) {
      return 0;
    }
    return 1.0 - (double) since / BUSY_PENALTY_DECAY_NANOS;
  }

  /** A call for {@code model} (normalized, or null) was admitted here. */
  void placed(@Nullable String model, long now) {
    if (model != null) {
      residency.placed(model, now);
    }
  }

  /** A call placed here ended; {@code loadNanos} is its answer's load time when it answered. */
  void finished(@Nullable String model, boolean answered, long loadNanos, long startNanos) {
    if (model != null) {
      residency.finished(model, answered, loadNanos, startNanos, ticker.getAsLong());
    }
  }

  /** The learned number of models the node holds at once, 0 while unknown. */
  int modelCapacity() {
    return residency.capacity();
  }

  /**
   * Tries to admit a call for {@code model}: breaker permission and a slot under the model's limit.
   * When admitted, the call holds a slot of {@link #slots(String)} and one of the node's in-flight
   * count; {@link #releaseSlot} gives both back.
   */
  Admission tryAdmit(@Nullable String model) {
    Slots s = slots(model);
    if (s.inFlight.get() >= s.limit.current()) {
      return Admission.AT_LIMIT;
    }
    if (!breaker.tryAcquirePermission()) {
      notPermitted.increment();
      // Half-open with every probe taken: the probes will decide soon, and a call may wait for
      // them like for a slot (a node back from a restart is probed by the calls it is given).
      return breaker.getState() == CircuitBreaker.State.HALF_OPEN
          ? Admission.AT_LIMIT
          : Admission.BREAKER_OPEN;
    }
    if (!s.tryAcquire()) {
      breaker.releasePermission();
      return Admission.AT_LIMIT;
    }
    handle.incrementInFlight();
    return Admission.ADMITTED;
  }

  /** Gives back a slot taken by {@link #tryAdmit}. */
  void releaseSlot(@Nullable String model) {
    try {
      slots(model).inFlight.decrementAndGet();
    } finally {
      handle.decrementInFlight();
    }
  }

  enum Admission {
    ADMITTED,
    BREAKER_OPEN,
    AT_LIMIT
  }

  /** The first token arrived (or, for unary calls, the answer): judge the node on this time. */
  void recordFirstToken(long ttftNanos) {
    breaker.onSuccess(ttftNanos, TimeUnit.NANOSECONDS);
    consecutiveConnectFailures.set(0);
    errorRate = errorRate * (1 - ALPHA);
  }

  /** A call completed; learn from Ollama's timings. */
  void recordCompletion(
      @Nullable String model, Timings t, long ttftNanos, long durationNanos, int inFlightAtStart) {
    slots(model)
        .limit
        .onSuccess(
            t.slotWaitNanos(),
            t.totalDuration() > 0 ? t.totalDuration() : durationNanos,
            inFlightAtStart);
    if (model != null) {
      stats.computeIfAbsent(model, k -> new StatsEwma()).add(t, ttftNanos);
    }
  }

  /** A call for {@code model} failed on this node. */
  void recordFailure(
      @Nullable String model, OllamaException e, long elapsedNanos, boolean breakerPending) {
    if (e.kind() == Kind.SERVER_BUSY) {
      lastBusyNanos = ticker.getAsLong();
      slots(model).limit.onBusy();
      if (breakerPending) {
        breaker.releasePermission();
      }
      return;
    }
    if (!countsAsFailure(e)) {
      if (breakerPending) {
        breaker.releasePermission();
      }
      return;
    }
    errorRate = errorRate * (1 - ALPHA) + ALPHA;
    if (breakerPending) {
      breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, e);
    }
    boolean connectFailure =
        e instanceof OllamaTransportException te && !te.requestSent() && e.kind() != Kind.TLS;
    if (connectFailure) {
      if (consecutiveConnectFailures.incrementAndGet() >= consecutiveConnectFailuresToOpen
          && breaker.getState() == CircuitBreaker.State.CLOSED) {
        breaker.transitionToOpenState();
      }
    } else {
      consecutiveConnectFailures.set(0);
    }
  }

  /** The caller gave up; the node is not to blame. */
  void recordCanceled(boolean breakerPending) {
    if (breakerPending) {
      breaker.releasePermission();
    }
  }

  /** Forgets that the node has {@code model} until its inventory is read again. */
  void markModelMissing(String model) {
    stats.remove(model);
  }

  private static final class StatsEwma {
    /** Per completed call, so that a node that got faster is believed within ~100 calls. */
    private static final double PREFILL_DECAY = 0.98;

    private double coldPrefillNanosPerToken;
    private double prefill;
    private double decode;
    private double load;
    private double ttft;
    private double outputTokens;
    private long samples;

    /**
     * What {@link #snapshot} returns: rebuilt once per completed call, so that ranking (every
     * candidate of every call) reads it without taking the lock {@link #add} holds.
     */
    private volatile ModelStats snapshot = ModelStats.NONE;

    synchronized void add(Timings t, long ttftNanos) {
      samples++;
      if (t.promptEvalCount() > 0 && t.promptEvalDuration() > 0) {
        // prompt_eval_count includes cached tokens while the duration covers only uncached ones,
        // so a cache hit looks like a fast prefill. Uncached prompts cost the most per token:
        // track a slowly decaying maximum of the per-token time.
        double perToken = (double) t.promptEvalDuration() / t.promptEvalCount();
        coldPrefillNanosPerToken = Math.max(perToken, coldPrefillNanosPerToken * PREFILL_DECAY);
        prefill = 1e9 / coldPrefillNanosPerToken;
      }
      if (t.evalCount() > 0 && t.evalDuration() > 0) {
        decode = ewma(decode, t.evalCount() * 1e9 / t.evalDuration());
        outputTokens = ewma(outputTokens, t.evalCount());
      }
      if (t.loadDuration() > 100_000_000L) {
        load = ewma(load, t.loadDuration() / 1e6);
      }
      if (ttftNanos > 0) {
        ttft = ewma(ttft, ttftNanos / 1e6);
      }
      snapshot = new ModelStats(prefill, decode, load, ttft, outputTokens, samples);
    }

    ModelStats snapshot() {
      return snapshot;
    }

    private static double ewma(double old, double sample) {
      return old == 0 ? sample : old * (1 - ALPHA) + sample * ALPHA;
    }
  }
}
