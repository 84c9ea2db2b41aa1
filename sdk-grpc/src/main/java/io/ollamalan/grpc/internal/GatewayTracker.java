package io.ollamalan.grpc.internal;

import io.ollamalan.FleetEvent;
import io.ollamalan.FleetListener;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client knows of each gateway, for {@link io.ollamalan.OllamaClient#fleet()}: the set
 * discovery reports, and per gateway the outcome of the calls it served (a call is attributed to a
 * gateway by the remote address of its connection). A gateway is {@link NodeState#UNKNOWN} until it
 * served a call, {@link NodeState#UP} after it answered and {@link NodeState#DOWN} after a
 * connection to it died under a call, including an attempt gRPC then retried on another gateway.
 */
final class GatewayTracker {
  private static final Logger log = LoggerFactory.getLogger(GatewayTracker.class);

  private final Clock clock;
  private final Map<String, Entry> gateways = new ConcurrentHashMap<>();
  private volatile Map<SocketAddress, String> ids = Map.of();
  private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();

  GatewayTracker(Clock clock) {
    this.clock = clock;
  }

  void addListener(FleetListener l) {
    listeners.add(l);
  }

  void removeListener(FleetListener l) {
    listeners.remove(l);
  }

  /** The gateways discovery reports now, and which socket address belongs to which. */
  synchronized void known(Set<GatewayAddress> all, Map<SocketAddress, String> addressIds) {
    this.ids = Map.copyOf(addressIds);
    Set<String> now = new java.util.HashSet<>();
    for (GatewayAddress g : all) {
      now.add(g.id());
      if (!gateways.containsKey(g.id())) {
        Entry e = new Entry(g, clock.instant());
        gateways.put(g.id(), e);
        emit(new FleetEvent(FleetEvent.Type.ADDED, null, e.status()));
      }
    }
    for (Entry e : List.copyOf(gateways.values())) {
      if (!now.contains(e.address.id())) {
        gateways.remove(e.address.id());
        // As the core's fleet does: a removed node's last status is both before and after.
        emit(new FleetEvent(FleetEvent.Type.REMOVED, e.status(), e.status()));
      }
    }
  }

  /** The gateway id of a connection's remote address, or null. */
  @Nullable String idOf(@Nullable SocketAddress remote) {
    return remote == null ? null : ids.get(remote);
  }

  void started(@Nullable String id) {
    Entry e = id == null ? null : gateways.get(id);
    if (e != null) {
      synchronized (e) {
        e.inFlight++;
      }
    }
  }

  /**
   * A call through gateway {@code id} ended. {@code connectionLost} when its connection died, which
   * {@link #connectionLost} already counted; otherwise the gateway answered (even with an error,
   * which is the fleet's) and is up.
   */
  void ended(@Nullable String id, boolean connectionLost) {
    Entry e = id == null ? null : gateways.get(id);
    if (e == null) {
      return;
    }
    synchronized (e) {
      e.inFlight = Math.max(0, e.inFlight - 1);
    }
    if (!connectionLost) {
      update(e, false, "");
    }
  }

  /**
   * A connection to gateway {@code id} died under a call (an attempt gRPC may have retried
   * elsewhere): the gateway is failing.
   */
  void connectionLost(@Nullable String id, String error) {
    Entry e = id == null ? null : gateways.get(id);
    if (e != null) {
      update(e, true, error);
    }
  }

  /** Whether discovery reports a gateway that is not in {@code ids}. */
  boolean hasGatewayOtherThan(Set<String> ids) {
    for (String id : gateways.keySet()) {
      if (!ids.contains(id)) {
        return true;
      }
    }
    return false;
  }

  private void update(Entry e, boolean failed, String error) {
    NodeStatus before;
    NodeStatus after;
    synchronized (e) {
      before = e.status();
      NodeState state = failed ? NodeState.DOWN : NodeState.UP;
      if (failed) {
        e.failures++;
        e.lastError = error;
        e.lastErrorAt = clock.instant();
      } else {
        e.failures = 0;
      }
      if (state != e.state) {
        e.state = state;
        e.since = clock.instant();
      }
      after = e.status();
    }
    if (before.state() != after.state()) {
      emit(new FleetEvent(FleetEvent.Type.STATE_CHANGED, before, after));
    }
  }

  FleetSnapshot snapshot() {
    List<NodeStatus> list = new ArrayList<>();
    for (Entry e : gateways.values()) {
      synchronized (e) {
        list.add(e.status());
      }
    }
    list.sort(Comparator.comparing(s -> s.node().id()));
    return new FleetSnapshot(clock.instant(), list, 0);
  }

  private void emit(FleetEvent event) {
    for (FleetListener l : listeners) {
      try {
        l.onFleetEvent(event);
      } catch (RuntimeException ex) {
        log.warn("fleet listener {} failed", l, ex);
      }
    }
  }

  private static final class Entry {
    final GatewayAddress address;
    final Node node;
    NodeState state = NodeState.UNKNOWN;
    Instant since;
    int inFlight;
    int failures;
    String lastError = "";
    @Nullable Instant lastErrorAt;

    Entry(GatewayAddress address, Instant since) {
      this.address = address;
      this.node = new Node(URI.create(address.id()), Node.DEFAULT_WEIGHT, "", Map.of());
      this.since = since;
    }

    NodeStatus status() {
      return new NodeStatus(
          node,
          state,
          since,
          "",
          Set.of(),
          List.of(),
          false,
          inFlight,
          lastError,
          lastErrorAt,
          java.time.Duration.ZERO,
          failures);
    }
  }
}
