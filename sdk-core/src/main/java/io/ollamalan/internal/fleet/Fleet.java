package io.ollamalan.internal.fleet;

import io.ollamalan.FleetEvent;
import io.ollamalan.FleetListener;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of nodes the client knows, merged from every discovery source, with each node's health
 * and inventory. Readers on the request path see an immutable array swapped on change; writers
 * (sources, health checks, passive signals) serialize on this object's lock.
 */
public final class Fleet {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private static final NodeHandle[] EMPTY = new NodeHandle[0];

  private final Clock clock;
  private final Map<String, Set<Node>> bySource = new HashMap<>();
  private final Map<String, NodeHandle> handles = new LinkedHashMap<>();
  private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
  private volatile NodeHandle[] all = EMPTY;

  public Fleet(Clock clock) {
    this.clock = clock;
  }

  public Clock clock() {
    return clock;
  }

  public void addListener(FleetListener listener) {
    listeners.add(listener);
  }

  public void removeListener(FleetListener listener) {
    listeners.remove(listener);
  }

  /** Every node, draining ones included; do not modify the array. */
  public NodeHandle[] handles() {
    return all;
  }

  public NodeHandle handle(String nodeId) {
    for (NodeHandle h : all) {
      if (h.id().equals(nodeId)) {
        return h;
      }
    }
    return null;
  }

  public FleetSnapshot snapshot() {
    NodeHandle[] hs = all;
    List<NodeStatus> list = new ArrayList<>(hs.length);
    for (NodeHandle h : hs) {
      list.add(h.status());
    }
    list.sort(Comparator.comparing(s -> s.node().id()));
    return new FleetSnapshot(clock.instant(), list);
  }

  /**
   * Replaces what {@code source} sees. New nodes join as {@link NodeState#UNKNOWN}; nodes no
   * source reports any more drain and are removed once idle.
   */
  public void update(String source, Set<Node> nodes) {
    List<FleetEvent> events = new ArrayList<>();
    synchronized (this) {
      bySource.put(source, Set.copyOf(nodes));
      Map<String, Node> wanted = new LinkedHashMap<>();
      for (Set<Node> set : bySource.values()) {
        for (Node n : set) {
          wanted.putIfAbsent(n.id(), n);
        }
      }
      Instant now = clock.instant();
      for (Node n : wanted.values()) {
        NodeHandle h = handles.get(n.id());
        if (h == null) {
          h = new NodeHandle(n, now);
          handles.put(n.id(), h);
          events.add(new FleetEvent(FleetEvent.Type.ADDED, null, h.status()));
        } else if (h.state() == NodeState.DRAINING) {
          NodeStatus before = h.rawStatus();
          h.setStatus(NodeHandle.withState(before, NodeState.UNKNOWN, now));
          events.add(new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, h.status()));
        }
      }
      for (NodeHandle h : new ArrayList<>(handles.values())) {
        if (!wanted.containsKey(h.id()) && h.state() != NodeState.DRAINING) {
          NodeStatus before = h.rawStatus();
          h.setStatus(NodeHandle.withState(before, NodeState.DRAINING, now));
          events.add(new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, h.status()));
        }
      }
      reapLocked(events);
      publishLocked();
    }
    fire(events);
  }

  /** Removes draining nodes that have nothing in flight; call after a request to a node ends. */
  public void reap() {
    List<FleetEvent> events = new ArrayList<>();
    synchronized (this) {
      reapLocked(events);
      publishLocked();
    }
    fire(events);
  }

  /** Sets a node's health state; a no-op for unknown or draining nodes. */
  public void setState(NodeHandle h, NodeState state, String error) {
    FleetEvent event = null;
    synchronized (this) {
      if (handles.get(h.id()) != h) {
        return;
      }
      NodeStatus before = h.rawStatus();
      if (before.state() == NodeState.DRAINING && state != NodeState.DRAINING) {
        return;
      }
      Instant now = clock.instant();
      boolean failed = error != null && !error.isEmpty();
      NodeStatus after = new NodeStatus(before.node(), state,
          state == before.state() ? before.stateSince() : now, before.version(),
          before.installedModels(), before.loadedModels(), before.inventoryKnown(), 0,
          failed ? error : before.lastError(), failed ? now : before.lastErrorAt(),
          before.latency(), failed ? before.consecutiveFailures() + 1 : 0);
      h.setStatus(after);
      if (before.state() != state) {
        event = new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, h.status());
        log.info("node {} is {} (was {}){}", h.id(), state, before.state(),
            failed ? ": " + error : "");
      }
    }
    if (event != null) {
      fire(List.of(event));
    }
  }

  /** Records what health checks learned; only fields given non-null change. */
  public void setInventory(NodeHandle h, String version, Set<String> installed,
      List<LoadedModel> loaded, Duration latency) {
    FleetEvent event = null;
    synchronized (this) {
      if (handles.get(h.id()) != h) {
        return;
      }
      NodeStatus b = h.rawStatus();
      NodeStatus after = new NodeStatus(b.node(), b.state(), b.stateSince(),
          version != null ? version : b.version(),
          installed != null ? installed : b.installedModels(),
          loaded != null ? loaded : b.loadedModels(),
          b.inventoryKnown() || installed != null, 0, b.lastError(), b.lastErrorAt(),
          latency != null ? latency : b.latency(), b.consecutiveFailures());
      h.setStatus(after);
      if (!after.version().equals(b.version())
          || !after.installedModels().equals(b.installedModels())
          || !after.loadedModels().equals(b.loadedModels())) {
        event = new FleetEvent(FleetEvent.Type.INVENTORY_CHANGED, b, h.status());
      }
    }
    if (event != null) {
      fire(List.of(event));
    }
  }

  private void reapLocked(List<FleetEvent> events) {
    handles.values().removeIf(h -> {
      if (h.state() == NodeState.DRAINING && h.inFlight() == 0) {
        events.add(new FleetEvent(FleetEvent.Type.REMOVED, h.status(), h.status()));
        return true;
      }
      return false;
    });
  }

  private void publishLocked() {
    all = handles.values().toArray(EMPTY);
  }

  private void fire(List<FleetEvent> events) {
    for (FleetEvent e : events) {
      for (FleetListener l : listeners) {
        try {
          l.onFleetEvent(e);
        } catch (RuntimeException ex) {
          log.warn("fleet listener {} failed on {}", l, e.type(), ex);
        }
      }
    }
  }
}
