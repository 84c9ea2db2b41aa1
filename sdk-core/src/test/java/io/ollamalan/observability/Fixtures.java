package io.ollamalan.observability;

import io.ollamalan.model.ChatRequest;
import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Choice;
import io.ollamalan.routing.NodeView;
import io.ollamalan.routing.RouteRequest;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Fake nodes and a predictable balancer for the binding tests. */
final class Fixtures {
  static final String MODEL = "llama3.2:latest";

  private Fixtures() {}

  /** A started node on loopback with {@link #MODEL} loaded. */
  static FakeOllamaNode node() {
    return FakeOllamaNode.builder()
        .host("127.0.0.1")
        .port(0)
        .model(FakeModel.chat(MODEL))
        .loaded(MODEL)
        .build()
        .start();
  }

  static ChatRequest chat(String text) {
    return ChatRequest.builder(MODEL).user(text).build();
  }

  /** The node's id as the client names it. */
  static String id(FakeOllamaNode node) {
    return "http://127.0.0.1:" + node.port();
  }

  /** Ranks nodes in the order given, so that a test knows where the first attempt goes. */
  static Balancer preferring(String... nodeIds) {
    List<String> order = List.of(nodeIds);
    return new Balancer() {
      @Override
      public String name() {
        return "preferring";
      }

      @Override
      public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
        List<NodeView> sorted = new ArrayList<>(candidates);
        sorted.sort(
            Comparator.comparingInt(
                v -> {
                  int i = order.indexOf(v.id());
                  return i < 0 ? Integer.MAX_VALUE : i;
                }));
        List<Choice> out = new ArrayList<>();
        for (NodeView v : sorted) {
          out.add(new Choice(v, sorted.size() - out.size(), "preferred"));
        }
        return out;
      }
    };
  }
}
