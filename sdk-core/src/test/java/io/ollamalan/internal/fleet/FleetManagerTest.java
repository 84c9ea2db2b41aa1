package io.ollamalan.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.FleetEvent;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.discovery.NodeSources;
import io.ollamalan.internal.discovery.FakeNodes;
import io.ollamalan.internal.discovery.ThreadLeaks;
import io.ollamalan.testkit.FakeOllamaNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Discovery and health together in real time, against three nodes on 127.0.0.31-33. Outcomes are
 * asserted here, not how soon they come: a busy machine may delay any of them. The timing promises
 * (down within one interval, inventory within one poll) are asserted on the injected clock of
 * {@link HealthCheckerTest}.
 */
@Timeout(120)
class FleetManagerTest {
  private static final Duration INTERVAL = Duration.ofMillis(1000);

  /** Generous: a live node answering late on a busy machine must not be taken down. */
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** How long an outcome may take to show on a busy machine before the test gives up. */
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final HealthCheckConfig config =
      HealthCheckConfig.builder()
          .interval(INTERVAL)
          .timeout(TIMEOUT)
          .jitter(0.2)
          .tagsInterval(Duration.ofSeconds(10))
          .successesToUp(2)
          .build();
  private FakeOllamaNode n1;
  private FakeOllamaNode n2;
  private FakeOllamaNode n3;
  private FleetManager manager;

  @BeforeEach
  void startNodes() {
    n1 = FakeNodes.start("127.0.0.31", 0);
    n2 = FakeNodes.start("127.0.0.32", n1.port());
    n3 = FakeNodes.start("127.0.0.33", n1.port());
  }

  @AfterEach
  void tearDown() {
    if (manager != null) {
      manager.close();
    }
    n1.close();
    n2.close();
    n3.close();
    ThreadLeaks.assertNoneLeft();
  }

  @Test
  void killedNodeGoesDownAndComesBackAfterRestart() {
    Fleet fleet = FleetManager.newFleet(config);
    manager =
        new FleetManager(
            fleet,
            List.of(NodeSources.staticNodes(n1.baseUrl(), n2.baseUrl(), n3.baseUrl())),
            config,
            null);
    manager.start();
    await()
        .atMost(BOUND)
        .until(
            () ->
                fleet.snapshot().nodes().stream()
                    .allMatch(s -> s.state() == NodeState.UP && s.version().equals(n1.version())));

    String id2 = Node.of(n2.baseUrl()).id();
    n2.stop();
    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> fleet.handle(id2).state() == NodeState.DOWN);
    assertThat(fleet.snapshot().routable()).hasSize(2);
    assertThat(fleet.snapshot().node(id2).orElseThrow().lastError()).contains("/api/version");

    n2.start();
    await().atMost(BOUND).until(() -> fleet.handle(id2).state() == NodeState.UP);

    manager.close();
    await("health-check connections to close")
        .atMost(BOUND)
        .until(() -> n1.openConnections() + n2.openConnections() + n3.openConnections() == 0);
  }

  @Test
  void loadingAndUnloadingShowInTheFleet() {
    Fleet fleet = FleetManager.newFleet(config);
    List<FleetEvent> events = new CopyOnWriteArrayList<>();
    fleet.addListener(events::add);
    manager = new FleetManager(fleet, List.of(NodeSources.staticNodes(n1.baseUrl())), config, null);
    manager.start();
    String id = Node.of(n1.baseUrl()).id();
    await()
        .atMost(BOUND)
        .until(() -> fleet.handle(id) != null && fleet.handle(id).state() == NodeState.UP);

    n1.loadModel("llama3.2");
    await().atMost(BOUND).until(() -> fleet.handle(id).hasLoaded("llama3.2"));
    n1.unloadModel("llama3.2");
    await().atMost(BOUND).until(() -> !fleet.handle(id).hasLoaded("llama3.2"));
    assertThat(events).filteredOn(e -> e.type() == FleetEvent.Type.INVENTORY_CHANGED).isNotEmpty();
    assertThat(fleet.snapshot().node(id).orElseThrow().installedModels())
        .contains("llama3.2:latest");
  }

  @Test
  void nodeLeavingDiscoveryDrainsAndIsRemovedWhenIdle() {
    MutableSource source = new MutableSource();
    Fleet fleet = FleetManager.newFleet(config);
    manager =
        new FleetManager(
            fleet, List.of(source, NodeSources.staticNodes(n1.baseUrl())), config, null);
    manager.start();
    Node a = Node.of(n2.baseUrl());
    Node b = Node.of(n3.baseUrl());
    source.set(Set.of(a, b, Node.of(n1.baseUrl())));
    await()
        .atMost(BOUND)
        .until(() -> fleet.handles().length == 3 && fleet.snapshot().routable().size() == 3);

    NodeHandle h = fleet.handle(a.id());
    h.incrementInFlight();
    source.set(Set.of(b, Node.of(n1.baseUrl())));
    assertThat(h.state()).isEqualTo(NodeState.DRAINING);
    assertThat(fleet.snapshot().routable()).extracting(s -> s.node().id()).doesNotContain(a.id());
    // n1 is also reported by the static source: it stays when the mutable source drops it.
    source.set(Set.of(b));
    assertThat(fleet.handle(Node.of(n1.baseUrl()).id()).state()).isNotEqualTo(NodeState.DRAINING);

    h.decrementInFlight();
    await().atMost(BOUND).until(() -> fleet.handle(a.id()) == null);
    assertThat(fleet.handles()).hasSize(2);
  }

  @Test
  void sourceThatFailsToStartDoesNotStopTheOthers() {
    NodeSource broken =
        new MutableSource() {
          @Override
          public void start(Listener listener) {
            throw new IllegalStateException("boom");
          }
        };
    Fleet fleet = FleetManager.newFleet(config);
    manager =
        new FleetManager(
            fleet, List.of(broken, NodeSources.staticNodes(n1.baseUrl())), config, null);
    manager.start();
    await().atMost(BOUND).until(() -> fleet.snapshot().routable().size() == 1);
  }

  /** A source the test changes by hand. */
  static class MutableSource implements NodeSource {
    private volatile Listener listener;

    void set(Set<Node> nodes) {
      listener.nodesChanged(this, nodes);
    }

    @Override
    public String name() {
      return "mutable";
    }

    @Override
    public void start(Listener listener) {
      this.listener = listener;
      listener.nodesChanged(this, Set.of());
    }

    @Override
    public void close() {}
  }
}
