package io.ollamalan.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an idempotent call's attempts tell its resend, as gRPC reports them to the stream tracers:
 * an attempt on a transport calls {@code streamCreated} then {@code streamClosed}; an attempt that
 * fails before it gets a stream (a transport shutting down, a failed pick) calls only {@code
 * streamClosed}.
 */
class AttemptsTest {
  private static final SocketAddress A = new InetSocketAddress("127.0.0.1", 50051);
  private static final Status IO_EXCEPTION = Status.UNAVAILABLE.withDescription("io exception");

  private final GatewayTracker tracker = new GatewayTracker(Clock.systemUTC());

  @BeforeEach
  void twoGateways() {
    GatewayAddress a = GatewayAddress.parse("grpc://127.0.0.1:50051");
    GatewayAddress b = GatewayAddress.parse("grpc://127.0.0.1:50052");
    tracker.known(Set.of(a, b), Map.of(A, a.id()));
  }

  private static void attempt(
      Attempts attempts, @Nullable SocketAddress remote, boolean answered, Status status) {
    ClientStreamTracer t =
        attempts.newClientStreamTracer(
            ClientStreamTracer.StreamInfo.newBuilder().build(), new Metadata());
    if (remote != null) {
      t.streamCreated(
          Attributes.newBuilder().set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, remote).build(),
          new Metadata());
    }
    if (answered) {
      t.inboundTrailers(new Metadata());
    }
    t.streamClosed(status);
  }

  @Test
  void anAttemptThatLostItsGatewayBeforeTheAnswerIsResentElsewhere() {
    Attempts attempts = new Attempts(tracker);
    attempt(attempts, A, false, IO_EXCEPTION);

    assertThat(attempts.lastLostConnectionBeforeAnswer()).isTrue();
    assertThat(attempts.untriedGatewayLeft()).isTrue();
  }

  @Test
  void aRetryThatGotNoStreamAfterItsGatewayDiedStillFailsOver() {
    // gRPC retried the call while the dead gateway's transport was being torn down: the retry
    // failed with the same status and never got a stream, so it names no gateway.
    Attempts attempts = new Attempts(tracker);
    attempt(attempts, A, false, IO_EXCEPTION);
    attempt(attempts, null, false, IO_EXCEPTION);

    assertThat(attempts.lastLostConnectionBeforeAnswer()).isTrue();
    assertThat(attempts.untriedGatewayLeft()).isTrue();
  }

  @Test
  void aCallThatNeverReachedAGatewayIsNotResent() {
    Attempts attempts = new Attempts(tracker);
    attempt(attempts, null, false, Status.UNAVAILABLE.withDescription("no ready gateway"));
    attempt(attempts, null, false, Status.UNAVAILABLE.withDescription("no ready gateway"));

    assertThat(attempts.lastLostConnectionBeforeAnswer()).isFalse();
  }

  @Test
  void aGatewaysOwnUnavailableAnswerIsNotALostConnection() {
    Attempts attempts = new Attempts(tracker);
    attempt(attempts, A, true, Status.UNAVAILABLE.withDescription("no node can take the call"));

    assertThat(attempts.lastLostConnection()).isFalse();
    assertThat(attempts.lastLostConnectionBeforeAnswer()).isFalse();
  }
}
