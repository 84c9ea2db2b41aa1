package io.ollamalan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The whole fleet at one moment, for routing, dashboards, the CLI and health endpoints.
 *
 * @param takenAt when the snapshot was taken
 * @param nodes every known node, draining ones included, in a stable order (by id)
 * @param queued calls waiting in the client for a node to admit them
 */
public record FleetSnapshot(Instant takenAt, List<NodeStatus> nodes, int queued) {
  public FleetSnapshot {
    nodes = List.copyOf(nodes);
  }

  /** A snapshot with no call queued. */
  public FleetSnapshot(Instant takenAt, List<NodeStatus> nodes) {
    this(takenAt, nodes, 0);
  }

  /** The node with this {@link Node#id()}, if known. */
  public Optional<NodeStatus> node(String id) {
    for (NodeStatus s : nodes) {
      if (s.node().id().equals(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Nodes new requests may go to. */
  public List<NodeStatus> routable() {
    return nodes.stream().filter(s -> s.state().isRoutable()).toList();
  }
}
