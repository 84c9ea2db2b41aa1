package io.ollamalan.routing;

import io.ollamalan.NodeState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why one attempt of one call went where it went: every candidate with its score or the reason it
 * was passed over, the node chosen, and how long the call waited for admission. Delivered to {@link
 * io.ollamalan.ClientListener#onDecision} and logged at DEBUG by {@code io.ollamalan.routing}.
 *
 * @param requestId the call's {@code X-Request-Id}
 * @param operation the endpoint, e.g. {@code chat}
 * @param model the model, or null when the call needs none (e.g. {@code tags})
 * @param balancer the balancer's name
 * @param attempt 1 for the first attempt, more for failovers
 * @param hedge whether this attempt is a hedge racing an earlier one
 * @param candidates every node considered, in rank order, then those passed over
 * @param chosenNodeId the node the attempt went to
 * @param reason why it was chosen (the balancer's reason for it)
 * @param queuedNanos how long the call waited for a node's admission limit, 0 if not at all
 */
public record RoutingDecision(
    String requestId,
    String operation,
    @Nullable String model,
    String balancer,
    int attempt,
    boolean hedge,
    List<Candidate> candidates,
    String chosenNodeId,
    String reason,
    long queuedNanos) {

  public RoutingDecision {
    candidates = List.copyOf(candidates);
  }

  /**
   * One node as it stood for this decision.
   *
   * @param nodeId the node
   * @param state its health
   * @param inFlight calls in flight to it
   * @param limit its admission limit
   * @param score the balancer's score, NaN when it was not ranked
   * @param note the balancer's reason, or why it was passed over (e.g. {@code breaker open}, {@code
   *     at limit}, {@code no model}, {@code already tried})
   */
  public record Candidate(
      String nodeId, NodeState state, int inFlight, int limit, double score, String note) {}

  /** One line for logs. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("request ").append(requestId).append(' ').append(operation);
    if (model != null) {
      sb.append(' ').append(model);
    }
    sb.append(" attempt ")
        .append(attempt)
        .append(hedge ? " (hedge)" : "")
        .append(" -> ")
        .append(chosenNodeId)
        .append(" (")
        .append(reason)
        .append(") by ")
        .append(balancer);
    if (queuedNanos > 0) {
      sb.append(", queued ").append(queuedNanos / 1_000_000).append(" ms");
    }
    sb.append("; candidates:");
    for (Candidate c : candidates) {
      sb.append(' ')
          .append(c.nodeId())
          .append('[')
          .append(c.state())
          .append(", ")
          .append(c.inFlight())
          .append('/')
          .append(c.limit());
      if (!Double.isNaN(c.score())) {
        sb.append(", score ").append(String.format(java.util.Locale.ROOT, "%.1f", c.score()));
      }
      sb.append(", ").append(c.note()).append(']');
    }
    return sb.toString();
  }
}
