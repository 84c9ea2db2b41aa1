package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * A change in the fleet.
 *
 * @param type what changed
 * @param previous the node's status before, null for {@link Type#ADDED}
 * @param current the node's status after
 */
public record FleetEvent(Type type, @Nullable NodeStatus previous, NodeStatus current) {
  /** Kinds of change. */
  public enum Type {
    /** A discovery source found a node the fleet did not have. */
    ADDED,
    /** The node's {@link NodeState} changed. */
    STATE_CHANGED,
    /** Installed or loaded models, or the version, changed. */
    INVENTORY_CHANGED,
    /** The node left the fleet after draining. */
    REMOVED
  }
}
