package io.ollamalan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.Node;
import io.ollamalan.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmAwareBalancerTest {
  final LlmAwareBalancer balancer = LlmAwareBalancer.builder().build();

  static NodeView view(String host, boolean loaded, int inFlight, int limit) {
    return new NodeView(
        Node.of(host), NodeState.UP, true, loaded, inFlight, limit, 0, 0, ModelStats.NONE);
  }

  static RouteRequest chat(String affinity) {
    return new RouteRequest("chat", "llama3.2:latest", affinity, 500, 1);
  }

  @Test
  void prefersANodeThatHoldsTheModelOverAColdLoad() {
    NodeView cold = view("a", false, 0, 4);
    NodeView warm = view("b", true, 2, 4);
    List<Choice> ranked = balancer.rank(chat(null), List.of(cold, warm));
    assertThat(ranked.get(0).node()).isEqualTo(warm);
    assertThat(ranked.get(1).reason()).contains("cold load");
  }

  @Test
  void aBadlyOverloadedWarmNodeLosesToAColdOne() {
    NodeView cold = view("a", false, 0, 4);
    NodeView warm = view("b", true, 400, 4);
    assertThat(balancer.rank(chat(null), List.of(cold, warm)).get(0).node()).isEqualTo(cold);
  }

  @Test
  void amongEqualNodesTheLessBusyWins() {
    NodeView busy = view("a", true, 3, 4);
    NodeView idle = view("b", true, 0, 4);
    assertThat(balancer.rank(chat(null), List.of(busy, idle)).get(0).node()).isEqualTo(idle);
  }

  @Test
  void measuredSpeedsDecide() {
    NodeView slow =
        new NodeView(
            Node.of("a"),
            NodeState.UP,
            true,
            true,
            0,
            4,
            0,
            0,
            new ModelStats(100, 5, 0, 0, 100, 50));
    NodeView fast =
        new NodeView(
            Node.of("b"),
            NodeState.UP,
            true,
            true,
            0,
            4,
            0,
            0,
            new ModelStats(2000, 80, 0, 0, 100, 50));
    assertThat(balancer.rank(chat(null), List.of(slow, fast)).get(0).node()).isEqualTo(fast);
  }

  @Test
  void aNodeThatFailsFastDoesNotLookIdle() {
    NodeView failing =
        new NodeView(Node.of("a"), NodeState.UP, true, true, 0, 4, 0.9, 0, ModelStats.NONE);
    NodeView healthy = view("b", true, 2, 4);
    List<Choice> ranked = balancer.rank(chat(null), List.of(failing, healthy));
    assertThat(ranked.get(0).node()).isEqualTo(healthy);
    assertThat(ranked.get(1).reason()).contains("penalty");
  }

  @Test
  void recentBusyAnswerIsAPenalty() {
    NodeView busy =
        new NodeView(Node.of("a"), NodeState.UP, true, true, 0, 4, 0, 1.0, ModelStats.NONE);
    assertThat(balancer.rank(chat(null), List.of(busy, view("b", true, 1, 4))).get(0).node().id())
        .isEqualTo("http://b:11434");
  }

  @Test
  void aConversationStaysOnOneNodeWhileItIsNotOverloaded() {
    List<NodeView> nodes =
        List.of(view("a", true, 1, 8), view("b", true, 1, 8), view("c", true, 1, 8));
    String first = balancer.rank(chat("conv-1"), nodes).get(0).node().id();
    for (int i = 0; i < 20; i++) {
      Choice c = balancer.rank(chat("conv-1"), nodes).get(0);
      assertThat(c.node().id()).isEqualTo(first);
      assertThat(c.reason()).contains("affinity");
    }
  }

  @Test
  void conversationsSpreadOverNodes() {
    List<NodeView> nodes =
        List.of(view("a", true, 0, 8), view("b", true, 0, 8), view("c", true, 0, 8));
    Map<String, Integer> owners = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      owners.merge(balancer.rank(chat("conv-" + i), nodes).get(0).node().id(), 1, Integer::sum);
    }
    assertThat(owners).hasSize(3);
    assertThat(owners.values()).allMatch(n -> n > 60);
  }

  @Test
  void anOverloadedOwnerGivesTheConversationToTheNextNode() {
    List<NodeView> nodes =
        new ArrayList<>(
            List.of(view("a", true, 0, 8), view("b", true, 0, 8), view("c", true, 0, 8)));
    String owner = balancer.rank(chat("conv-x"), nodes).get(0).node().id();
    List<NodeView> loaded = new ArrayList<>();
    for (NodeView v : nodes) {
      loaded.add(v.id().equals(owner) ? view(v.node().host(), true, 8, 8) : v);
    }
    Choice c = balancer.rank(chat("conv-x"), loaded).get(0);
    assertThat(c.node().id()).isNotEqualTo(owner);
  }

  @Test
  void removingANodeMovesOnlyItsOwnConversations() {
    List<NodeView> four =
        List.of(
            view("a", true, 0, 64),
            view("b", true, 0, 64),
            view("c", true, 0, 64),
            view("d", true, 0, 64));
    List<NodeView> three = four.subList(0, 3);
    int moved = 0;
    for (int i = 0; i < 400; i++) {
      String before = balancer.rank(chat("k" + i), four).get(0).node().id();
      String after = balancer.rank(chat("k" + i), three).get(0).node().id();
      if (!before.equals(after) && !before.equals("http://d:11434")) {
        moved++;
      }
    }
    assertThat(moved).isZero();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> LlmAwareBalancer.builder().affinityLoadFactor(0.5))
        .hasMessageContaining("affinityLoadFactor");
    assertThatThrownBy(() -> LlmAwareBalancer.builder().cachedPromptFraction(1.0))
        .hasMessageContaining("cachedPromptFraction");
    assertThatThrownBy(() -> LlmAwareBalancer.builder().decodeTokensPerSecond(0))
        .hasMessageContaining("decodeTokensPerSecond");
  }
}
