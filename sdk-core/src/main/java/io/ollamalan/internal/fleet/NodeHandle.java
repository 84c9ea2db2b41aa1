package io.ollamalan.internal.fleet;

import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's live record of one node. Health and inventory change rarely and are kept as one
 * immutable {@link NodeStatus} swapped under the fleet's lock; the in-flight count changes on every
 * request and is a lock-free counter read when a status is asked for.
 */
public final class NodeHandle {
  private volatile Node node;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile NodeStatus status;
  private volatile @Nullable Object attachment;

  /** Consecutive failures toward DOWN; guarded by the fleet's lock. */
  int healthFailures;

  /** Consecutive successes toward UP; guarded by the fleet's lock. */
  int healthSuccesses;

  NodeHandle(Node node, Instant now) {
    this.node = node;
    this.status =
        new NodeStatus(
            node,
            NodeState.UNKNOWN,
            now,
            "",
            Set.of(),
            List.of(),
            false,
            0,
            "",
            null,
            Duration.ZERO,
            0);
  }

  public Node node() {
    return node;
  }

  public String id() {
    return node.id();
  }

  public NodeState state() {
    return status.state();
  }

  /** The current status with the live in-flight count. */
  public NodeStatus status() {
    NodeStatus s = status;
    int n = inFlight.get();
    if (s.inFlight() == n) {
      return s;
    }
    return new NodeStatus(
        s.node(),
        s.state(),
        s.stateSince(),
        s.version(),
        s.installedModels(),
        s.loadedModels(),
        s.inventoryKnown(),
        n,
        s.lastError(),
        s.lastErrorAt(),
        s.latency(),
        s.consecutiveFailures());
  }

  /** The status without the in-flight count refreshed; cheap, for hot paths. */
  public NodeStatus rawStatus() {
    return status;
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Claims a slot unless {@code limit} calls are already in flight; lock-free. */
  public boolean tryIncrementInFlight(int limit) {
    while (true) {
      int n = inFlight.get();
      if (n >= limit) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public int incrementInFlight() {
    return inFlight.incrementAndGet();
  }

  public int decrementInFlight() {
    return inFlight.decrementAndGet();
  }

  /** Whether {@code model} is in memory on the node according to the last {@code /api/ps}. */
  public boolean hasLoaded(String model) {
    return status.hasLoaded(model);
  }

  /** Swapped by the fleet only, under its lock. */
  void setStatus(NodeStatus status) {
    this.status = status;
  }

  /** A source reported new weight, zone or labels for the same id; fleet lock held. */
  void setNode(Node node) {
    this.node = node;
    NodeStatus s = status;
    this.status =
        new NodeStatus(
            node,
            s.state(),
            s.stateSince(),
            s.version(),
            s.installedModels(),
            s.loadedModels(),
            s.inventoryKnown(),
            s.inFlight(),
            s.lastError(),
            s.lastErrorAt(),
            s.latency(),
            s.consecutiveFailures());
  }

  /** Per-node state owned by the client (its HTTP client, breaker); null until attached. */
  public @Nullable Object attachment() {
    return attachment;
  }

  public void attach(Object attachment) {
    this.attachment = attachment;
  }

  static NodeStatus withState(NodeStatus s, NodeState state, Instant now) {
    return new NodeStatus(
        s.node(),
        state,
        state == s.state() ? s.stateSince() : now,
        s.version(),
        s.installedModels(),
        s.loadedModels(),
        s.inventoryKnown(),
        s.inFlight(),
        s.lastError(),
        s.lastErrorAt(),
        s.latency(),
        s.consecutiveFailures());
  }

  static NodeStatus withLoaded(NodeStatus s, List<LoadedModel> loaded) {
    return new NodeStatus(
        s.node(),
        s.state(),
        s.stateSince(),
        s.version(),
        s.installedModels(),
        loaded,
        s.inventoryKnown(),
        s.inFlight(),
        s.lastError(),
        s.lastErrorAt(),
        s.latency(),
        s.consecutiveFailures());
  }

  @Override
  public String toString() {
    return "NodeHandle{" + node.id() + ", " + status.state() + ", inFlight=" + inFlight.get() + "}";
  }
}
