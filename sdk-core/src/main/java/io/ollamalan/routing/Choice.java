package io.ollamalan.routing;

import java.util.Objects;

/**
 * One candidate ranked by a {@link Balancer}.
 *
 * @param node the candidate
 * @param score lower is better; for the LLM-aware balancer, the predicted milliseconds to
 *     completion
 * @param reason why the candidate got that score, in a few words (for routing records and logs)
 */
public record Choice(NodeView node, double score, String reason) {

  /**
   * A ranked candidate.
   *
   * @throws NullPointerException when {@code node} or {@code reason} is null: a balancer's mistake
   *     shows where the balancer made it, not later in the router
   */
  public Choice {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(reason, "reason");
  }
}
