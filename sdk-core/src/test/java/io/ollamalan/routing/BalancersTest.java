package io.ollamalan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.ollamalan.Node;
import io.ollamalan.NodeState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BalancersTest {
  static NodeView view(String host, int inFlight) {
    return new NodeView(
        Node.of(host),
        NodeState.UP,
        true,
        true,
        true,
        false,
        inFlight,
        inFlight,
        4,
        0,
        0,
        ModelStats.NONE);
  }

  static final RouteRequest REQ = new RouteRequest("chat", "m:latest", null, 10, 1);

  @Test
  void roundRobinVisitsEveryNodeInTurn() {
    Balancer rr = Balancers.roundRobin();
    List<NodeView> nodes = List.of(view("a", 0), view("b", 9), view("c", 0));
    Map<String, Integer> firsts = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      List<Choice> ranked = rr.rank(REQ, nodes);
      assertThat(ranked).hasSize(3);
      firsts.merge(ranked.get(0).node().id(), 1, Integer::sum);
    }
    assertThat(firsts.values()).containsOnly(10);
  }

  @Test
  void leastOutstandingPicksTheLessLoadedOfTwo() {
    Balancer lo = Balancers.leastOutstanding(new Random(7));
    List<NodeView> nodes = List.of(view("a", 3), view("b", 0));
    for (int i = 0; i < 10; i++) {
      assertThat(lo.rank(REQ, nodes).get(0).node().id()).isEqualTo("http://b:11434");
    }
  }

  @Test
  void leastOutstandingRanksEveryCandidate() {
    Balancer lo = Balancers.leastOutstanding(new Random(1));
    List<NodeView> nodes = List.of(view("a", 3), view("b", 0), view("c", 1), view("d", 2));
    assertThat(lo.rank(REQ, nodes))
        .extracting(c -> c.node().id())
        .doesNotHaveDuplicates()
        .hasSize(4);
  }

  @Test
  void defaultRoutingIsLlmAware() {
    assertThat(RoutingConfig.defaults().balancerName()).isEqualTo("llm-aware");
    assertThat(RoutingConfig.defaults().hedgeAfter()).isNull();
  }

  @Test
  void aChoiceWithoutNodeOrReasonIsRefusedWhereTheBalancerMakesIt() {
    assertThatNullPointerException()
        .isThrownBy(() -> new Choice(null, 1, "warm"))
        .withMessage("node");
    assertThatNullPointerException()
        .isThrownBy(() -> new Choice(view("a", 0), 1, null))
        .withMessage("reason");
  }
}
