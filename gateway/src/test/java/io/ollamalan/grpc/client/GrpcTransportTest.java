package io.ollamalan.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.gateway.Gateway;
import io.ollamalan.gateway.GatewayConfig;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC transport of OllamaClient against the real gateway over Netty on loopback, in front of a
 * fake fleet: what an application sees when it swaps http:// node addresses for a grpc:// gateway
 * address.
 */
class GrpcTransportTest {
  static final String MODEL = "llama3.2";

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private FakeFleet fleet(java.util.function.Consumer<FakeOllamaNode.Builder> node) {
    return keep(FakeFleet.startIndexed(1, 0, (i, b) -> node.accept(b)));
  }

  private Gateway gateway(FakeFleet fleet, UnaryOperator<GatewayConfig.Builder> config)
      throws Exception {
    return keep(
        Gateway.builder()
            .config(
                config
                    .apply(
                        GatewayConfig.builder()
                            .host("127.0.0.1")
                            .port(0)
                            .metricsEnabled(false)
                            .nodes(fleet.baseUrls()))
                    .build())
            .start());
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder(MODEL).user(text).build();
  }

  @Test
  void streamedChatThroughTheGatewayMatchesTheDirectAnswer() throws Exception {
    FakeFleet fleet = fleet(b -> b.model(FakeModel.chat(MODEL).replyTokens(12)).loaded(MODEL));
    Gateway gateway = gateway(fleet, c -> c);
    OllamaClient viaGateway =
        keep(OllamaClient.builder().nodes("grpc://127.0.0.1:" + gateway.port()).build());
    OllamaClient direct = keep(OllamaClient.builder().nodes(fleet.baseUrls().get(0)).build());

    List<ChatResponse> chunks = new ArrayList<>();
    try (ResponseStream<ChatResponse> s = viaGateway.chatStream(ask("why is the sky blue?"))) {
      s.forEachRemaining(chunks::add);
      assertThat(s.nodeId()).isEqualTo(fleet.baseUrls().get(0));
    }
    assertThat(chunks.size()).isGreaterThan(2);
    assertThat(chunks.get(chunks.size() - 1).done()).isTrue();
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.content()));
    assertThat(text.toString()).isEqualTo(direct.chat(ask("why is the sky blue?")).content());
    assertThat(viaGateway.chat(ask("why is the sky blue?")).content()).isEqualTo(text.toString());
  }

  @Test
  void closingTheStreamCancelsTheNodesGeneration() throws Exception {
    FakeFleet fleet =
        fleet(
            b ->
                b.model(FakeModel.chat(MODEL).replyTokens(100_000))
                    .loaded(MODEL)
                    .tokensPerSecond(20));
    Gateway gateway = gateway(fleet, c -> c);
    OllamaClient client =
        keep(OllamaClient.builder().nodes("grpc://127.0.0.1:" + gateway.port()).build());
    FakeOllamaNode node = fleet.node(0);
    ResponseStream<ChatResponse> stream = client.chatStream(ask("tell me everything"));
    assertThat(stream.next().done()).isFalse();
    assertThat(node.inFlight()).isEqualTo(1);
    stream.close();
    await().atMost(Duration.ofSeconds(30)).until(() -> node.inFlight() == 0);
  }

  @Test
  void deadlineExceededIsATypedTimeoutAndStopsTheNode() throws Exception {
    FakeFleet fleet =
        fleet(
            b ->
                b.model(FakeModel.chat(MODEL).replyTokens(100_000))
                    .loaded(MODEL)
                    .tokensPerSecond(20));
    Gateway gateway = gateway(fleet, c -> c);
    // Closing a view does nothing: the client it was made from is the one to close.
    OllamaClient client =
        keep(OllamaClient.builder().nodes("grpc://127.0.0.1:" + gateway.port()).build())
            .withOptions(CallOptions.DEFAULT.withDeadline(Duration.ofMillis(800)));
    assertThatThrownBy(() -> client.chat(ask("tell me everything")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(OllamaException.Kind.TIMEOUT);
              assertThat(e.requestId()).isNotEmpty();
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> fleet.node(0).inFlight() == 0);
  }

  @Test
  void unknownModelIsModelNotFound() throws Exception {
    FakeFleet fleet = fleet(b -> b.model(FakeModel.chat(MODEL)).loaded(MODEL));
    Gateway gateway = gateway(fleet, c -> c);
    OllamaClient client =
        keep(OllamaClient.builder().nodes("grpc://127.0.0.1:" + gateway.port()).build());
    assertThatThrownBy(() -> client.chat(ChatRequest.builder("no-such-model").user("hi").build()))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.MODEL_NOT_FOUND));
  }

  @Test
  void aFailureTheGatewayAnsweredIsNotSentAgainByGrpc() throws Exception {
    FakeFleet fleet = fleet(b -> b.model(FakeModel.chat(MODEL)).loaded(MODEL));
    FakeOllamaNode node = fleet.node(0);
    node.faults().add(Fault.resetBeforeHeaders().onPath("/api/chat").untilCleared());
    Gateway gateway = gateway(fleet, c -> c);
    OllamaClient client =
        keep(OllamaClient.builder().nodes("grpc://127.0.0.1:" + gateway.port()).build());

    // The gateway's own client has already done its failover over the fleet: its UNAVAILABLE
    // answer must reach the caller, not be replayed by gRPC's retry policy on the same fleet.
    assertThatThrownBy(() -> client.chat(ask("hello")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.TRANSPORT));
    assertThat(node.recordedRequests()).filteredOn(r -> r.path().equals("/api/chat")).hasSize(1);
  }
}
