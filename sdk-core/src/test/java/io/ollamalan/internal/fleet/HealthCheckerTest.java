package io.ollamalan.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.FleetEvent;
import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.internal.discovery.MiniOllamaNode;
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
 * The checker against a real HTTP node on loopback, with time driven by a fake clock: every
 * check runs on the test thread when the clock passes its due time.
 */
@Timeout(30)
class HealthCheckerTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final FakeClock clock = new FakeClock();
  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
      .retryOnConnectionFailure(false).build();
  private final List<FleetEvent> events = new ArrayList<>();
  private MiniOllamaNode node;
  private HealthChecker checker;

  private Fleet fleet;
  private NodeHandle handle;

  private void start(HealthCheckConfig config, double random) {
    node = MiniOllamaNode.start("127.0.0.21", 0);
    fleet = new Fleet(clock, config);
    fleet.addListener(events::add);
    checker = new HealthChecker(fleet, config, n -> http, clock, Runnable::run, () -> random);
    checker.start();
    fleet.update("test", Set.of(Node.of(node.baseUrl())));
    handle = fleet.handle(Node.of(node.baseUrl()).id());
  }

  private static HealthCheckConfig.Builder config() {
    return HealthCheckConfig.custom().interval(INTERVAL).timeout(TIMEOUT).jitter(0)
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
    node.loadModel("llama3.2:latest");
    clock.runDue();
    NodeStatus s = handle.status();
    assertThat(s.state()).isEqualTo(NodeState.UP);
    assertThat(s.version()).isEqualTo("0.5.1");
    assertThat(s.inventoryKnown()).isTrue();
    assertThat(s.installedModels()).containsExactlyInAnyOrder("deepseek-r1:latest", "llama3.2:latest");
    assertThat(s.loadedModels()).extracting(LoadedModel::name).containsExactly("llama3.2:latest");
    LoadedModel m = s.loadedModels().get(0);
    assertThat(m.sizeVram()).isEqualTo(5137025024L);
    assertThat(m.contextLength()).isEqualTo(4096);
    assertThat(m.expiresAt()).isEqualTo(OffsetDateTime.parse("2024-06-04T14:38:31.83753-07:00"));
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

    node.restart();
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DEGRADED);
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.UP);
    assertThat(events).extracting(e -> e.type() == FleetEvent.Type.STATE_CHANGED ? e.current().state() : null)
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
    assertThat(events).anyMatch(e -> e.type() == FleetEvent.Type.INVENTORY_CHANGED
        && e.current().hasLoaded("qwen2.5:7b"));
    node.unloadModel("qwen2.5:7b");
    clock.advance(INTERVAL);
    assertThat(handle.hasLoaded("qwen2.5:7b")).isFalse();
  }

  @Test
  void tagsAreReadOnTheSlowerInterval() {
    start(config().build(), 0);
    clock.runDue();
    assertThat(node.tagsCalls()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(25));
    assertThat(node.psCalls()).isEqualTo(6);
    assertThat(node.tagsCalls()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(node.tagsCalls()).isEqualTo(2);
  }

  @Test
  void busyNodeStaysUp() {
    start(config().build(), 0);
    clock.runDue();
    node.versionStatus(503);
    clock.advance(INTERVAL.multipliedBy(3));
    assertThat(handle.state()).isEqualTo(NodeState.UP);
    assertThat(handle.status().consecutiveFailures()).isZero();
  }

  @Test
  void serverErrorDegradesAndNonOllamaAnswerTakesDown() {
    start(config().build(), 0);
    clock.runDue();
    node.versionStatus(500);
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DEGRADED);
    node.versionStatus(200);
    node.versionBody("<html>hello</html>");
    clock.advance(INTERVAL);
    assertThat(handle.state()).isEqualTo(NodeState.DOWN);
    assertThat(handle.status().lastError()).contains("not like Ollama");
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
    int calls = node.versionCalls();
    clock.advance(INTERVAL.multipliedBy(2));
    assertThat(node.versionCalls()).isEqualTo(calls);
    assertThat(fleet.handles()).hasSize(1);
    handle.decrementInFlight();
    clock.advance(INTERVAL);
    assertThat(fleet.handles()).isEmpty();
  }

  @Test
  void closeCancelsEveryScheduledCheck() {
    start(config().build(), 0);
    clock.runDue();
    assertThat(clock.pending()).isPositive();
    checker.close();
    assertThat(clock.pending()).isZero();
  }
}
