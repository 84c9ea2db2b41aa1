package io.ollamalan.fleet;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of one fleet operation, one per node it concerned, in node id order.
 *
 * @param operation what was done, e.g. {@code pull llama3.2:latest}
 * @param nodes one result per node
 * @param <T> the per-node answer
 */
public record FleetResult<T>(String operation, List<NodeResult<T>> nodes) {

  public FleetResult {
    Objects.requireNonNull(operation, "operation");
    nodes = List.copyOf(nodes);
  }

  /** The nodes that did it. */
  public List<NodeResult<T>> succeeded() {
    return nodes.stream().filter(NodeResult::succeeded).toList();
  }

  /** The nodes that were asked and failed. */
  public List<NodeResult<T>> failed() {
    return nodes.stream().filter(NodeResult::failed).toList();
  }

  /** The nodes skipped, each with its reason. */
  public List<NodeResult<T>> skipped() {
    return nodes.stream().filter(r -> r.outcome() == NodeResult.Outcome.SKIPPED).toList();
  }

  /** Whether no node failed (skipped nodes do not count as failures). */
  public boolean allSucceeded() {
    return nodes.stream().noneMatch(NodeResult::failed);
  }

  /** The result for one node, if the operation concerned it. */
  public Optional<NodeResult<T>> node(String nodeId) {
    return nodes.stream().filter(r -> r.nodeId().equals(nodeId)).findFirst();
  }

  /** One line per node, for logs and terminals. */
  public String summary() {
    StringBuilder sb = new StringBuilder(operation).append(": ");
    sb.append(succeeded().size()).append(" succeeded, ");
    sb.append(failed().size()).append(" failed, ");
    sb.append(skipped().size()).append(" skipped");
    for (NodeResult<T> r : nodes) {
      sb.append("\n  ").append(r.nodeId()).append(' ').append(r.outcome());
      if (!r.detail().isEmpty()) {
        sb.append(": ").append(r.detail());
      }
    }
    return sb.toString();
  }
}
