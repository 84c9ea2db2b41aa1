package io.ollamalan.examples.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.gateway.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs every recipe against an embedded fleet on free ports. */
class RecipesTest {
  private RecipeFleet fleet;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() {
    fleet = RecipeFleet.embedded(0);
  }

  @AfterEach
  void stop() {
    fleet.close();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void streamingChat() {
    StreamingChat.Result r = StreamingChat.run(fleet, out);

    assertThat(r.answer()).isNotBlank();
    assertThat(fleet.nodes()).contains(r.nodeId());
    assertThat(r.chunksBeforeStop()).isEqualTo(5);
    assertThat(printed()).contains(r.answer()).contains("stopped after 5 chunks");
  }

  @Test
  void toolCalling() {
    ToolCalling.Result r = ToolCalling.run(fleet, out);

    assertThat(r.calls()).containsExactly("get_weather");
    assertThat(r.finalAnswer()).isNotBlank();
    assertThat(printed()).contains("model asks for get_weather{city=");
  }

  @Test
  void structuredOutput() {
    var animal = StructuredOutput.run(fleet, out);

    assertThat(animal).containsOnlyKeys("name", "colour", "legs");
    assertThat(animal.get("legs")).isInstanceOf(Integer.class);
  }

  @Test
  void batchEmbeddings() {
    BatchEmbeddings.Result r = BatchEmbeddings.run(fleet, out);

    assertThat(r.vectors()).isEqualTo(BatchEmbeddings.TEXTS);
    assertThat(r.dimensions()).isEqualTo(384);
    assertThat(r.similarity()).isBetween(-1.0, 1.0);
  }

  @Test
  void discoveryFindsTheFleetStaticallyAndByProbe() {
    var found = Discovery.run(fleet, out);

    assertThat(found).containsEntry("static", 3).containsEntry("subnet probe 127.0.0.8/29", 3);
    assertThat(printed()).contains("OLLAMA_DNS_SRV=").contains("OLLAMA_MDNS=true");
  }

  @Test
  void routingAndAffinity() {
    RoutingAndAffinity.Result r = RoutingAndAffinity.run(fleet, out);

    assertThat(r.firstDecision().candidates()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(r.firstDecision().candidates())
        .anyMatch(c -> c.nodeId().equals(r.firstDecision().chosenNodeId()));
    assertThat(r.turnNodes()).hasSize(4);
    assertThat(r.turnNodes().stream().distinct()).hasSize(1);
    assertThat(printed()).contains("why: request tides-1");
  }

  @Test
  void failoverLosesNoCallAndHedgesAroundTheSlowNode() {
    Failover.Result r = Failover.run(fleet, out);

    assertThat(r.failed()).isZero();
    assertThat(r.calls()).isEqualTo(16);
    assertThat(r.recovered()).anyMatch(s -> s.endsWith("SERVER_BUSY"));
    assertThat(r.recovered()).anyMatch(s -> s.endsWith("TRANSPORT"));
    assertThat(r.hedgesStarted()).isPositive();
  }

  @Test
  void tlsPinningPrintsHowWhenNoHttpsNodeIsConfigured() throws Exception {
    assertThat(TlsPinning.run(null, null, out)).isFalse();

    assertThat(printed()).contains("OLLAMA_TLS_NODE").contains("Pins.pinsOfHost");
  }

  @Test
  void grpcGatewayServesTheFleetToPlainGrpcStubs() throws Exception {
    try (Gateway gateway = GrpcGateway.start(fleet, 0)) {
      GrpcGateway.Result r = GrpcGateway.run(gateway, fleet.chatModel(), out);

      assertThat(r.port()).isPositive();
      assertThat(r.fleetNodes()).containsExactlyInAnyOrderElementsOf(fleet.nodes());
      assertThat(r.answer()).isNotBlank();
      assertThat(printed()).contains("ChatService.Chat -> " + r.answer());
    }
  }

  @Test
  void grpcClientStreamsAChatThroughTheGateway() throws Exception {
    try (Gateway gateway = GrpcGateway.start(fleet, 0)) {
      String address = "grpc://127.0.0.1:" + gateway.port();

      GrpcClient.Result r = GrpcClient.run(List.of(address), fleet.chatModel(), out);

      assertThat(r.answer()).isNotBlank();
      assertThat(r.chunks()).isGreaterThan(1);
      assertThat(r.gateways()).containsExactly(address);
      // The call went over gRPC to the gateway, which forwarded it to a node of the fleet.
      assertThat(
              fleet.fake().nodes().stream()
                  .flatMap(n -> n.recordedRequests().stream())
                  .filter(req -> req.path().equals("/api/chat")))
          .hasSize(1);
    }
  }
}
