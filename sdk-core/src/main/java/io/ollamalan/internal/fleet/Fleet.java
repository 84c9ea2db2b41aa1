package io.ollamalan.internal.fleet;

import io.ollamalan.FleetEvent;
import io.ollamalan.FleetListener;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.discovery.HealthCheckConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of nodes the client knows, merged from every discovery source, with each node's health
 * and inventory. Readers on the request path see an immutable array swapped on change; writers
 * (sources, health checks, passive signals) serialize on this object's lock.
 *
 * <p>Health moves by the rules documented on {@link HealthCheckConfig}: active checks and real
 * traffic both report through {@link #recordSuccess(NodeHandle)} and {@link
 * #recordFailure(NodeHandle, FailureKind, String)}.
 */
public final class Fleet {
  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private static final NodeHandle[] EMPTY = new NodeHandle[0];

  private final Clock clock;
  private final int failuresToDown;
  private final int successesToUp;

  /** In registration order, so that the first source to report an id decides its metadata. */
  private final Map<String, Set<Node>> bySource = new LinkedHashMap<>();

  private final Map<String, NodeHandle> handles = new LinkedHashMap<>();
  private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
  private volatile NodeHandle[] all = EMPTY;

  private volatile @Nullable Function<Node, Optional<String>> nodeFilter;
  private volatile @Nullable TransitionHook transitionHook;
  private final Set<String> refusedLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Runs on every state change under the fleet's lock, before the new state is visible to anyone
   * (routing, {@link #handles()}, listeners): what a state change must have done by the time a call
   * can see the new state. It must be quick and take no lock of the fleet's.
   */
  @FunctionalInterface
  public interface TransitionHook {
    void beforeVisible(String nodeId, NodeState from, NodeState to);
  }

  /** Sets the one {@link TransitionHook}. */
  public void setTransitionHook(TransitionHook hook) {
    this.transitionHook = hook;
  }

  /**
   * Refuses nodes before they join: {@code filter} returns why a node may not be used (e.g. plain
   * http when TLS is required), or empty to accept it. A refused node is logged once.
   */
  public void setNodeFilter(Function<Node, Optional<String>> filter) {
    this.nodeFilter = filter;
  }

  public Fleet(Clock clock) {
    this(clock, HealthCheckConfig.defaults());
  }

  public Fleet(Clock clock, HealthCheckConfig health) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.failuresToDown = health.failuresToDown();
    this.successesToUp = health.successesToUp();
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

  /** The node with this id, or null when the fleet has none. */
  public @Nullable NodeHandle handle(String nodeId) {
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
   * Replaces what {@code source} sees. New nodes join as {@link NodeState#UNKNOWN}; nodes no source
   * reports any more drain and are removed once idle. When several sources report the same id, the
   * source that reported first decides weight, zone and labels.
   */
  public void update(String source, Set<Node> nodes) {
    List<FleetEvent> events = new ArrayList<>();
    Function<Node, Optional<String>> filter = nodeFilter;
    if (filter != null) {
      Set<Node> allowed = new java.util.LinkedHashSet<>();
      for (Node n : nodes) {
        Optional<String> refusal = filter.apply(n);
        if (refusal.isPresent()) {
          if (refusedLogged.add(n.id())) {
            log.warn("discovery source {}: {}", source, refusal.get());
          }
        } else {
          allowed.add(n);
        }
      }
      nodes = allowed;
    }
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
          log.info("node {} joined from {}", n.id(), source);
          continue;
        }
        if (!h.node().equals(n)) {
          NodeStatus before = h.status();
          h.setNode(n);
          events.add(new FleetEvent(FleetEvent.Type.INVENTORY_CHANGED, before, h.status()));
        }
        if (h.state() == NodeState.DRAINING) {
          NodeStatus before = h.rawStatus();
          h.healthFailures = 0;
          h.healthSuccesses = 0;
          beforeVisibleLocked(h, before.state(), NodeState.UNKNOWN);
          h.setStatus(NodeHandle.withState(before, NodeState.UNKNOWN, now));
          events.add(new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, h.status()));
          log.info("node {} is back in discovery, no longer draining", h.id());
        }
      }
      for (NodeHandle h : new ArrayList<>(handles.values())) {
        if (!wanted.containsKey(h.id()) && h.state() != NodeState.DRAINING) {
          NodeStatus before = h.rawStatus();
          beforeVisibleLocked(h, before.state(), NodeState.DRAINING);
          h.setStatus(NodeHandle.withState(before, NodeState.DRAINING, now));
          events.add(new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, h.status()));
          log.info(
              "node {} left discovery; draining {} in-flight request(s)", h.id(), h.inFlight());
        }
      }
      reapLocked(events);
      publishLocked();
    }
    fire(events);
  }

  /** Forgets everything {@code source} reported, as if it reported an empty set. */
  public void removeSource(String source) {
    update(source, Set.of());
    synchronized (this) {
      bySource.remove(source);
    }
  }

  /** Removes draining nodes that have nothing in flight; call after a request to a node ends. */
  public void reap() {
    List<FleetEvent> events = new ArrayList<>();
    synchronized (this) {
      if (!hasDrainingIdleLocked()) {
        return;
      }
      reapLocked(events);
      publishLocked();
    }
    fire(events);
  }

  /** Sets a node's health state by hand; a no-op for unknown or draining nodes. */
  public void setState(NodeHandle h, NodeState state, @Nullable String error) {
    FleetEvent event;
    synchronized (this) {
      if (handles.get(h.id()) != h) {
        return;
      }
      NodeStatus before = h.rawStatus();
      if (before.state() == NodeState.DRAINING && state != NodeState.DRAINING) {
        return;
      }
      h.healthFailures = 0;
      h.healthSuccesses = 0;
      boolean failed = error != null && !error.isEmpty();
      event =
          transitionLocked(
              h,
              before,
              state,
              failed ? error : null,
              failed ? before.consecutiveFailures() + 1 : 0);
    }
    fireOne(event);
  }

  /**
   * A call to the node succeeded: an active check, or a request from real traffic. Cheap when the
   * node is already healthy, so the client may call it on every response.
   */
  public void recordSuccess(NodeHandle h) {
    NodeStatus s = h.rawStatus();
    if (s.state() == NodeState.UP && s.consecutiveFailures() == 0) {
      return;
    }
    FleetEvent event;
    synchronized (this) {
      if (handles.get(h.id()) != h) {
        return;
      }
      NodeStatus before = h.rawStatus();
      h.healthFailures = 0;
      NodeState next;
      switch (before.state()) {
        case UNKNOWN -> {
          h.healthSuccesses = successesToUp;
          next = NodeState.UP;
        }
        case DOWN -> {
          h.healthSuccesses = 1;
          next = h.healthSuccesses >= successesToUp ? NodeState.UP : NodeState.DEGRADED;
        }
        case DEGRADED -> {
          h.healthSuccesses++;
          next = h.healthSuccesses >= successesToUp ? NodeState.UP : NodeState.DEGRADED;
        }
        case UP -> next = NodeState.UP;
        default -> {
          return;
        }
      }
      event = transitionLocked(h, before, next, null, 0);
    }
    fireOne(event);
  }

  /** Like {@link #recordFailure(NodeHandle, FailureKind, String)} with a generic message. */
  public void recordFailure(NodeHandle h, FailureKind kind) {
    recordFailure(h, kind, kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  /**
   * A call to the node failed. {@link FailureKind#BUSY} changes nothing. Kinds that {@linkplain
   * FailureKind#countsTowardDown() count toward DOWN} make the node DOWN after {@code
   * failuresToDown} in a row and DEGRADED before that; the others make an UP node DEGRADED.
   *
   * @param error a short description for {@link NodeStatus#lastError()}, or null for the kind's
   *     name; must not contain credentials (name the node by {@link Node#id()})
   */
  public void recordFailure(NodeHandle h, FailureKind kind, @Nullable String error) {
    if (kind == FailureKind.BUSY) {
      return;
    }
    FleetEvent event;
    synchronized (this) {
      if (handles.get(h.id()) != h) {
        return;
      }
      NodeStatus before = h.rawStatus();
      if (before.state() == NodeState.DRAINING) {
        return;
      }
      h.healthSuccesses = 0;
      NodeState next = before.state();
      if (kind.countsTowardDown()) {
        h.healthFailures++;
        next =
            h.healthFailures >= failuresToDown
                ? NodeState.DOWN
                : before.state() == NodeState.DOWN ? NodeState.DOWN : NodeState.DEGRADED;
      } else if (before.state() == NodeState.UP || before.state() == NodeState.UNKNOWN) {
        next = NodeState.DEGRADED;
      }
      event =
          transitionLocked(
              h,
              before,
              next,
              error == null || error.isEmpty() ? kind.name() : error,
              before.consecutiveFailures() + 1);
    }
    fireOne(event);
  }

  /** Records what health checks learned; only fields given non-null change. */
  public void setInventory(
      NodeHandle h,
      @Nullable String version,
      @Nullable Set<String> installed,
      @Nullable List<LoadedModel> loaded,
      @Nullable Duration latency) {
    FleetEvent event = null;
    synchronized (this) {
      if (handles.get(h.id()) != h) {
        return;
      }
      NodeStatus b = h.rawStatus();
      NodeStatus after =
          new NodeStatus(
              b.node(),
              b.state(),
              b.stateSince(),
              version != null ? version : b.version(),
              installed != null ? installed : b.installedModels(),
              loaded != null ? loaded : b.loadedModels(),
              b.inventoryKnown() || installed != null,
              0,
              b.lastError(),
              b.lastErrorAt(),
              latency != null ? latency : b.latency(),
              b.consecutiveFailures());
      h.setStatus(after);
      if (!after.version().equals(b.version())
          || !after.installedModels().equals(b.installedModels())
          || !after.loadedModels().equals(b.loadedModels())) {
        event = new FleetEvent(FleetEvent.Type.INVENTORY_CHANGED, b, h.status());
      }
    }
    fireOne(event);
  }

  /** Moves {@code h} to {@code state}; the event to fire, or null when the state did not change. */
  private @Nullable FleetEvent transitionLocked(
      NodeHandle h,
      NodeStatus before,
      NodeState state,
      @Nullable String error,
      int consecutiveFailures) {
    Instant now = clock.instant();
    NodeStatus after =
        new NodeStatus(
            before.node(),
            state,
            state == before.state() ? before.stateSince() : now,
            before.version(),
            before.installedModels(),
            before.loadedModels(),
            before.inventoryKnown(),
            0,
            error != null ? error : before.lastError(),
            error != null ? now : before.lastErrorAt(),
            before.latency(),
            consecutiveFailures);
    if (before.state() != state) {
      beforeVisibleLocked(h, before.state(), state);
    }
    h.setStatus(after);
    if (before.state() == state) {
      return null;
    }
    if (error != null) {
      log.info("node {} is {} (was {}): {}", h.id(), state, before.state(), error);
    } else {
      log.info("node {} is {} (was {})", h.id(), state, before.state());
    }
    return new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, h.status());
  }

  /** Runs the {@link TransitionHook}, if any, for a state change about to be set. */
  private void beforeVisibleLocked(NodeHandle h, NodeState from, NodeState to) {
    TransitionHook hook = transitionHook;
    if (hook == null) {
      return;
    }
    try {
      hook.beforeVisible(h.id(), from, to);
    } catch (RuntimeException e) {
      log.warn("transition hook failed for node {} ({} -> {})", h.id(), from, to, e);
    }
  }

  private boolean hasDrainingIdleLocked() {
    for (NodeHandle h : handles.values()) {
      if (h.state() == NodeState.DRAINING && h.inFlight() == 0) {
        return true;
      }
    }
    return false;
  }

  private void reapLocked(List<FleetEvent> events) {
    handles
        .values()
        .removeIf(
            h -> {
              if (h.state() == NodeState.DRAINING && h.inFlight() == 0) {
                events.add(new FleetEvent(FleetEvent.Type.REMOVED, h.status(), h.status()));
                log.info("node {} removed after draining", h.id());
                return true;
              }
              return false;
            });
  }

  private void publishLocked() {
    all = handles.values().toArray(EMPTY);
  }

  private void fireOne(@Nullable FleetEvent event) {
    if (event != null) {
      fire(List.of(event));
    }
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
