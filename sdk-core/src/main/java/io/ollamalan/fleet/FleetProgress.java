package io.ollamalan.fleet;

import java.util.List;

/**
 * Where a fleet-wide pull stands: every node's latest progress, and which node just moved.
 * Delivered to the {@link FleetOperations#pull} listener after each progress line of any node.
 *
 * @param changed the node whose progress this update reports
 * @param nodes every node of the pull, in node id order
 */
public record FleetProgress(String changed, List<NodeProgress> nodes) {

  public FleetProgress {
    nodes = List.copyOf(nodes);
  }

  /**
   * One node's pull.
   *
   * @param nodeId the node
   * @param status Ollama's status line, e.g. {@code pulling 8eeb52dfb3bb} or {@code success}, empty
   *     for a line without one; the failure's message once failed
   * @param completed bytes done of the layer being pulled
   * @param total bytes of that layer, 0 when the status has none
   * @param done whether the node's pull ended, successfully or not
   * @param failed whether it ended in a failure
   */
  public record NodeProgress(
      String nodeId, String status, long completed, long total, boolean done, boolean failed) {

    /** The layer's progress in [0, 1]: 1 once done, 0 while no size is known. */
    public double fraction() {
      if (done) {
        return 1;
      }
      return total <= 0 ? 0 : Math.min(1, (double) completed / total);
    }
  }

  /** The update of {@link #changed()}. */
  public NodeProgress changedNode() {
    return nodes.stream().filter(n -> n.nodeId().equals(changed)).findFirst().orElseThrow();
  }

  /** The mean of every node's {@link NodeProgress#fraction()}. */
  public double fraction() {
    return nodes.isEmpty()
        ? 1
        : nodes.stream().mapToDouble(NodeProgress::fraction).sum() / nodes.size();
  }

  /** Whether every node's pull ended. */
  public boolean done() {
    return nodes.stream().allMatch(NodeProgress::done);
  }
}
