package io.ollamalan.internal.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.ollamalan.FleetEvent;
import io.ollamalan.FleetListener;
import io.ollamalan.NodeState;
import io.ollamalan.internal.observability.ClientInternals.NodeGauges;
import io.ollamalan.observability.OllamaMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Registers the gauges of one client: the admission queue, and per node its state, load, limit,
 * connection pool and circuit breaker. Nodes come and go with discovery, and a node's breaker only
 * exists once the client first routed a call, so the gauges follow the fleet: {@link #refresh()}
 * runs on fleet events and whenever a call goes to a node not bound yet.
 */
public final class NodeMeterBinder implements FleetListener, AutoCloseable {
  static final String BREAKER_STATE = "resilience4j.circuitbreaker.state";
  static final String BREAKER_FAILURE_RATE = "resilience4j.circuitbreaker.failure.rate";
  static final String BREAKER_SLOW_CALL_RATE = "resilience4j.circuitbreaker.slow.call.rate";
  static final String BREAKER_BUFFERED_CALLS = "resilience4j.circuitbreaker.buffered.calls";
  static final String BREAKER_SLOW_CALLS = "resilience4j.circuitbreaker.slow.calls";
  static final String BREAKER_NOT_PERMITTED = "resilience4j.circuitbreaker.not.permitted.calls";

  private final ClientInternals client;
  private final MeterRegistry registry;
  private final Tags commonTags;
  private final Map<String, Bound> bound = new HashMap<>();
  private final List<Meter> clientMeters = new ArrayList<>();
  private volatile Set<String> withBreaker = Set.of();
  private boolean closed;

  public NodeMeterBinder(ClientInternals client, MeterRegistry registry, Tags commonTags) {
    this.client = client;
    this.registry = registry;
    this.commonTags = commonTags;
  }

  /** Registers the client-wide gauges and those of every node, then follows the fleet. */
  public synchronized void start() {
    clientMeters.add(
        Gauge.builder(OllamaMetrics.QUEUE_DEPTH, client, ClientInternals::queued)
            .description("Calls waiting for a node to admit them (every candidate at its limit)")
            .tags(commonTags)
            .register(registry));
    client.addFleetListener(this);
    refresh();
  }

  /** Whether the node's breaker is bound; cheap, for the hot path. */
  public boolean breakerBound(String nodeId) {
    return withBreaker.contains(nodeId);
  }

  @Override
  public void onFleetEvent(FleetEvent event) {
    refresh();
  }

  /** Binds nodes and breakers that appeared, unbinds nodes that left. */
  public synchronized void refresh() {
    if (closed) {
      return;
    }
    Set<String> present = new HashSet<>();
    for (NodeGauges n : client.nodes()) {
      present.add(n.id());
      Bound b = bound.get(n.id());
      if (b != null && !b.node.sameNodeAs(n)) {
        unbind(b);
        b = null;
      }
      if (b == null) {
        b = bind(n);
        bound.put(n.id(), b);
      }
      if (b.breaker == null) {
        CircuitBreaker cb = n.breaker();
        if (cb != null) {
          // The node's first gauges object, which this binder holds: Micrometer holds the
          // object a meter reads only weakly, and this refresh's copy would soon be collected.
          b.breakerMeters = bindBreaker(b.node, cb);
          b.breaker = cb;
        }
      }
    }
    bound
        .values()
        .removeIf(
            b -> {
              if (present.contains(b.node.id())) {
                return false;
              }
              unbind(b);
              return true;
            });
    Set<String> ids = new HashSet<>();
    bound.forEach(
        (id, b) -> {
          if (b.breaker != null) {
            ids.add(id);
          }
        });
    withBreaker = Set.copyOf(ids);
  }

  private Bound bind(NodeGauges n) {
    Tags tags = commonTags.and(OllamaMetrics.NODE, n.id());
    List<Meter> meters = new ArrayList<>();
    for (NodeState s : NodeState.values()) {
      meters.add(
          Gauge.builder(OllamaMetrics.NODE_STATE, n, g -> g.state() == s ? 1 : 0)
              .description("1 for the node's current health state, 0 for the others")
              .tags(tags.and("state", s.name().toLowerCase(Locale.ROOT)))
              .register(registry));
    }
    meters.add(
        Gauge.builder(OllamaMetrics.NODE_INFLIGHT, n, NodeGauges::inFlight)
            .description("Calls this client has in flight to the node")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(OllamaMetrics.NODE_CONCURRENCY_LIMIT, n, NodeGauges::concurrencyLimit)
            .description("Calls the client admits to the node at once now (adaptive)")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(OllamaMetrics.NODE_MODELS_LOADED, n, NodeGauges::loadedModels)
            .description("Models the node reported in memory at its last inventory check")
            .tags(tags)
            .register(registry));
    meters.add(
        TimeGauge.builder(
                OllamaMetrics.NODE_HEALTH_LATENCY,
                n,
                TimeUnit.NANOSECONDS,
                g -> g.healthCheckLatency().toNanos())
            .description("Moving average of the node's health-check round trips, 0 until known")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(OllamaMetrics.POOL_CONNECTIONS, n, NodeGauges::idleConnections)
            .description("Pooled HTTP connections to the node, by state")
            .tags(tags.and("state", "idle"))
            .register(registry));
    meters.add(
        Gauge.builder(
                OllamaMetrics.POOL_CONNECTIONS,
                n,
                g -> Math.max(0, g.connections() - g.idleConnections()))
            .description("Pooled HTTP connections to the node, by state")
            .tags(tags.and("state", "active"))
            .register(registry));
    return new Bound(n, meters);
  }

  /**
   * The breaker's gauges under Resilience4j's own names and tags ({@code name} is the node id),
   * read from the breaker when scraped. Resilience4j's Micrometer module would also time every call
   * through an event consumer, and a breaker with any consumer builds a time-stamped event for
   * every call it sees: that per-call cost is left out, {@link OllamaMetrics#REQUEST_LATENCY}
   * already times each call by node and outcome.
   */
  /** A count from the breaker's window, tagged with the calls' {@code kind}. */
  private Gauge windowGauge(
      String name,
      String description,
      Tags tags,
      String kind,
      CircuitBreaker cb,
      java.util.function.ToIntFunction<CircuitBreaker.Metrics> count) {
    return Gauge.builder(name, cb, c -> count.applyAsInt(c.getMetrics()))
        .description(description)
        .tags(tags.and("kind", kind))
        .register(registry);
  }

  private List<Meter> bindBreaker(NodeGauges n, CircuitBreaker cb) {
    Tags tags = commonTags.and("name", n.id());
    List<Meter> meters = new ArrayList<>();
    for (CircuitBreaker.State s : CircuitBreaker.State.values()) {
      meters.add(
          Gauge.builder(BREAKER_STATE, cb, c -> c.getState() == s ? 1 : 0)
              .description("1 for the breaker's current state, 0 for the others")
              .tags(tags.and("state", s.name().toLowerCase(Locale.ROOT)))
              .register(registry));
    }
    meters.add(
        Gauge.builder(BREAKER_FAILURE_RATE, cb, c -> c.getMetrics().getFailureRate())
            .description(
                "Failed calls in the breaker's window, percent; -1 until it saw enough calls")
            .tags(tags)
            .register(registry));
    meters.add(
        Gauge.builder(BREAKER_SLOW_CALL_RATE, cb, c -> c.getMetrics().getSlowCallRate())
            .description(
                "Slow calls in the breaker's window, percent; -1 until it saw enough calls")
            .tags(tags)
            .register(registry));
    String buffered = "Calls in the breaker's window, by outcome";
    String slow = "Slow calls in the breaker's window, by outcome";
    meters.add(
        windowGauge(
            BREAKER_BUFFERED_CALLS,
            buffered,
            tags,
            "failed",
            cb,
            CircuitBreaker.Metrics::getNumberOfFailedCalls));
    meters.add(
        windowGauge(
            BREAKER_BUFFERED_CALLS,
            buffered,
            tags,
            "successful",
            cb,
            CircuitBreaker.Metrics::getNumberOfSuccessfulCalls));
    meters.add(
        windowGauge(
            BREAKER_SLOW_CALLS,
            slow,
            tags,
            "failed",
            cb,
            CircuitBreaker.Metrics::getNumberOfSlowFailedCalls));
    meters.add(
        windowGauge(
            BREAKER_SLOW_CALLS,
            slow,
            tags,
            "successful",
            cb,
            CircuitBreaker.Metrics::getNumberOfSlowSuccessfulCalls));
    meters.add(
        FunctionCounter.builder(BREAKER_NOT_PERMITTED, n, NodeGauges::notPermittedCalls)
            .description("Calls the breaker refused (open, or half-open with every probe taken)")
            .tags(tags.and("kind", "not_permitted"))
            .register(registry));
    return meters;
  }

  private void unbind(Bound b) {
    for (Meter m : b.meters) {
      registry.remove(m);
    }
    for (Meter m : b.breakerMeters) {
      registry.remove(m);
    }
  }

  /** Removes every gauge this binder registered and stops following the fleet. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.removeFleetListener(this);
    for (Meter m : clientMeters) {
      registry.remove(m);
    }
    clientMeters.clear();
    bound.values().forEach(this::unbind);
    bound.clear();
    withBreaker = Set.of();
  }

  private static final class Bound {
    final NodeGauges node;
    final List<Meter> meters;
    @Nullable CircuitBreaker breaker;
    List<Meter> breakerMeters = List.of();

    Bound(NodeGauges node, List<Meter> meters) {
      this.node = node;
      this.meters = meters;
    }
  }
}
