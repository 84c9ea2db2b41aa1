package io.ollamalan.observability;

import static io.ollamalan.observability.Fixtures.MODEL;
import static io.ollamalan.observability.Fixtures.chat;
import static io.ollamalan.observability.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OllamaMetricsTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private FakeOllamaNode node() {
    FakeOllamaNode n = Fixtures.node();
    closeables.add(n);
    return n;
  }

  private OllamaClient client(
      OllamaMetrics metrics, RoutingConfig routing, int maxAttempts, String... urls) {
    OllamaClient c =
        OllamaClient.builder()
            .healthChecksEnabled(false)
            .nodes(urls)
            .routing(routing)
            .maxAttempts(maxAttempts)
            .listener(metrics)
            .build();
    closeables.add(c);
    metrics.bindTo(c);
    closeables.add(metrics);
    return c;
  }

  private OllamaClient client(OllamaMetrics metrics, String... urls) {
    return client(metrics, RoutingConfig.defaults(), 3, urls);
  }

  @Test
  void chatRecordsLatencyTokensAndThroughputByNodeModelOperationAndOutcome() {
    FakeOllamaNode node = node();
    OllamaClient client = client(OllamaMetrics.create(registry), node.baseUrl());

    ChatResponse r = client.chat(chat("Why is the sky blue?"));

    Timer latency =
        registry
            .get(OllamaMetrics.REQUEST_LATENCY)
            .tags("node", id(node), "model", MODEL, "operation", "chat", "outcome", "success")
            .timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(
            registry
                .get(OllamaMetrics.TOKENS)
                .tags("type", "prompt", "node", id(node))
                .counter()
                .count())
        .isEqualTo(r.promptEvalCount());
    assertThat(
            registry
                .get(OllamaMetrics.TOKENS)
                .tags("type", "completion", "model", MODEL)
                .counter()
                .count())
        .isEqualTo(r.evalCount());
    assertThat(
            registry
                .get(OllamaMetrics.TOKENS_PER_SECOND)
                .tags("node", id(node), "model", MODEL)
                .summary()
                .mean())
        .isCloseTo(
            r.evalCount() * 1e9 / r.evalDuration(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(registry.find(OllamaMetrics.REQUEST_TTFT).timers())
        .as("no first token of a call that did not stream")
        .isEmpty();
  }

  @Test
  void modelTagIsNormalized() {
    FakeOllamaNode node = node();
    OllamaClient client = client(OllamaMetrics.create(registry), node.baseUrl());

    client.chat(io.ollamalan.model.ChatRequest.builder("LLaMA3.2").user("hi").build());

    assertThat(registry.get(OllamaMetrics.REQUEST_LATENCY).tag("model", MODEL).timer().count())
        .isEqualTo(1);
  }

  @Test
  void streamedChatRecordsTimeToFirstToken() {
    FakeOllamaNode node = node();
    OllamaClient client = client(OllamaMetrics.create(registry), node.baseUrl());

    try (ResponseStream<ChatResponse> s = client.chatStream(chat("Count to ten"))) {
      s.forEachRemaining(c -> {});
    }

    Timer ttft =
        registry
            .get(OllamaMetrics.REQUEST_TTFT)
            .tags("node", id(node), "model", MODEL, "operation", "chat")
            .timer();
    assertThat(ttft.count()).isEqualTo(1);
    Timer latency = registry.get(OllamaMetrics.REQUEST_LATENCY).tag("outcome", "success").timer();
    assertThat(ttft.totalTime(TimeUnit.NANOSECONDS))
        .isLessThanOrEqualTo(latency.totalTime(TimeUnit.NANOSECONDS));
  }

  @Test
  void busyNodeIsRecordedWithTheServerBusyOutcome() {
    FakeOllamaNode node = node();
    OllamaClient client =
        client(OllamaMetrics.create(registry), RoutingConfig.defaults(), 1, node.baseUrl());
    node.faults().add(Fault.busy());

    assertThatThrownBy(() -> client.chat(chat("hi")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.SERVER_BUSY));

    assertThat(
            registry
                .get(OllamaMetrics.REQUEST_LATENCY)
                .tags("node", id(node), "operation", "chat", "outcome", "server_busy")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.find(OllamaMetrics.REQUEST_LATENCY).tag("outcome", "success").timer())
        .isNull();
    assertThat(registry.find(OllamaMetrics.TOKENS).counters()).isEmpty();
  }

  @Test
  void callToADownNodeCountsARetryThereAndAFailoverToTheNextNode() {
    FakeOllamaNode down = node();
    FakeOllamaNode up = node();
    String downId = id(down);
    down.stop();
    RoutingConfig routing =
        RoutingConfig.builder().balancer(() -> Fixtures.preferring(downId, id(up))).build();
    OllamaClient client =
        client(OllamaMetrics.create(registry), routing, 3, down.baseUrl(), up.baseUrl());

    client.chat(chat("hi"));

    assertThat(
            registry
                .get(OllamaMetrics.RETRIES)
                .tags("node", downId, "operation", "chat", "outcome", "transport")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(OllamaMetrics.FAILOVERS)
                .tags("node", id(up), "operation", "chat")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(OllamaMetrics.REQUEST_LATENCY)
                .tags("node", id(up), "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.find(OllamaMetrics.HEDGES).counters()).isEmpty();
  }

  @Test
  void lateFirstTokenCountsAHedgeOnTheSecondNode() {
    FakeOllamaNode slow = node();
    FakeOllamaNode fast = node();
    slow.faults().add(Fault.latency(Duration.ofSeconds(2)));
    RoutingConfig routing =
        RoutingConfig.builder()
            .balancer(() -> Fixtures.preferring(id(slow), id(fast)))
            .hedgeAfter(Duration.ofMillis(20))
            .build();
    OllamaClient client =
        client(OllamaMetrics.create(registry), routing, 3, slow.baseUrl(), fast.baseUrl());

    try (ResponseStream<ChatResponse> s = client.chatStream(chat("hi"))) {
      s.forEachRemaining(c -> {});
    }

    assertThat(
            registry
                .get(OllamaMetrics.HEDGES)
                .tags("node", id(fast), "operation", "chat")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.find(OllamaMetrics.FAILOVERS).counters()).isEmpty();
  }

  @Test
  void gaugesShowStateInFlightLimitPoolAndBreakerPerNode() {
    FakeOllamaNode node = node();
    // A fixed limit: the gauge must show the configured value, whatever the node's timings were.
    RoutingConfig routing =
        RoutingConfig.builder().initialConcurrency(5).adaptiveConcurrency(false).build();
    OllamaClient client = client(OllamaMetrics.create(registry), routing, 3, node.baseUrl());
    String n = id(node);

    assertThat(gauge(OllamaMetrics.NODE_STATE, "node", n, "state", "unknown")).isEqualTo(1);
    assertThat(gauge(OllamaMetrics.NODE_STATE, "node", n, "state", "down")).isZero();
    assertThat(gauge(OllamaMetrics.QUEUE_DEPTH)).isZero();

    try (ResponseStream<ChatResponse> s = client.chatStream(chat("hi"))) {
      assertThat(gauge(OllamaMetrics.NODE_INFLIGHT, "node", n)).isEqualTo(1);
      assertThat(gauge(OllamaMetrics.POOL_CONNECTIONS, "node", n, "state", "active")).isEqualTo(1);
      s.forEachRemaining(c -> {});
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(gauge(OllamaMetrics.NODE_INFLIGHT, "node", n)).isZero();
              assertThat(gauge(OllamaMetrics.POOL_CONNECTIONS, "node", n, "state", "active"))
                  .isZero();
            });
    assertThat(gauge(OllamaMetrics.POOL_CONNECTIONS, "node", n, "state", "idle")).isEqualTo(1);
    assertThat(gauge(OllamaMetrics.NODE_CONCURRENCY_LIMIT, "node", n)).isEqualTo(5);
    assertThat(gauge("resilience4j.circuitbreaker.state", "name", n, "state", "closed"))
        .isEqualTo(1);
    assertThat(gauge("resilience4j.circuitbreaker.state", "name", n, "state", "open")).isZero();
    assertThat(gauge("resilience4j.circuitbreaker.buffered.calls", "name", n, "kind", "successful"))
        .isEqualTo(1);
    assertThat(gauge("resilience4j.circuitbreaker.buffered.calls", "name", n, "kind", "failed"))
        .isZero();
    // Below the breaker's minimum number of calls Resilience4j reports no rate yet.
    assertThat(gauge("resilience4j.circuitbreaker.failure.rate", "name", n)).isEqualTo(-1);
  }

  @Test
  void breakerMetricsCountRefusedCallsWithoutAnEventPerCall() {
    FakeOllamaNode down = node();
    String n = id(down);
    OllamaClient client = clientOfStoppedNode(down);

    assertThatThrownBy(() -> client.chat(chat("hi")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.TRANSPORT));
    assertThatThrownBy(() -> client.chat(chat("hi")))
        .isInstanceOf(io.ollamalan.NoNodeAvailableException.class);

    assertThat(gauge("resilience4j.circuitbreaker.state", "name", n, "state", "open")).isEqualTo(1);
    assertThat(gauge("resilience4j.circuitbreaker.buffered.calls", "name", n, "kind", "failed"))
        .isEqualTo(1);
    assertThat(notPermitted(n)).isEqualTo(1);
    // An event consumer would make the breaker build a time-stamped event for every call.
    io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
        io.ollamalan.internal.observability.ClientInternals.of(client).nodes().get(0).breaker();
    assertThat(((io.github.resilience4j.core.EventProcessor<?>) breaker.getEventPublisher()))
        .returns(false, io.github.resilience4j.core.EventProcessor::hasConsumers);
  }

  @Test
  void breakerMetricsKeepCountingAfterAGarbageCollection() {
    FakeOllamaNode down = node();
    String n = id(down);
    OllamaClient client = clientOfStoppedNode(down);
    // The breaker's meters are bound at the first call, when the node's breaker exists.
    assertThatThrownBy(() -> client.chat(chat("hi"))).isInstanceOf(OllamaException.class);

    // Micrometer holds the objects its gauges and function counters read only weakly.
    collectGarbage();
    assertThatThrownBy(() -> client.chat(chat("hi")))
        .isInstanceOf(io.ollamalan.NoNodeAvailableException.class);

    assertThat(gauge("resilience4j.circuitbreaker.state", "name", n, "state", "open")).isEqualTo(1);
    assertThat(notPermitted(n)).isEqualTo(1);
  }

  /**
   * A client of {@code node}, stopped, with metrics bound and a breaker that opens at the first
   * connect failure; one attempt per call.
   */
  private OllamaClient clientOfStoppedNode(FakeOllamaNode node) {
    node.stop();
    RoutingConfig routing = RoutingConfig.builder().consecutiveConnectFailures(1).build();
    return client(OllamaMetrics.create(registry), routing, 1, node.baseUrl());
  }

  private double notPermitted(String node) {
    return registry
        .get("resilience4j.circuitbreaker.not.permitted.calls")
        .tags("name", node, "kind", "not_permitted")
        .functionCounter()
        .count();
  }

  /** Runs the collector until it has cleared a weakly held object. */
  private static void collectGarbage() {
    java.lang.ref.WeakReference<Object> probe = new java.lang.ref.WeakReference<>(new Object());
    for (int i = 0; i < 50 && probe.get() != null; i++) {
      System.gc();
    }
    assertThat(probe.get()).as("a collection cleared weak references").isNull();
  }

  @Test
  void queueDepthCountsCallsWaitingForAdmission() throws Exception {
    FakeOllamaNode node = node();
    RoutingConfig routing =
        RoutingConfig.builder()
            .initialConcurrency(1)
            .maxConcurrency(1)
            .adaptiveConcurrency(false)
            .build();
    OllamaClient client = client(OllamaMetrics.create(registry), routing, 3, node.baseUrl());

    CompletableFuture<ChatResponse> queued;
    try (ResponseStream<ChatResponse> s = client.chatStream(chat("hold the only slot"))) {
      assertThat(s.nodeId()).isEqualTo(id(node));
      queued = client.chatAsync(chat("wait for it"));
      await().atMost(Duration.ofSeconds(10)).until(() -> gauge(OllamaMetrics.QUEUE_DEPTH) == 1);
    }
    assertThat(queued.get(30, TimeUnit.SECONDS).done()).isTrue();

    assertThat(gauge(OllamaMetrics.QUEUE_DEPTH)).isZero();
    Timer wait = registry.get(OllamaMetrics.QUEUE_WAIT).tag("operation", "chat").timer();
    assertThat(wait.count()).isEqualTo(1);
    assertThat(wait.totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void tagsCarryNeitherPrincipalsNorCredentials() {
    FakeOllamaNode node = node();
    OllamaClient client =
        client(OllamaMetrics.create(registry), "http://ops:s3cret@127.0.0.1:" + node.port());

    client
        .withOptions(CallOptions.DEFAULT.withPrincipal("alice@example.com"))
        .chat(chat("my secret prompt"));

    assertThat(registry.find(OllamaMetrics.REQUEST_LATENCY).timer()).isNotNull();
    for (Meter m : registry.getMeters()) {
      for (Tag t : m.getId().getTags()) {
        assertThat(t.getValue())
            .as("%s %s", m.getId().getName(), t.getKey())
            .doesNotContain("s3cret", "ops:", "alice", "secret prompt");
      }
    }
  }

  @Test
  void commonTagIsOnEveryOllamaMeter() {
    FakeOllamaNode node = node();
    OllamaClient client =
        client(OllamaMetrics.builder(registry).tag("client", "search").build(), node.baseUrl());

    client.chat(chat("hi"));

    List<Meter> ours =
        registry.getMeters().stream()
            .filter(m -> m.getId().getName().startsWith("ollama."))
            .toList();
    assertThat(ours)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.getId().getTag("client")).isEqualTo("search"));
  }

  @Test
  void closeRemovesTheGaugesAndBindingTwiceFails() {
    FakeOllamaNode node = node();
    OllamaMetrics metrics = OllamaMetrics.create(registry);
    OllamaClient client = client(metrics, node.baseUrl());
    client.chat(chat("hi"));

    assertThatThrownBy(() -> metrics.bindTo(client)).isInstanceOf(IllegalStateException.class);
    metrics.close();

    assertThat(registry.find(OllamaMetrics.NODE_INFLIGHT).gauges()).isEmpty();
    assertThat(registry.find(OllamaMetrics.QUEUE_DEPTH).gauges()).isEmpty();
    assertThat(registry.find("resilience4j.circuitbreaker.state").gauges()).isEmpty();
    assertThat(registry.find(OllamaMetrics.REQUEST_LATENCY).timer()).isNotNull();
  }

  @Test
  void gaugesFollowNodesThatJoinAndLeaveTheFleet() {
    FakeOllamaNode a = node();
    FakeOllamaNode b = node();
    MutableSource source = new MutableSource();
    OllamaMetrics metrics = OllamaMetrics.create(registry);
    OllamaClient client =
        OllamaClient.builder()
            .healthChecksEnabled(false)
            .nodeSource(source)
            .listener(metrics)
            .build();
    closeables.add(client);
    closeables.add(metrics.bindTo(client));
    source.set(a);

    assertThat(gauge(OllamaMetrics.NODE_INFLIGHT, "node", id(a))).isZero();
    assertThat(registry.find(OllamaMetrics.NODE_INFLIGHT).tag("node", id(b)).gauge()).isNull();
    client.chat(chat("hi"));
    assertThat(registry.find("resilience4j.circuitbreaker.state").tag("name", id(a)).gauges())
        .isNotEmpty();

    source.set(b);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(registry.find(OllamaMetrics.NODE_INFLIGHT).tag("node", id(a)).gauge())
                  .isNull();
              assertThat(
                      registry
                          .find("resilience4j.circuitbreaker.state")
                          .tag("name", id(a))
                          .gauges())
                  .isEmpty();
            });
    assertThat(gauge(OllamaMetrics.NODE_STATE, "node", id(b), "state", "unknown")).isEqualTo(1);
  }

  /** A discovery source the test moves from node to node. */
  private static final class MutableSource implements io.ollamalan.discovery.NodeSource {
    private volatile Listener listener;

    @Override
    public String name() {
      return "test";
    }

    @Override
    public void start(Listener listener) {
      this.listener = listener;
      listener.nodesChanged(this, java.util.Set.of());
    }

    void set(FakeOllamaNode node) {
      listener.nodesChanged(this, java.util.Set.of(io.ollamalan.Node.of(node.baseUrl())));
    }

    @Override
    public void close() {}
  }

  @Test
  void builderRejectsPercentilesOutsideZeroToOne() {
    assertThatThrownBy(() -> OllamaMetrics.builder(registry).percentiles(0.5, 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 1");
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }
}
