package io.ollamalan.benchmarks.routing;

import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Choice;
import io.ollamalan.routing.NodeView;
import io.ollamalan.routing.RouteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline a careful user would write in an afternoon: a conversation goes back to the node its
 * last call went to; otherwise nodes whose {@code /api/ps} lists the model come first, then the
 * others, each group by fewest calls in flight.
 */
final class SimpleRouter implements Balancer {
  private final ConcurrentHashMap<String, String> lastNode = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "simple";
  }

  @Override
  public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
    String last = request.affinityKey() == null ? null : lastNode.get(request.affinityKey());
    List<Choice> out = new ArrayList<>(candidates.size());
    for (NodeView v : candidates) {
      double score;
      String why;
      if (v.id().equals(last)) {
        score = -1;
        why = "last node of the conversation";
      } else if (request.model() == null || v.modelLoaded()) {
        score = v.inFlight();
        why = "loaded";
      } else {
        score = 1_000_000 + v.inFlight();
        why = "not loaded";
      }
      out.add(new Choice(v, score, why));
    }
    out.sort((a, b) -> Double.compare(a.score(), b.score()));
    return out;
  }

  @Override
  public void placed(RouteRequest request, String nodeId) {
    if (request.affinityKey() != null) {
      lastNode.put(request.affinityKey(), nodeId);
    }
  }
}
