package io.ollamalan.routing;

/**
 * One candidate ranked by a {@link Balancer}.
 *
 * @param node the candidate
 * @param score lower is better; for the LLM-aware balancer, the predicted milliseconds to
 *     completion
 * @param reason why the candidate got that score, in a few words (for routing records and logs)
 */
public record Choice(NodeView node, double score, String reason) {}
