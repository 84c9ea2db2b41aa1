package io.ollamalan.internal.observability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.ollamalan.FleetListener;
import io.ollamalan.NodeState;
import io.ollamalan.OllamaClient;
import io.ollamalan.internal.ClientCore;
import io.ollamalan.internal.HttpFleetClient;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.routing.NodeRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The state of one client that gauges read: per-node load, pools and breakers, and the admission
 * queue. Only clients made by {@link OllamaClient#builder()} (and their views) expose it.
 */
public final class ClientInternals {
  private final ClientCore core;

  private ClientInternals(ClientCore core) {
    this.core = core;
  }

  /**
   * The internals of {@code client}.
   *
   * @throws IllegalArgumentException when {@code client} is not the HTTP fleet client
   */
  public static ClientInternals of(OllamaClient client) {
    if (client instanceof HttpFleetClient c) {
      return new ClientInternals(c.core());
    }
    throw new IllegalArgumentException(
        "gauges need a client made by OllamaClient.builder(); "
            + client.getClass().getName()
            + " keeps its node state elsewhere. Register the binding "
            + "as a listener only: request metrics still work");
  }

  /** Calls waiting for a node to admit them, client-wide. */
  public int queued() {
    return core.router().queued();
  }

  /** Every node now, draining ones included. */
  public List<NodeGauges> nodes() {
    NodeHandle[] hs = core.fleet().handles();
    List<NodeGauges> list = new ArrayList<>(hs.length);
    for (NodeHandle h : hs) {
      list.add(new NodeGauges(h));
    }
    return list;
  }

  public void addFleetListener(FleetListener l) {
    core.fleet().addListener(l);
  }

  public void removeFleetListener(FleetListener l) {
    core.fleet().removeListener(l);
  }

  /**
   * One node's live numbers. Holds the node's handle, so a node that leaves and comes back gets a
   * new instance; {@link #sameNodeAs} tells them apart.
   */
  public static final class NodeGauges {
    private final NodeHandle handle;

    NodeGauges(NodeHandle handle) {
      this.handle = handle;
    }

    public String id() {
      return handle.id();
    }

    public boolean sameNodeAs(NodeGauges other) {
      return other != null && other.handle == handle;
    }

    public NodeState state() {
      return handle.state();
    }

    public int inFlight() {
      return handle.inFlight();
    }

    public int loadedModels() {
      return handle.rawStatus().loadedModels().size();
    }

    public Duration healthCheckLatency() {
      return handle.rawStatus().latency();
    }

    /** The node's circuit breaker, or null before the client first routed a call. */
    public @Nullable CircuitBreaker breaker() {
      NodeRuntime rt = runtime();
      return rt == null ? null : rt.breaker();
    }

    /** Calls the node's breaker refused, 0 before the client first routed a call. */
    public long notPermittedCalls() {
      NodeRuntime rt = runtime();
      return rt == null ? 0 : rt.notPermittedCalls();
    }

    public int concurrencyLimit() {
      NodeRuntime rt = runtime();
      return rt == null ? 0 : rt.concurrencyLimit();
    }

    public int connections() {
      NodeRuntime rt = runtime();
      return rt == null ? 0 : rt.client().connectionCount();
    }

    public int idleConnections() {
      NodeRuntime rt = runtime();
      return rt == null ? 0 : rt.client().idleConnectionCount();
    }

    private @Nullable NodeRuntime runtime() {
      return handle.attachment() instanceof NodeRuntime rt ? rt : null;
    }
  }
}
