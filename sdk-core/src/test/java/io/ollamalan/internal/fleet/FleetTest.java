package io.ollamalan.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.FleetEvent;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetTest {
  private final TestClock clock = new TestClock();
  private final List<FleetEvent> events = new ArrayList<>();

  private Fleet fleet(int failuresToDown, int successesToUp) {
    Fleet f =
        new Fleet(
            clock,
            HealthCheckConfig.builder()
                .failuresToDown(failuresToDown)
                .successesToUp(successesToUp)
                .build());
    f.addListener(events::add);
    return f;
  }

  private static final Node A = Node.of("http://10.0.0.1:11434");
  private static final Node B = Node.of("http://10.0.0.2:11434");

  @Test
  void theTransitionHookRunsBeforeTheNewStateIsVisible() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    List<String> seen = new ArrayList<>();
    f.setTransitionHook(
        (id, from, to) ->
            seen.add(id + " " + from + "->" + to + " visible " + f.handle(id).state()));
    f.recordSuccess(h);
    f.recordFailure(h, FailureKind.CONNECT, "refused");
    f.recordSuccess(h);
    assertThat(seen)
        .containsExactly(
            A.id() + " UNKNOWN->UP visible UNKNOWN",
            A.id() + " UP->DOWN visible UP",
            A.id() + " DOWN->DEGRADED visible DOWN");
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
  }

  @Test
  void firstSuccessMakesUnknownNodeUp() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    assertThat(h.state()).isEqualTo(NodeState.UNKNOWN);
    f.recordSuccess(h);
    assertThat(h.state()).isEqualTo(NodeState.UP);
  }

  @Test
  void connectFailuresMakeNodeDownAfterThresholdAndDegradedBefore() {
    Fleet f = fleet(3, 1);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    f.recordSuccess(h);
    f.recordFailure(h, FailureKind.CONNECT, "refused");
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    f.recordFailure(h, FailureKind.TIMEOUT, "timeout");
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    clock.advance(Duration.ofSeconds(7));
    f.recordFailure(h, FailureKind.CONNECT, "refused again");
    assertThat(h.state()).isEqualTo(NodeState.DOWN);
    assertThat(h.status().stateSince()).isEqualTo(clock.instant());
    assertThat(h.status().lastError()).isEqualTo("refused again");
    assertThat(h.status().consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void successInBetweenResetsTheFailureCount() {
    Fleet f = fleet(2, 1);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    f.recordSuccess(h);
    f.recordFailure(h, FailureKind.CONNECT);
    f.recordSuccess(h);
    f.recordFailure(h, FailureKind.CONNECT);
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    f.recordFailure(h, FailureKind.CONNECT);
    assertThat(h.state()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void serverErrorsDegradeButNeverTakeNodeDown() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    f.recordSuccess(h);
    for (int i = 0; i < 10; i++) {
      f.recordFailure(h, FailureKind.SERVER_ERROR, "HTTP 500");
      f.recordFailure(h, FailureKind.RESET, "reset");
    }
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    f.recordSuccess(h);
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    f.recordSuccess(h);
    assertThat(h.state()).isEqualTo(NodeState.UP);
  }

  @Test
  void busyIsNotAHealthFailure() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    f.recordSuccess(h);
    events.clear();
    for (int i = 0; i < 5; i++) {
      f.recordFailure(h, FailureKind.ofStatus(503), "server busy");
      f.recordFailure(h, FailureKind.ofStatus(429), "rate limited");
    }
    assertThat(h.state()).isEqualTo(NodeState.UP);
    assertThat(h.status().consecutiveFailures()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void downNodeComesBackDegradedThenUp() {
    Fleet f = fleet(1, 3);
    f.update("s", Set.of(A));
    NodeHandle h = f.handle(A.id());
    f.recordFailure(h, FailureKind.CONNECT, "refused");
    assertThat(h.state()).isEqualTo(NodeState.DOWN);
    assertThat(h.status().state().isRoutable()).isFalse();
    f.recordSuccess(h);
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    f.recordSuccess(h);
    assertThat(h.state()).isEqualTo(NodeState.DEGRADED);
    f.recordSuccess(h);
    assertThat(h.state()).isEqualTo(NodeState.UP);
    assertThat(events)
        .extracting(e -> e.type() + ":" + e.current().state())
        .containsExactly(
            "ADDED:UNKNOWN", "STATE_CHANGED:DOWN", "STATE_CHANGED:DEGRADED", "STATE_CHANGED:UP");
  }

  @Test
  void failureKindsFromExceptionsAndStatuses() {
    assertThat(FailureKind.of(new java.net.ConnectException("refused")))
        .isEqualTo(FailureKind.CONNECT);
    assertThat(FailureKind.of(new java.net.SocketTimeoutException("connect timed out")))
        .isEqualTo(FailureKind.CONNECT);
    assertThat(FailureKind.of(new java.net.SocketTimeoutException("Read timed out")))
        .isEqualTo(FailureKind.TIMEOUT);
    assertThat(FailureKind.of(new java.io.InterruptedIOException("timeout")))
        .isEqualTo(FailureKind.TIMEOUT);
    assertThat(FailureKind.of(new java.net.SocketException("Connection reset")))
        .isEqualTo(FailureKind.RESET);
    assertThat(FailureKind.ofStatus(500)).isEqualTo(FailureKind.SERVER_ERROR);
    assertThat(FailureKind.ofStatus(503)).isEqualTo(FailureKind.BUSY);
    assertThat(FailureKind.ofStatus(404)).isNull();
    assertThat(FailureKind.ofStatus(200)).isNull();
  }

  @Test
  void sourcesAreMergedAndDeduplicatedById() {
    Fleet f = fleet(1, 2);
    f.update("static", Set.of(A.withZone("rack-1"), B));
    f.update("dns", Set.of(Node.of("10.0.0.1"), Node.of("http://user:secret@10.0.0.2:11434")));
    assertThat(f.handles()).hasSize(2);
    assertThat(f.snapshot().node(A.id()).orElseThrow().node().zone()).isEqualTo("rack-1");
    assertThat(events).filteredOn(e -> e.type() == FleetEvent.Type.ADDED).hasSize(2);
    f.update("static", Set.of());
    assertThat(f.handles()).hasSize(2);
    assertThat(f.handle(A.id()).state()).isEqualTo(NodeState.UNKNOWN);
  }

  @Test
  void nodeLeavingDiscoveryDrainsUntilInFlightRequestsEndThenIsRemoved() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A, B));
    NodeHandle a = f.handle(A.id());
    f.recordSuccess(a);
    a.incrementInFlight();
    a.incrementInFlight();
    f.update("s", Set.of(B));
    assertThat(a.state()).isEqualTo(NodeState.DRAINING);
    assertThat(f.snapshot().routable()).extracting(s -> s.node().id()).containsExactly(B.id());
    f.recordFailure(a, FailureKind.CONNECT, "ignored while draining");
    f.recordSuccess(a);
    assertThat(a.state()).isEqualTo(NodeState.DRAINING);
    a.decrementInFlight();
    f.reap();
    assertThat(f.handle(A.id())).isSameAs(a);
    a.decrementInFlight();
    f.reap();
    assertThat(f.handle(A.id())).isNull();
    assertThat(events).extracting(FleetEvent::type).endsWith(FleetEvent.Type.REMOVED);
  }

  @Test
  void drainingNodeThatReturnsToDiscoveryIsKept() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle a = f.handle(A.id());
    a.incrementInFlight();
    f.update("s", Set.of());
    assertThat(a.state()).isEqualTo(NodeState.DRAINING);
    f.update("s", Set.of(A));
    assertThat(a.state()).isEqualTo(NodeState.UNKNOWN);
    a.decrementInFlight();
    f.reap();
    assertThat(f.handle(A.id())).isSameAs(a);
  }

  @Test
  void metadataChangeFromSourceUpdatesTheNode() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle a = f.handle(A.id());
    f.update("s", Set.of(A.withWeight(300).withLabels(Map.of("gpu", "a100"))));
    assertThat(f.handle(A.id())).isSameAs(a);
    assertThat(a.node().weight()).isEqualTo(300);
    assertThat(a.status().node().labels()).containsEntry("gpu", "a100");
  }

  @Test
  void removedHandleIgnoresLateSignals() {
    Fleet f = fleet(1, 2);
    f.update("s", Set.of(A));
    NodeHandle old = f.handle(A.id());
    f.update("s", Set.of());
    f.update("s", Set.of(A));
    NodeHandle fresh = f.handle(A.id());
    assertThat(fresh).isNotSameAs(old);
    f.recordFailure(old, FailureKind.CONNECT, "late");
    assertThat(fresh.state()).isEqualTo(NodeState.UNKNOWN);
  }
}
