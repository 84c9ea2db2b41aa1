package io.ollamalan.examples.recipes;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.gateway.Gateway;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The gRPC client: the same {@link OllamaClient}, built with {@code grpc://} addresses, reaches the
 * fleet through one or more gateways instead of the nodes ({@code sdk-grpc} on the class path is
 * all it takes). With {@code OLLAMA_GATEWAY=grpc://gw-1.lan:50051,grpc://gw-2.lan:50051} it uses
 * those gateways; otherwise it starts one in-process (see {@link GrpcGateway}) in front of the
 * fleet.
 */
public final class GrpcClient {
  private GrpcClient() {}

  /** What the recipe saw: the streamed answer, its chunks, and the gateways the client knows. */
  public record Result(String answer, int chunks, List<String> gateways) {}

  public static void main(String[] args) throws IOException {
    String configured = System.getenv("OLLAMA_GATEWAY");
    if (configured != null && !configured.isBlank()) {
      List<String> gateways =
          Arrays.stream(configured.split(","))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .toList();
      String model = System.getenv().getOrDefault("OLLAMA_MODEL", "llama3.2");
      run(gateways, model, System.out);
      return;
    }
    try (RecipeFleet fleet = RecipeFleet.open();
        Gateway gateway = GrpcGateway.start(fleet, 0)) {
      run(List.of("grpc://127.0.0.1:" + gateway.port()), fleet.chatModel(), System.out);
    }
  }

  public static Result run(List<String> gateways, String model, PrintStream out) {
    // grpc:// is plaintext; grpcs:// takes the builder's tls(...) exactly as https:// nodes do.
    try (OllamaClient client =
        OllamaClient.builder().nodes(gateways.toArray(String[]::new)).build()) {
      StringBuilder answer = new StringBuilder();
      int chunks = 0;
      try (ResponseStream<ChatResponse> stream =
          client.chatStream(ChatRequest.builder(model).user("Tell me about the sea.").build())) {
        while (stream.hasNext()) {
          String token = stream.next().content();
          answer.append(token);
          chunks++;
          out.print(token);
          out.flush();
        }
      }
      out.println();
      // Over gRPC the client's fleet is its gateways; the nodes behind them are the gateway's.
      List<String> known = client.fleet().nodes().stream().map(s -> s.node().id()).toList();
      out.println("(" + chunks + " chunks through " + String.join(", ", known) + ")");
      return new Result(answer.toString(), chunks, known);
    }
  }
}
