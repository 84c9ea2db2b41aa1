package io.ollamalan.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.FleetEvent;
import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.internal.discovery.FakeNodes;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import io.ollamalan.testkit.TestClock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The checker against a real HTTP node on loopback, with time driven by a fake clock: every check
 * runs on the test thread when the clock passes its due time.
 */
@Timeout(30)
class HealthCheckerTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final TestClock clock = new TestClock();
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
          .retryOnConnectionFailure(false)
          .build();
  private final List<FleetEvent> events = new ArrayList<>();
  private FakeOllamaNode node;
  private HealthChecker checker;

  private Fleet fleet;
  private NodeHandle handle;

  private void start(HealthCheckConfig config, double random) {
    node = FakeNodes.start("127.0.0.21", 0);
    fleet = new Fleet(clock, config);
    fleet.addListener(events::add);
    checker =
        new HealthChecker(
            fleet,
            config,
            n -> http,
            (task, delay) -> clock.schedule(delay, task)::cancel,
            Runnable::run,
            () -> random);
    checker.start();
    fleet.update("test", Set.of(Node.of(node.baseUrl())));
    handle = fleet.handle(Node.of(node.baseUrl()).id());
  }

  private static HealthCheckConfig.Builder config() {
    return HealthCheckConfig.builder()
        .interval(INTERVAL)
        .timeout(TIMEOUT)
        .jitter(0)
        .tagsInterval(Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() {
    if (checker != null) {
      checker.close();
    }
    if (node != null) {
      node.close();
    }
    http.connectionPool().evictAll();
  }

  @Test
  void newNodeIsCheckedAtOnceAndGetsVersionInventoryAndLatency() {
    start(config().build(), 0);
    node.loadModel("llama3.2");
    clock.runDue();
    NodeStatus s = handle.status();
    assertThat(s.state()).isEqualTo(NodeState.UP);
    assertThat(s.version()).isEqualTo(node.version());
    assertThat(s.inventoryKnown()).isTrue();
    assertThat(s.installedModels()).containsExactlyInAnyOrder("llama3.2:latest", "qwen2.5:7b");
    assertThat(s.loadedModels()).extracting(LoadedModel::name).containsExactly("llama3.2:latest");
    LoadedModel m = s.loadedModels().get(0);
    assertThat(m.sizeVram()).isEqualTo(2_019_393_189L);
    assertThat(m.contextLength()).isPositive();
    assertThat(m.expiresAt()).isAfter(OffsetDateTime.now().minusMinutes(1));
    assertThat(s.latency()).isPositive();
  }

  @Test
  void killedNodeIsDownWithinOneIntervalAndUpAgainAfterRestart() {
    start(config().successesToUp(2).build(), 0);
    clock.runDue();
    assertThat(handle.state()).isEqualTo(NodeState.UP);

    node.stop();
    clock.advance(INTERVAL.minusMillis(1));
    assertThat(handle.state()).isEqualTo(NodeState.UP);
    clock.advance(Duration.ofMillis(1));
    assertThat(handle.state()).isEqualTo(NodeState.DOWN);
    assertThat(handle.status().lastError()).startsWith("GET /api/version: ");
    assertThat(fleet.snapshot().routable()).isEmpty();

    node.start();
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DEGRADED);
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.UP);
    assertThat(events)
        .extracting(e -> e.type() == FleetEvent.Type.STATE_CHANGED ? e.current().state() : null)
        .filteredOn(s -> s != null)
        .containsExactly(NodeState.UP, NodeState.DOWN, NodeState.DEGRADED, NodeState.UP);
  }

  @Test
  void loadAndUnloadShowWithinOnePollInterval() {
    start(config().build(), 0);
    clock.runDue();
    assertThat(handle.status().loadedModels()).isEmpty();
    node.loadModel("qwen2.5:7b");
    clock.advance(INTERVAL);
    assertThat(handle.hasLoaded("qwen2.5:7b")).isTrue();
    assertThat(events)
        .anyMatch(
            e ->
                e.type() == FleetEvent.Type.INVENTORY_CHANGED
                    && e.current().hasLoaded("qwen2.5:7b"));
    node.unloadModel("qwen2.5:7b");
    clock.advance(INTERVAL);
    assertThat(handle.hasLoaded("qwen2.5:7b")).isFalse();
  }

  @Test
  void tagsAreReadOnTheSlowerInterval() {
    start(config().build(), 0);
    clock.runDue();
    assertThat(FakeNodes.requests(node, "/api/tags")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(25));
    assertThat(FakeNodes.requests(node, "/api/ps")).isEqualTo(6);
    assertThat(FakeNodes.requests(node, "/api/tags")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(FakeNodes.requests(node, "/api/tags")).isEqualTo(2);
  }

  @Test
  void busyNodeStaysUp() {
    start(config().build(), 0);
    clock.runDue();
    node.faults().add(Fault.busy().onPath("/api/version").untilCleared());
    clock.advance(INTERVAL.multipliedBy(3));
    assertThat(handle.state()).isEqualTo(NodeState.UP);
    assertThat(handle.status().consecutiveFailures()).isZero();
  }

  @Test
  void serverErrorDegradesAndNonOllamaAnswerTakesDown() {
    start(config().build(), 0);
    clock.runDue();
    node.faults().add(Fault.error(500, "boom").onPath("/api/version").untilCleared());
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DEGRADED);
    node.faults().clear();
    node.faults()
        .add(
            Fault.respond(200, "text/html", "<html>hello</html>")
                .onPath("/api/version")
                .untilCleared());
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DOWN);
    assertThat(handle.status().lastError()).contains("not like Ollama");
  }

  @Test
  void nodeThatHangsOrResetsIsDownAfterOneCheck() {
    start(config().timeout(Duration.ofMillis(300)).build(), 0);
    clock.runDue();
    node.faults().add(Fault.hang().onPath("/api/version").untilCleared());
    // The check runs on the test thread: without its timeout the hang would never return and the
    // test's own timeout would fail it.
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DOWN);
    node.faults().clear();
    clock.advance(INTERVAL.multipliedBy(2));
    assertThat(handle.state()).isEqualTo(NodeState.UP);
    node.faults().add(Fault.resetBeforeHeaders().onPath("/api/version").untilCleared());
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void restartedNodeIsNotMistakenForAResetOne() {
    start(config().build(), 0);
    clock.runDue();
    node.stop();
    node.start();
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.UP);
  }

  @Test
  void jitterShortensTheWaitButNeverLengthensIt() {
    start(config().jitter(0.5).build(), 0.999);
    assertThat(checker.nextDelay()).isGreaterThan(INTERVAL.dividedBy(2)).isLessThan(INTERVAL);
    clock.runDue();
    assertThat(clock.nextDelay()).isEqualTo(checker.nextDelay());
  }

  @Test
  void drainedNodeIsNotCheckedAndIsReaped() {
    start(config().build(), 0);
    clock.runDue();
    handle.incrementInFlight();
    fleet.update("test", Set.of());
    long calls = FakeNodes.requests(node, "/api/version");
    clock.advance(INTERVAL.multipliedBy(2));
    assertThat(FakeNodes.requests(node, "/api/version")).isEqualTo(calls);
    assertThat(fleet.handles()).hasSize(1);
    handle.decrementInFlight();
    clock.advance(INTERVAL);
    assertThat(fleet.handles()).isEmpty();
  }

  @Test
  void closeCancelsEveryScheduledCheck() {
    start(config().build(), 0);
    clock.runDue();
    assertThat(clock.pendingTasks()).isPositive();
    checker.close();
    assertThat(clock.pendingTasks()).isZero();
  }
}
