package io.ollamalan.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.OllamaException;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FleetOperationsTest {
  private static final String MODEL = "llama3.2:latest";
  private static final String OTHER = "qwen2.5:latest";

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private FakeFleet fleet(BiConsumer<Integer, FakeOllamaNode.Builder> customizer) {
    FakeFleet f = FakeFleet.startIndexed(3, 0, customizer);
    closeables.add(f);
    return f;
  }

  /** A client with quick health checks, once it has read every node's inventory. */
  private OllamaClient client(List<Node> nodes) {
    OllamaClientBuilder b =
        OllamaClient.builder()
            .healthChecks(
                HealthCheckConfig.builder()
                    .interval(Duration.ofMillis(100))
                    .tagsInterval(Duration.ofMillis(100))
                    .build());
    nodes.forEach(b::node);
    OllamaClient c = b.build();
    closeables.add(c);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> c.fleet().nodes().stream().allMatch(NodeStatus::inventoryKnown));
    return c;
  }

  private OllamaClient client(FakeFleet fleet) {
    return client(fleet.baseUrls().stream().map(Node::of).toList());
  }

  @Test
  void pullsOntoEveryNodeWithPerNodeProgressAndReportsTheNodeThatFailed() {
    FakeFleet fleet =
        fleet(
            (i, b) -> {
              if (i < 2) {
                b.pullable(FakeModel.chat(MODEL));
              }
            });
    OllamaClient client = client(fleet);
    List<FleetProgress> updates = Collections.synchronizedList(new ArrayList<>());

    FleetResult<ProgressResponse> result =
        FleetOperations.of(client).pull(MODEL, NodeSelection.all(), updates::add);

    String ok0 = fleet.node(0).baseUrl();
    String ok1 = fleet.node(1).baseUrl();
    String bad = fleet.node(2).baseUrl();
    assertThat(result.nodes()).extracting(NodeResult::nodeId).containsExactly(ok0, ok1, bad);
    assertThat(result.succeeded()).extracting(NodeResult::nodeId).containsExactly(ok0, ok1);
    assertThat(result.succeeded()).allSatisfy(r -> assertThat(r.value().isSuccess()).isTrue());
    assertThat(result.failed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo(bad);
              assertThat(r.error().kind())
                  .isIn(OllamaException.Kind.MODEL_NOT_FOUND, OllamaException.Kind.SERVER_ERROR);
              assertThat(r.detail()).contains("file does not exist");
            });
    assertThat(result.allSucceeded()).isFalse();
    assertThat(fleet.node(0).models()).extracting(FakeModel::name).contains(MODEL);
    assertThat(fleet.node(1).models()).extracting(FakeModel::name).contains(MODEL);

    // Every node reported progress, and the last update shows all three done.
    assertThat(updates).extracting(FleetProgress::changed).contains(ok0, ok1, bad);
    assertThat(updates)
        .filteredOn(u -> u.changed().equals(ok0))
        .extracting(u -> u.changedNode().status())
        .contains("pulling manifest", "success");
    FleetProgress last = updates.get(updates.size() - 1);
    assertThat(last.done()).isTrue();
    assertThat(last.nodes()).filteredOn(FleetProgress.NodeProgress::failed).hasSize(1);
    assertThat(last.fraction()).isEqualTo(1.0);
  }

  @Test
  void pullsOntoTheNodesWithMostFreeVram() {
    long gib = 1L << 30;
    FakeFleet fleet =
        fleet(
            (i, b) -> {
              b.pullable(FakeModel.chat(MODEL));
              if (i == 1) {
                b.model(FakeModel.chat(OTHER).sizeBytes(20 * gib)).loaded(OTHER);
              }
            });
    // Node 0: 16 GiB free. Node 1: 24 GiB, 20 in use, 4 free. Node 2: size unknown.
    OllamaClient client =
        client(
            List.of(
                Node.of(fleet.node(0).baseUrl()).withLabels(Map.of("vram", "16GiB")),
                Node.of(fleet.node(1).baseUrl()).withLabels(Map.of("vram", "24 GiB")),
                Node.of(fleet.node(2).baseUrl())));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.fleet().node(fleet.node(1).baseUrl()).orElseThrow().hasLoaded(OTHER));

    FleetResult<ProgressResponse> two =
        FleetOperations.of(client).pull(MODEL, NodeSelection.mostFreeVram(2));

    assertThat(two.succeeded())
        .extracting(NodeResult::nodeId)
        .containsExactly(fleet.node(0).baseUrl(), fleet.node(1).baseUrl());
    assertThat(two.skipped())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo(fleet.node(2).baseUrl());
              assertThat(r.detail()).contains("most free VRAM");
            });
    assertThat(fleet.node(2).models()).isEmpty();

    FleetResult<ProgressResponse> one =
        FleetOperations.of(client).pull(MODEL, NodeSelection.mostFreeVram(1));
    assertThat(one.succeeded())
        .extracting(NodeResult::nodeId)
        .containsExactly(fleet.node(0).baseUrl());
  }

  @Test
  void unloadsAndDeletesEverywhereSkippingNodesWithoutTheModel() {
    FakeFleet fleet =
        fleet(
            (i, b) -> {
              if (i < 2) {
                b.model(FakeModel.chat(MODEL)).loaded(MODEL);
              }
            });
    OllamaClient client = client(fleet);
    FleetOperations ops = FleetOperations.of(client);

    FleetResult<Void> unloaded = ops.unload(MODEL, NodeSelection.all());
    assertThat(unloaded.succeeded()).hasSize(2);
    assertThat(unloaded.skipped())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo(fleet.node(2).baseUrl());
              assertThat(r.detail()).isEqualTo("model not installed");
            });
    assertThat(fleet.node(0).loadedModels()).isEmpty();
    assertThat(fleet.node(1).loadedModels()).isEmpty();

    FleetResult<Void> deleted = ops.delete(MODEL, NodeSelection.all());
    assertThat(deleted.succeeded()).hasSize(2);
    assertThat(deleted.allSucceeded()).isTrue();
    assertThat(fleet.node(0).models()).isEmpty();
    assertThat(fleet.node(1).models()).isEmpty();
  }

  @Test
  void prewarmLoadsTheModelWhereTheBalancerWouldSendIt() {
    FakeFleet fleet =
        fleet(
            (i, b) -> {
              if (i < 2) {
                b.model(FakeModel.chat(MODEL));
              }
            });
    OllamaClient client = client(fleet);

    FleetResult<Void> warmed = FleetOperations.of(client).prewarm(MODEL);

    assertThat(warmed.succeeded()).extracting(NodeResult::detail).containsOnly("loaded");
    assertThat(warmed.skipped())
        .extracting(NodeResult::detail)
        .containsExactly("model not installed: pull it first");
    assertThat(fleet.node(0).loadedModels()).containsExactly(MODEL);
    assertThat(fleet.node(1).loadedModels()).containsExactly(MODEL);
    assertThat(fleet.node(2).loadedModels()).isEmpty();
  }

  @Test
  void inventoryReportsEachNodeAndTheOneThatFailedAndSkipsDownNodes() {
    FakeFleet fleet = fleet((i, b) -> b.model(FakeModel.chat(MODEL)).loaded(MODEL));
    OllamaClient client = client(fleet);
    fleet.node(1).faults().add(Fault.error(500, "disk on fire").onPath("/api/tags").untilCleared());
    fleet.node(2).stop();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.fleet().node(fleet.node(2).baseUrl()).orElseThrow().state()
                    == NodeState.DOWN);

    FleetResult<NodeInventory> inv = FleetOperations.of(client).inventory();

    assertThat(inv.succeeded())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo(fleet.node(0).baseUrl());
              assertThat(r.value().installed()).extracting(m -> m.name()).containsExactly(MODEL);
              assertThat(r.value().loaded()).extracting(m -> m.name()).containsExactly(MODEL);
              assertThat(r.value().vramUsed()).isPositive();
              assertThat(r.value().version()).isNotEmpty();
            });
    assertThat(inv.failed())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo(fleet.node(1).baseUrl());
              assertThat(r.error().kind()).isEqualTo(OllamaException.Kind.SERVER_ERROR);
              assertThat(r.detail()).contains("disk on fire");
            });
    assertThat(inv.skipped())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo(fleet.node(2).baseUrl());
              assertThat(r.detail()).contains("DOWN");
            });
    assertThat(inv.summary()).contains("1 succeeded, 1 failed, 1 skipped");
  }

  @Test
  void explicitNodesAndUnknownIds() {
    FakeFleet fleet = fleet((i, b) -> b.model(FakeModel.chat(MODEL)));
    OllamaClient client = client(fleet);

    FleetResult<NodeInventory> inv =
        FleetOperations.of(client)
            .inventory(NodeSelection.nodes(fleet.node(1).baseUrl(), "http://10.9.9.9:11434"));

    assertThat(inv.succeeded())
        .extracting(NodeResult::nodeId)
        .containsExactly(fleet.node(1).baseUrl());
    assertThat(inv.skipped())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.nodeId()).isEqualTo("http://10.9.9.9:11434");
              assertThat(r.detail()).contains("unknown node");
            });
  }

  @Test
  void interruptingAPullCancelsEveryNodesCallAndReportsEachNode() throws Exception {
    FakeFleet fleet = fleet((i, b) -> b.pullable(FakeModel.chat(MODEL)));
    for (FakeOllamaNode n : fleet.nodes()) {
      n.faults().add(Fault.slowStream(Duration.ofSeconds(2)).onPath("/api/pull").untilCleared());
    }
    OllamaClient client = client(fleet);
    List<FleetProgress> updates = Collections.synchronizedList(new ArrayList<>());
    List<FleetResult<ProgressResponse>> result = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> interruptedAfter = Collections.synchronizedList(new ArrayList<>());
    Thread caller =
        new Thread(
            () -> {
              result.add(FleetOperations.of(client).pull(MODEL, NodeSelection.all(), updates::add));
              interruptedAfter.add(Thread.currentThread().isInterrupted());
            });
    caller.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> updates.stream().map(FleetProgress::changed).distinct().count() == 3);

    caller.interrupt();
    caller.join(Duration.ofSeconds(20).toMillis());

    assertThat(caller.isAlive()).isFalse();
    assertThat(interruptedAfter).containsExactly(true);
    FleetResult<ProgressResponse> r = result.get(0);
    assertThat(r.nodes()).hasSize(3);
    assertThat(r.failed()).hasSize(3);
    assertThat(r.failed())
        .allSatisfy(
            n -> assertThat(n.error().kind()).isEqualTo(OllamaException.Kind.CLIENT_CANCELED));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fleet.nodes().stream().allMatch(n -> n.openConnections() <= 1));
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertThatThrownBy(() -> NodeSelection.mostFreeVram(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n >= 1");
    assertThatThrownBy(NodeSelection::nodes).hasMessageContaining("at least one node id");
    assertThatThrownBy(() -> FleetOperations.builder(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(NodeSelection.parseBytes("24GiB")).isEqualTo(24L << 30);
    assertThat(NodeSelection.parseBytes("8 GB")).isEqualTo(8_000_000_000L);
    assertThat(NodeSelection.parseBytes("1024")).isEqualTo(1024);
    assertThat(NodeSelection.parseBytes("lots")).isEqualTo(-1);
  }
}
