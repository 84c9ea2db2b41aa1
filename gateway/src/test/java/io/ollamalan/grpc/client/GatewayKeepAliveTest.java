package io.ollamalan.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.gateway.Gateway;
import io.ollamalan.gateway.GatewayConfig;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A call that stays silent for several keepalive intervals (the node loads its model for 35 s), so
 * that the client pings: the gateway, permitting pings at that interval, never answers GOAWAY
 * too_many_pings, which would fail the call with UNAVAILABLE. gRPC-Java's floor for the client
 * interval is 10 s; a server permitting only one ping in 30 s (or gRPC-Java's 5 minutes) ends the
 * connection at the third ping.
 */
class GatewayKeepAliveTest {
  private static final String MODEL = "llama3.2";
  private static final Duration CLIENT_INTERVAL = Duration.ofSeconds(10);
  private static final Duration PERMITTED = Duration.ofSeconds(5);

  @Test
  void pingsAtThePermittedIntervalNeverEndTheStream() throws Exception {
    try (FakeFleet fleet =
            FakeFleet.startIndexed(
                1,
                0,
                (i, b) ->
                    b.model(
                        FakeModel.chat(MODEL).replyTokens(5).loadTime(Duration.ofSeconds(35))));
        Gateway gateway =
            Gateway.builder()
                .config(
                    GatewayConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .metricsEnabled(false)
                        .permitKeepAliveTime(PERMITTED)
                        .nodes(fleet.baseUrls())
                        .build())
                .start();
        OllamaClient client =
            OllamaClient.builder()
                .nodes("grpc://127.0.0.1:" + gateway.port())
                .grpcKeepAliveTime(CLIENT_INTERVAL)
                .build()) {
      int chunks = 0;
      boolean done = false;
      try (ResponseStream<ChatResponse> s =
          client.chatStream(ChatRequest.builder(MODEL).user("slowly, please").build())) {
        while (s.hasNext()) {
          done = s.next().done();
          chunks++;
        }
      }
      assertThat(done).isTrue();
      assertThat(chunks).isGreaterThan(1);
      // A GOAWAY would have failed the first attempt and made the client retry the call.
      assertThat(
              fleet.node(0).recordedRequests().stream()
                  .filter(r -> r.path().equals("/api/chat"))
                  .count())
          .isEqualTo(1);
    }
  }
}
