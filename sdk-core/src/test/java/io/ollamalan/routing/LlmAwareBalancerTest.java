package io.ollamalan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.Node;
import io.ollamalan.NodeState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmAwareBalancerTest {
  final LlmAwareBalancer balancer = LlmAwareBalancer.builder().build();

  static NodeView view(String host, boolean loaded, int inFlight, int limit) {
    return new NodeView(
        Node.of(host),
        NodeState.UP,
        true,
        loaded,
        loaded,
        false,
        inFlight,
        inFlight,
        limit,
        0,
        0,
        ModelStats.NONE);
  }

  static RouteRequest chat(String affinity) {
    return new RouteRequest("chat", "llama3.2:latest", affinity, 500, 1);
  }

  @Test
  void prefersANodeThatHoldsTheModelOverAColdLoad() {
    NodeView cold = view("a", false, 0, 4);
    NodeView warm = view("b", true, 2, 4);
    List<Choice> ranked = balancer.rank(chat(null), List.of(cold, warm));
    assertThat(ranked).extracting(Choice::node).containsExactly(warm);
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
            true,
            false,
            0,
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
            true,
            false,
            0,
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
        new NodeView(
            Node.of("a"), NodeState.UP, true, true, true, false, 0, 0, 4, 0.9, 0, ModelStats.NONE);
    NodeView healthy = view("b", true, 2, 4);
    List<Choice> ranked = balancer.rank(chat(null), List.of(failing, healthy));
    assertThat(ranked.get(0).node()).isEqualTo(healthy);
    assertThat(ranked.get(1).reason()).contains("penalty");
  }

  @Test
  void recentBusyAnswerIsAPenalty() {
    NodeView busy =
        new NodeView(
            Node.of("a"), NodeState.UP, true, true, true, false, 0, 0, 4, 0, 1.0, ModelStats.NONE);
    assertThat(balancer.rank(chat(null), List.of(busy, view("b", true, 1, 4))).get(0).node().id())
        .isEqualTo("http://b:11434");
  }

  @Test
  void aConversationGoesBackToTheNodeItsLastCallActuallyWentTo() {
    List<NodeView> nodes =
        List.of(view("a", true, 1, 8), view("b", true, 1, 8), view("c", true, 1, 8));
    // The router placed the first call on c (say a and b were at their limit): c has the cache.
    balancer.placed(chat("conv-1"), "http://c:11434");
    for (int i = 0; i < 20; i++) {
      Choice c = balancer.rank(chat("conv-1"), nodes).get(0);
      assertThat(c.node().id()).isEqualTo("http://c:11434");
      assertThat(c.reason()).contains("affinity");
    }
  }

  @Test
  void rankingAloneRemembersNothing() {
    List<NodeView> nodes = List.of(view("a", true, 0, 8), view("b", true, 0, 8));
    balancer.rank(chat("conv-2"), nodes);
    assertThat(balancer.lastNode("conv-2")).isNull();
  }

  @Test
  void aFailureTheNodeIsBlamedForDropsTheAffinity() {
    balancer.placed(chat("conv-3"), "http://a:11434");
    balancer.ended(
        chat("conv-3"),
        "http://a:11434",
        io.ollamalan.internal.Errors.transport(
            "http://a:11434", "r", false, null, new java.io.IOException("refused")));
    assertThat(balancer.lastNode("conv-3")).isNull();
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
  void anOverloadedOwnerGivesTheConversationToAnotherNode() {
    balancer.placed(chat("conv-x"), "http://a:11434");
    List<NodeView> nodes =
        List.of(view("a", true, 16, 8), view("b", true, 0, 8), view("c", true, 0, 8));
    Choice c = balancer.rank(chat("conv-x"), nodes).get(0);
    assertThat(c.node().id()).isNotEqualTo("http://a:11434");
  }

  @Test
  void whileANodeHoldsTheModelAColdNodeIsRankedOnlyWhenItIsFarSooner() {
    NodeView warmBusy = view("a", true, 2, 2);
    NodeView cold = view("b", false, 0, 2);
    // Nothing queued for the model: waiting for a's slot is shorter than a 10 s load.
    List<Choice> ranked =
        balancer.rank(
            new RouteRequest("chat", "llama3.2:latest", null, 500, 1, 0), List.of(cold, warmBusy));
    assertThat(ranked).extracting(c -> c.node().id()).containsExactly("http://a:11434");
    // With a long queue the load pays off.
    ranked =
        balancer.rank(
            new RouteRequest("chat", "llama3.2:latest", null, 500, 1, 40), List.of(cold, warmBusy));
    assertThat(ranked.get(0).node().id()).isEqualTo("http://b:11434");
    assertThat(ranked.get(0).reason()).contains("cold load");
  }

  @Test
  void aHealthyHolderKeepsTheModelUnlessALoadIntoFreeMemoryPaysForItselfTwice() {
    NodeView warmBusy = view("a", true, 2, 2);
    NodeView cold = view("b", false, 0, 2);
    // 1 call waiting for a's two slots: a few seconds of wait against a 10 s load on b.
    RouteRequest fewQueued = new RouteRequest("chat", "llama3.2:latest", null, 500, 1, 1);
    assertThat(balancer.rank(fewQueued, List.of(cold, warmBusy)))
        .extracting(c -> c.node().id())
        .containsExactly("http://a:11434");
    // 8 calls waiting: about 40 s against the 10 s load into memory b has free. b first.
    RouteRequest queued = new RouteRequest("chat", "llama3.2:latest", null, 500, 1, 8);
    List<Choice> ranked = balancer.rank(queued, List.of(cold, warmBusy));
    assertThat(ranked).extracting(c -> c.node().id()).startsWith("http://b:11434");
    assertThat(ranked.get(0).reason()).contains("cold load");
  }

  @Test
  void aNodeKnownToBeFullNeverLoadsAModelAHealthyNodeHolds() {
    NodeView warmBusy = view("a", true, 2, 2);
    NodeView coldFull =
        new NodeView(
            Node.of("b"), NodeState.UP, true, false, false, true, 0, 0, 2, 0, 0, ModelStats.NONE);
    // However long the queue: the load would only trade another model's capacity for this one's.
    RouteRequest flooded = new RouteRequest("chat", "llama3.2:latest", null, 500, 1, 400);
    assertThat(balancer.rank(flooded, List.of(coldFull, warmBusy)))
        .extracting(c -> c.node().id())
        .containsExactly("http://a:11434");
    // The holder is failing: the full node competes on its prediction, and is ranked first.
    NodeView warmFailing =
        new NodeView(
            Node.of("a"), NodeState.UP, true, true, true, false, 2, 2, 2, 0.4, 0, ModelStats.NONE);
    List<Choice> ranked = balancer.rank(flooded, List.of(coldFull, warmFailing));
    assertThat(ranked.get(0).node().id()).isEqualTo("http://b:11434");
    assertThat(ranked.get(0).reason()).contains("evicts");
  }

  @Test
  void aLoadThatEvictsCostsTheLoadTwice() {
    // No healthy holder: every node competes on its prediction, a full node paying the load twice.
    NodeView warmFailing =
        new NodeView(
            Node.of("a"), NodeState.UP, true, true, true, false, 2, 2, 2, 0.4, 0, ModelStats.NONE);
    NodeView coldFull =
        new NodeView(
            Node.of("b"), NodeState.UP, true, false, false, true, 0, 0, 2, 0, 0, ModelStats.NONE);
    // c is a little busier than b: only the eviction b's load would cause puts c first.
    NodeView coldRoomy = view("c", false, 1, 2);
    List<Choice> ranked =
        balancer.rank(
            new RouteRequest("chat", "llama3.2:latest", null, 500, 1, 40),
            List.of(coldFull, coldRoomy, warmFailing));
    assertThat(ranked)
        .extracting(c -> c.node().id())
        .startsWith("http://c:11434", "http://b:11434");
    assertThat(ranked.get(1).reason()).contains("evicts");
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
    // Two balancers: the second cannot remember where the first placed anything.
    LlmAwareBalancer before = LlmAwareBalancer.builder().build();
    LlmAwareBalancer after = LlmAwareBalancer.builder().build();
    int moved = 0;
    int onD = 0;
    for (int i = 0; i < 400; i++) {
      String x = before.rank(chat("k" + i), four).get(0).node().id();
      String y = after.rank(chat("k" + i), three).get(0).node().id();
      if (x.equals("http://d:11434")) {
        onD++;
      } else if (!x.equals(y)) {
        moved++;
      }
    }
    assertThat(onD).isBetween(50, 150);
    assertThat(moved).isZero();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> LlmAwareBalancer.builder().cachedPromptFraction(1.0))
        .hasMessageContaining("cachedPromptFraction");
    assertThatThrownBy(() -> LlmAwareBalancer.builder().decodeTokensPerSecond(0))
        .hasMessageContaining("decodeTokensPerSecond");
  }
}
