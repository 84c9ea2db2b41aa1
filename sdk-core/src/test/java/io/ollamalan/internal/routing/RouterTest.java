package io.ollamalan.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ollamalan.CallRecord;
import io.ollamalan.NoNodeAvailableException;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.ResponseStream;
import io.ollamalan.TestClients;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.internal.ConnectionLeaks;
import io.ollamalan.internal.HttpFleetClient;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Options;
import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Balancers;
import io.ollamalan.routing.Choice;
import io.ollamalan.routing.NodeView;
import io.ollamalan.routing.RouteRequest;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.routing.RoutingDecision;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import io.ollamalan.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failover, admission, breakers, budgets and hedging against real fake nodes. */
@Timeout(90)
class RouterTest {
  static final String MODEL = "llama3.2:latest";
  final RecordingListener events = new RecordingListener();
  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  FakeFleet fleet(int n, double tokensPerSecond, int replyTokens) {
    FakeFleet f =
        FakeFleet.startIndexed(
            n,
            0,
            (i, b) ->
                b.model(FakeModel.chat(MODEL).replyTokens(replyTokens))
                    .loaded(MODEL)
                    .tokensPerSecond(tokensPerSecond));
    closeables.add(f);
    return f;
  }

  /** Without health checks: these tests drive node state through traffic and faults alone. */
  OllamaClient client(FakeFleet fleet, RoutingConfig routing) {
    OllamaClient c =
        OllamaClient.builder()
            .nodes(fleet.baseUrls().toArray(String[]::new))
            .routing(routing)
            .listener(events)
            .healthChecksEnabled(false)
            .build();
    closeables.add(c);
    return c;
  }

  static ChatRequest chat(String text) {
    return ChatRequest.builder(MODEL)
        .user(text)
        .options(Options.builder().numPredict(4).build())
        .build();
  }

  @Test
  void killingOneOfThreeNodesUnderLoadLosesNoRequest() throws Exception {
    FakeFleet fleet = fleet(3, 0, 4);
    // One health check per node, at start, to bring the nodes UP; none after it. A check meeting
    // the stopped node first would take it out of rotation before any call met it, and the
    // node's DOWN state must come from the calls.
    Duration never = Duration.ofHours(1);
    OllamaClient client =
        OllamaClient.builder()
            .nodes(fleet.baseUrls().toArray(String[]::new))
            .routing(RoutingConfig.builder().balancer(Balancers::roundRobin).build())
            .healthChecks(
                HealthCheckConfig.builder()
                    .interval(never)
                    .tagsInterval(never)
                    .successesToUp(1)
                    .build())
            .listener(events)
            .build();
    closeables.add(client);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.fleet().nodes().stream().filter(n -> n.state() == NodeState.UP).count()
                    == 3);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      AtomicLong done = new AtomicLong();
      List<Future<ChatResponse>> results = new ArrayList<>();
      Runnable submit200 =
          () -> {
            for (int i = 0; i < 200; i++) {
              String text = "request " + results.size();
              results.add(
                  pool.submit(
                      () -> {
                        ChatResponse r = client.chat(chat(text));
                        done.incrementAndGet();
                        return r;
                      }));
            }
          };
      submit200.run();
      await().atMost(Duration.ofSeconds(30)).until(() -> done.get() >= 100);
      fleet.node(1).stop();
      // Half the calls are submitted after the kill, so that however fast the machine is, some
      // are routed to the dead node.
      submit200.run();
      for (Future<ChatResponse> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS).done()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(events.calls).hasSize(400).allMatch(CallRecord::succeeded);
    // Calls that were routed to the dead node were answered elsewhere.
    String dead = fleet.baseUrls().get(1);
    assertThat(events.calls)
        .filteredOn(c -> c.attempts() > 1)
        .isNotEmpty()
        .allMatch(c -> !c.nodeId().equals(dead));
    ConnectionLeaks.assertNoneLeaked(client);
    // Real traffic told the fleet the node is down, without waiting for a health check.
    assertThat(client.fleet().node(dead).orElseThrow().state()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void aFlappingNodeLosesNoRequest() throws Exception {
    // 20 ms answers, so that the flapping overlaps the calls whatever the machine's speed.
    FakeFleet fleet = fleet(3, 200, 4);
    OllamaClient client =
        client(fleet, RoutingConfig.builder().balancer(Balancers::roundRobin).build());
    AtomicBoolean flapping = new AtomicBoolean(true);
    AtomicLong done = new AtomicLong();
    Thread flapper =
        new Thread(
            () -> {
              FakeOllamaNode n = fleet.node(2);
              for (int i = 0; i < 40 && flapping.get(); i++) {
                if (n.isRunning()) {
                  n.stop();
                } else {
                  n.start();
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<ChatResponse>> results = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String text = "flap " + i;
        results.add(
            pool.submit(
                () -> {
                  ChatResponse r = client.chat(chat(text));
                  done.incrementAndGet();
                  return r;
                }));
      }
      // Start flapping once the node has answered some calls, with most calls still to come.
      await().atMost(Duration.ofSeconds(30)).until(() -> done.get() >= 30);
      flapper.start();
      for (Future<ChatResponse> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS).done()).isTrue();
      }
    } finally {
      flapping.set(false);
      flapper.join(5000);
      pool.shutdownNow();
    }
    assertThat(events.calls).hasSize(300).allMatch(CallRecord::succeeded);
    // The flapping node was met: some attempts reached it and failed over, and it answered some.
    String flappy = fleet.baseUrls().get(2);
    assertThat(events.failedAttempts).anyMatch(e -> flappy.equals(e.nodeId()));
    assertThat(events.calls).anyMatch(c -> c.attempts() > 1);
    assertThat(fleet.node(2).recordedRequests()).isNotEmpty();
  }

  @Test
  void a503StormMovesCallsElsewhereWithoutOpeningTheBreaker() {
    FakeFleet fleet = fleet(3, 0, 4);
    // Round-robin keeps sending to the busy node, so half the calls need a retry: allow it.
    OllamaClient client =
        client(
            fleet,
            RoutingConfig.builder().balancer(Balancers::roundRobin).retryBudgetRatio(1).build());
    fleet.node(0).faults().add(Fault.busy().untilCleared());
    for (int i = 0; i < 60; i++) {
      assertThat(client.chat(chat("storm " + i)).done()).isTrue();
    }
    assertThat(events.failedAttempts).isNotEmpty().allMatch(e -> e.kind() == Kind.SERVER_BUSY);
    NodeStatus busy = client.fleet().node(fleet.baseUrls().get(0)).orElseThrow();
    assertThat(busy.breakerState()).isEqualTo("CLOSED");
    // The busy node's admission limit shrank: 503 is load, not failure.
    assertThat(busy.concurrencyLimit()).isLessThan(RoutingConfig.DEFAULT_INITIAL_CONCURRENCY);
  }

  @Test
  void theLlmAwareBalancerStopsSendingToANodeAnswering503() {
    FakeFleet fleet = fleet(3, 0, 4);
    OllamaClient client = client(fleet, RoutingConfig.defaults());
    fleet.node(0).faults().add(Fault.busy().untilCleared());
    for (int i = 0; i < 30; i++) {
      client.chat(chat("busy " + i));
    }
    long busyAnswers = events.failedAttempts.size();
    assertThat(busyAnswers).isLessThan(5);
  }

  @Test
  void theRetryBudgetBoundsRetriesDuringAStorm() {
    FakeFleet fleet = fleet(2, 0, 4);
    OllamaClient client =
        client(
            fleet,
            RoutingConfig.builder()
                .balancer(Balancers::roundRobin)
                .retryBudgetRatio(0.1)
                .minRetriesPerSecond(2)
                .build());
    fleet.node(0).faults().add(Fault.busy().untilCleared());
    int failed = 0;
    for (int i = 0; i < 40; i++) {
      try {
        client.chat(chat("s" + i));
      } catch (OllamaException e) {
        assertThat(e.kind()).isEqualTo(Kind.SERVER_BUSY);
        failed++;
      }
    }
    long retries = events.decisions.stream().filter(d -> d.attempt() > 1).count();
    // At most 2 per second plus 10 % of 40 calls: the storm is not doubled by retries.
    assertThat(retries).isLessThanOrEqualTo(2L * 3 + 4);
    assertThat(failed).isPositive();
  }

  @Test
  void aStreamThatDeliveredTokensEndsWithATypedErrorAndIsNotRetried() {
    FakeFleet fleet = fleet(2, 0, 20);
    OllamaClient client = client(fleet, RoutingConfig.defaults());
    for (FakeOllamaNode n : fleet.nodes()) {
      n.faults().add(Fault.resetAfterChunks(3));
    }
    List<ChatResponse> got = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (ResponseStream<ChatResponse> s =
                  client.chatStream(ChatRequest.builder(MODEL).user("x").build())) {
                s.forEachRemaining(got::add);
              }
            })
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> {
              assertThat(e.partialResponseDelivered()).isTrue();
              assertThat(e.isRetryableOnAnotherNode()).isFalse();
            });
    assertThat(got).hasSize(3);
    await().atMost(Duration.ofSeconds(5)).until(() -> events.calls.size() == 1);
    assertThat(events.calls.get(0).attempts()).isEqualTo(1);
    assertThat(events.calls.get(0).succeeded()).isFalse();
  }

  @Test
  void modelNotFoundOnANodeWithStaleInventoryIsTriedWhereTheModelIs() {
    FakeFleet fleet =
        FakeFleet.startIndexed(
            2,
            0,
            (i, b) -> {
              if (i == 1) {
                b.model(FakeModel.chat(MODEL)).loaded(MODEL);
              }
            });
    closeables.add(fleet);
    OllamaClient client =
        client(fleet, RoutingConfig.builder().balancer(Balancers::roundRobin).build());
    var core = ((HttpFleetClient) client).core();
    for (NodeHandle h : core.fleet().handles()) {
      core.fleet().setInventory(h, "0.33.0", Set.of(MODEL), List.of(), null);
    }
    for (int i = 0; i < 4; i++) {
      assertThat(client.chat(chat("where " + i)).done()).isTrue();
    }
    assertThat(events.failedAttempts).isNotEmpty().allMatch(e -> e.kind() == Kind.MODEL_NOT_FOUND);
    NodeStatus stale = client.fleet().node(fleet.baseUrls().get(0)).orElseThrow();
    assertThat(stale.installedModels()).doesNotContain(MODEL);
  }

  @Test
  void modelNotFoundEverywhereIsNotRetried() {
    FakeFleet fleet = fleet(2, 0, 4);
    OllamaClient client = client(fleet, RoutingConfig.defaults());
    assertThatThrownBy(() -> client.chat(ChatRequest.builder("missing:1b").user("x").build()))
        .isInstanceOfSatisfying(
            OllamaException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND));
    assertThat(events.decisions).hasSize(1);
  }

  /** A client that admits one call at a time to each node; the others wait up to {@code wait}. */
  private OllamaClient oneSlotClient(FakeFleet fleet, Duration wait) {
    return client(
        fleet,
        RoutingConfig.builder()
            .initialConcurrency(1)
            .adaptiveConcurrency(false)
            .maxQueueWait(wait)
            .build());
  }

  @Test
  void callsBeyondTheConcurrencyLimitWaitInTheClientQueue() throws Exception {
    FakeFleet fleet = fleet(1, 40, 20);
    OllamaClient client = oneSlotClient(fleet, RoutingConfig.DEFAULT_MAX_QUEUE_WAIT);
    ResponseStream<ChatResponse> first =
        client.chatStream(ChatRequest.builder(MODEL).user("first").build());
    CompletableFuture<ChatResponse> second = client.chatAsync(chat("second"));
    var router = ((HttpFleetClient) client).core().router();
    await().atMost(Duration.ofSeconds(5)).until(() -> router.queued() == 1);
    assertThat(second).isNotDone();
    try (first) {
      first.forEachRemaining(c -> {});
    }
    assertThat(second.get(10, TimeUnit.SECONDS).done()).isTrue();
    RoutingDecision d = events.decisions.get(events.decisions.size() - 1);
    assertThat(d.queuedNanos()).isPositive();
    assertThat(d.summary()).contains("queued");
  }

  @Test
  void aQueuedCallCanceledBehindAnotherLeavesTheQueueAtOnce() {
    FakeFleet fleet = fleet(1, 40, 20);
    OllamaClient client = oneSlotClient(fleet, Duration.ofMinutes(5));
    var router = ((HttpFleetClient) client).core().router();
    try (ResponseStream<ChatResponse> held =
        client.chatStream(ChatRequest.builder(MODEL).user("hold").build())) {
      CompletableFuture<ChatResponse> oldest = client.chatAsync(chat("oldest"));
      await().atMost(Duration.ofSeconds(10)).until(() -> router.queued() == 1);
      CompletableFuture<ChatResponse> behind = client.chatAsync(chat("behind"));
      await().atMost(Duration.ofSeconds(10)).until(() -> router.queued() == 2);
      behind.cancel(true);
      // Only the oldest waiter polls: the other one is woken by its cancellation, long before its
      // 5-minute limit.
      await().atMost(Duration.ofSeconds(20)).until(() -> router.queued() == 1);
      oldest.cancel(true);
      await().atMost(Duration.ofSeconds(20)).until(() -> router.queued() == 0);
    }
  }

  @Test
  void aCallThatWaitsTooLongForAdmissionFailsClearly() {
    FakeFleet fleet = fleet(1, 20, 200);
    OllamaClient client = oneSlotClient(fleet, Duration.ofMillis(100));
    try (ResponseStream<ChatResponse> held =
        client.chatStream(ChatRequest.builder(MODEL).user("hold").build())) {
      assertThatThrownBy(() -> client.chat(chat("late")))
          .isInstanceOfSatisfying(
              NoNodeAvailableException.class,
              e -> assertThat(e.getMessage()).contains("waited", "at limit", "maxQueueWait"));
    }
  }

  @Test
  void withoutRetryBudgetACallDoesNotFailOver() {
    FakeFleet fleet = fleet(2, 0, 4);
    OllamaClient client =
        client(
            fleet,
            RoutingConfig.builder()
                .balancer(Balancers::roundRobin)
                .retryBudgetRatio(0)
                .minRetriesPerSecond(0)
                .build());
    fleet.node(0).stop();
    int failures = 0;
    for (int i = 0; i < 4; i++) {
      try {
        client.chat(chat("b" + i));
      } catch (OllamaException e) {
        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        failures++;
      }
    }
    assertThat(failures).isPositive();
  }

  @Test
  void consecutiveConnectFailuresOpenTheBreakerAndAProbeClosesItAgain() {
    FakeFleet fleet = fleet(2, 0, 4);
    TestClock clock = new TestClock();
    OllamaClient client =
        TestClients.withClock(
                OllamaClient.builder()
                    .nodes(fleet.baseUrls().toArray(String[]::new))
                    .routing(
                        RoutingConfig.builder()
                            .balancer(Balancers::roundRobin)
                            .breakerOpenDuration(Duration.ofSeconds(15))
                            .build())
                    .listener(events)
                    .healthChecksEnabled(false),
                clock,
                System::nanoTime)
            .build();
    closeables.add(client);
    String down = fleet.baseUrls().get(0);
    fleet.node(0).stop();
    for (int i = 0; i < 12; i++) {
      assertThat(client.chat(chat("c" + i)).done()).isTrue();
    }
    assertThat(client.fleet().node(down).orElseThrow().breakerState()).isEqualTo("OPEN");
    RoutingDecision last = events.decisions.get(events.decisions.size() - 1);
    assertThat(last.candidates())
        .anyMatch(c -> c.nodeId().equals(down) && c.note().contains("breaker open"));

    fleet.node(0).start();
    clock.advance(Duration.ofSeconds(16));
    events.decisions.clear();
    for (int i = 0; i < 8; i++) {
      client.chat(chat("p" + i));
    }
    assertThat(events.decisions).anyMatch(d -> d.chosenNodeId().equals(down));
    assertThat(client.fleet().node(down).orElseThrow().breakerState()).isEqualTo("CLOSED");
  }

  @Test
  void whenEveryNodeTheBalancerRankedHasItsBreakerOpenTheOthersServe() {
    FakeFleet fleet = fleet(2, 0, 4);
    String kept = fleet.baseUrls().get(0);
    // Ranks only the first node, as a balancer keeping a model on its holder does.
    Balancer onlyFirst =
        new Balancer() {
          @Override
          public String name() {
            return "only-first";
          }

          @Override
          public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
            List<Choice> out = new ArrayList<>();
            for (NodeView v : candidates) {
              if (v.id().equals(kept)) {
                out.add(new Choice(v, 0, "holds the model"));
              }
            }
            return out.isEmpty() ? List.of(new Choice(candidates.get(0), 0, "only")) : out;
          }
        };
    OllamaClient client =
        client(
            fleet,
            RoutingConfig.builder()
                .balancer(() -> onlyFirst)
                .breakerOpenDuration(Duration.ofMinutes(5))
                .build());
    fleet.node(0).stop();
    for (int i = 0; i < 12; i++) {
      assertThat(client.chat(chat("c" + i)).done()).isTrue();
    }
    assertThat(client.fleet().node(kept).orElseThrow().breakerState()).isEqualTo("OPEN");
    RoutingDecision last = events.decisions.get(events.decisions.size() - 1);
    assertThat(last.chosenNodeId()).isEqualTo(fleet.baseUrls().get(1));
    assertThat(last.candidates())
        .anyMatch(c -> c.nodeId().equals(kept) && c.note().contains("breaker open"));
  }

  @Test
  void aHedgeOvertakesAHangingNodeAndTheLoserIsCancelled() throws Exception {
    FakeFleet fleet = fleet(2, 0, 6);
    OllamaClient client =
        client(
            fleet,
            RoutingConfig.builder()
                .balancer(Balancers::roundRobin)
                .hedgeAfter(Duration.ofMillis(200))
                .build());
    fleet.node(0).faults().add(Fault.hang().untilCleared());
    for (int i = 0; i < 4; i++) {
      try (ResponseStream<ChatResponse> s = client.chatStream(chat("h" + i))) {
        assertThat(s.nodeId()).isEqualTo(fleet.baseUrls().get(1));
        s.forEachRemaining(c -> {});
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.calls.size() == 4);
    assertThat(events.calls).allMatch(CallRecord::succeeded);
    assertThat(events.calls).anyMatch(CallRecord::hedged);
    assertThat(events.decisions).anyMatch(RoutingDecision::hedge);
    await().atMost(Duration.ofSeconds(5)).until(() -> fleet.node(0).inFlight() == 0);
    ConnectionLeaks.assertNoneLeaked(client);
  }

  @Test
  void everyDecisionExplainsTheCandidates() {
    FakeFleet fleet = fleet(3, 0, 4);
    OllamaClient client = client(fleet, RoutingConfig.defaults());
    client.chat(chat("explain"));
    RoutingDecision d = events.decisions.get(0);
    assertThat(d.balancer()).isEqualTo("llm-aware");
    assertThat(d.candidates()).hasSize(3);
    assertThat(d.candidates()).allMatch(c -> !Double.isNaN(c.score()));
    assertThat(d.reason()).isNotBlank();
    assertThat(d.summary()).contains(d.chosenNodeId(), "candidates:");
  }
}
