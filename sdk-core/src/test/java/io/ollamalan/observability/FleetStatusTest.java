package io.ollamalan.observability;

import static io.ollamalan.observability.Fixtures.chat;
import static io.ollamalan.observability.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.FleetSnapshot;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeOllamaNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OllamaClient#fleet()} as dashboards, the CLI and health endpoints read it: one call, every
 * node with its state, load, breaker and limit.
 */
@Timeout(60)
class FleetStatusTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();

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

  @Test
  void snapshotListsEveryNodeWithInFlightBreakerAndLimit() {
    FakeOllamaNode a = node();
    FakeOllamaNode b = node();
    OllamaClient client =
        OllamaClient.builder()
            .nodes(a.baseUrl(), b.baseUrl())
            .routing(
                RoutingConfig.builder().balancer(() -> Fixtures.preferring(id(b), id(a))).build())
            .build();
    closeables.add(client);

    FleetSnapshot before = client.fleet();
    assertThat(before.nodes())
        .extracting(s -> s.node().id())
        .containsExactlyInAnyOrder(id(a), id(b));
    assertThat(before.nodes())
        .allSatisfy(
            s -> {
              assertThat(s.state()).isIn(NodeState.UNKNOWN, NodeState.UP);
              assertThat(s.breakerState()).isIn("UNKNOWN", "CLOSED");
              assertThat(s.inFlight()).isZero();
            });
    assertThat(before.routable()).hasSize(2);
    // Health checks fill in version, inventory and loaded models.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.fleet().nodes())
                    .allSatisfy(
                        s -> {
                          assertThat(s.state()).isEqualTo(NodeState.UP);
                          assertThat(s.version()).isNotEmpty();
                          assertThat(s.inventoryKnown()).isTrue();
                          assertThat(s.loadedModels()).isNotEmpty();
                        }));

    try (ResponseStream<ChatResponse> s = client.chatStream(chat("hi"))) {
      FleetSnapshot during = client.fleet();
      NodeStatus busy = during.node(id(b)).orElseThrow();
      assertThat(busy.inFlight()).isEqualTo(1);
      assertThat(busy.breakerState()).isEqualTo("CLOSED");
      assertThat(busy.concurrencyLimit()).isEqualTo(RoutingConfig.DEFAULT_INITIAL_CONCURRENCY);
      assertThat(during.node(id(a)).orElseThrow().inFlight()).isZero();
      s.forEachRemaining(c -> {});
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.fleet().node(id(b)).orElseThrow().inFlight() == 0);
  }

  @Test
  void openBreakerOfADownNodeIsVisible() {
    FakeOllamaNode down = node();
    FakeOllamaNode up = node();
    String downId = id(down);
    down.stop();
    OllamaClient client =
        OllamaClient.builder()
            .nodes(down.baseUrl(), up.baseUrl())
            .routing(
                RoutingConfig.builder()
                    .balancer(() -> Fixtures.preferring(downId, id(up)))
                    .consecutiveConnectFailures(1)
                    .build())
            .build();
    closeables.add(client);

    client.chat(chat("hi"));

    FleetSnapshot fleet = client.fleet();
    assertThat(fleet.node(downId).orElseThrow().breakerState()).isEqualTo("OPEN");
    assertThat(fleet.node(id(up)).orElseThrow().breakerState()).isEqualTo("CLOSED");
    assertThat(fleet.takenAt()).isNotNull();
  }
}
