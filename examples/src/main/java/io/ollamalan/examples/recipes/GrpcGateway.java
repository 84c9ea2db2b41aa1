package io.ollamalan.examples.recipes;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.ollamalan.gateway.Gateway;
import io.ollamalan.gateway.GatewayConfig;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.FleetServiceGrpc;
import io.ollamalan.grpc.v1.FleetSnapshot;
import io.ollamalan.grpc.v1.GetFleetRequest;
import io.ollamalan.grpc.v1.Message;
import io.ollamalan.grpc.v1.NodeStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway: start it in-process in front of the fleet and call it with the plain generated gRPC
 * stubs, as an application in any language would. It listens on a free loopback port ({@code
 * OLLAMA_GATEWAY_PORT} to choose one) with its metrics endpoint off; {@code java -jar gateway.jar}
 * runs the same server on its own (see docs/gateway.md).
 */
public final class GrpcGateway {
  private GrpcGateway() {}

  /** What the recipe saw: the nodes the gateway reported, the answer, and the gateway's port. */
  public record Result(List<String> fleetNodes, String answer, int port) {}

  public static void main(String[] args) throws IOException {
    try (RecipeFleet fleet = RecipeFleet.open();
        Gateway gateway = start(fleet, portFromEnvironment())) {
      run(gateway, fleet.chatModel(), System.out);
    }
  }

  /**
   * Starts a gateway forwarding to the fleet's nodes, on 127.0.0.1 and {@code port} (0 for a free
   * one), without the Prometheus endpoint (its default port 9464 may be taken; the recipe does not
   * read it).
   */
  public static Gateway start(RecipeFleet fleet, int port) throws IOException {
    GatewayConfig config =
        GatewayConfig.builder()
            .host("127.0.0.1")
            .port(port)
            .metricsEnabled(false)
            .nodes(fleet.nodes())
            .build();
    return Gateway.builder().config(config).start();
  }

  public static Result run(Gateway gateway, String model, PrintStream out) {
    out.println("gateway listening on grpc://127.0.0.1:" + gateway.port());
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", gateway.port(), InsecureChannelCredentials.create())
            .build();
    try {
      // FleetService shows what one endpoint stands for: every node behind it, with its state.
      FleetSnapshot fleet =
          FleetServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .getFleet(GetFleetRequest.getDefaultInstance());
      for (NodeStatus node : fleet.getNodesList()) {
        out.println("  node " + node.getId() + " " + node.getState());
      }

      // A deadline on every call: the gateway makes it the deadline of the call on the fleet.
      ChatResponse reply =
          ChatServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(60, TimeUnit.SECONDS)
              .chat(
                  ChatRequest.newBuilder()
                      .setModel(model)
                      .addMessages(
                          Message.newBuilder().setRole("user").setContent("Why is the sky blue?"))
                      .build());
      String answer = reply.getMessage().getContent();
      out.println("ChatService.Chat -> " + answer);
      return new Result(
          fleet.getNodesList().stream().map(NodeStatus::getId).toList(), answer, gateway.port());
    } finally {
      channel.shutdownNow();
      try {
        channel.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int portFromEnvironment() {
    String port = System.getenv("OLLAMA_GATEWAY_PORT");
    if (port == null || port.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "OLLAMA_GATEWAY_PORT='" + port + "' is not a port number; unset it for a free port", e);
    }
  }
}
