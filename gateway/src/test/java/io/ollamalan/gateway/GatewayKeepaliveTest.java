package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import io.ollamalan.grpc.v1.VersionRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client pinging as often as the gateway permits keeps its connection: no GOAWAY {@code
 * too_many_pings}. gRPC-Java's client pings at most every 10 s, so the gateway's permit is lowered
 * to match and the connection is watched over 45 s, long enough for the third ping, the one a
 * stricter server answers with GOAWAY (it tolerates two "strikes").
 */
class GatewayKeepaliveTest {

  @Test
  void aClientPingingAtThePermittedIntervalIsNeverSentAway() throws Exception {
    Duration interval = Duration.ofSeconds(10);
    try (TestGateway gw =
        TestGateway.start(1, n -> {}, c -> c, b -> b.permitKeepAliveTime(interval))) {
      ManagedChannel pinging =
          NettyChannelBuilder.forAddress("127.0.0.1", gw.gateway.port())
              .usePlaintext()
              .keepAliveTime(interval.toMillis(), TimeUnit.MILLISECONDS)
              .keepAliveWithoutCalls(true)
              .build();
      try {
        ModelsServiceGrpc.newBlockingStub(pinging).version(VersionRequest.getDefaultInstance());
        List<ConnectivityState> states = new CopyOnWriteArrayList<>();
        watch(pinging, ConnectivityState.READY, states);

        await()
            .during(Duration.ofSeconds(45))
            .atMost(Duration.ofSeconds(60))
            .until(() -> pinging.getState(false) == ConnectivityState.READY);

        assertThat(states).as("connectivity changes while pinging").isEmpty();
        assertThat(
                ModelsServiceGrpc.newBlockingStub(pinging)
                    .version(VersionRequest.getDefaultInstance())
                    .getVersion())
            .isNotEmpty();
      } finally {
        pinging.shutdownNow();
        pinging.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static void watch(
      ManagedChannel channel, ConnectivityState from, List<ConnectivityState> changes) {
    channel.notifyWhenStateChanged(
        from,
        () -> {
          ConnectivityState now = channel.getState(false);
          if (now != ConnectivityState.SHUTDOWN) {
            changes.add(now);
            watch(channel, now, changes);
          }
        });
  }
}
