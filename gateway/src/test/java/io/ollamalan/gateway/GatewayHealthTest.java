package io.ollamalan.gateway;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.ollamalan.OllamaClient;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gRPC health service follows the fleet: NOT_SERVING when no node can take calls. */
class GatewayHealthTest {

  @Test
  void healthTurnsNotServingWhenTheOnlyNodeDiesAndServingWhenItReturns() throws Exception {
    try (FakeFleet fleet =
            FakeFleet.startIndexed(
                1, 0, (i, b) -> b.model(FakeModel.chat(TestGateway.CHAT_MODEL)));
        OllamaClient client =
            OllamaClient.builder()
                .nodes(fleet.baseUrls().toArray(String[]::new))
                .healthChecks(
                    HealthCheckConfig.builder()
                        .interval(Duration.ofMillis(200))
                        .timeout(Duration.ofSeconds(2))
                        .build())
                .build();
        Gateway gateway =
            Gateway.builder()
                .config(
                    GatewayConfig.builder().host("127.0.0.1").port(0).metricsEnabled(false).build())
                .client(client)
                .start()) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        HealthCheckRequest chat =
            HealthCheckRequest.newBuilder().setService("ollama.api.v1.ChatService").build();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> health.check(chat).getStatus() == ServingStatus.SERVING);

        fleet.node(0).stop();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    health.check(HealthCheckRequest.getDefaultInstance()).getStatus()
                            == ServingStatus.NOT_SERVING
                        && health.check(chat).getStatus() == ServingStatus.NOT_SERVING);

        fleet.node(0).start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> health.check(chat).getStatus() == ServingStatus.SERVING);
      } finally {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
