package io.ollamalan.examples;

import io.ollamalan.FleetSnapshot;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.ModelSummary;
import io.ollamalan.model.Options;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The quickstart: a chat, a streamed answer and an embedding, on a real Ollama when one answers at
 * {@code OLLAMA_HOST} (or localhost:11434), otherwise on an embedded fake fleet of three nodes on
 * 127.0.0.11-13.
 *
 * <p>Set {@code OLLAMA_MODEL} and {@code OLLAMA_EMBED_MODEL} to choose the models on a real Ollama;
 * by default the first installed model is used for both.
 */
public final class Quickstart {
  private static final String FAKE_CHAT_MODEL = "llama3.2:latest";
  private static final String FAKE_EMBED_MODEL = "all-minilm:latest";

  private Quickstart() {}

  public static void main(String[] args) throws Exception {
    String host = System.getenv().getOrDefault("OLLAMA_HOST", "127.0.0.1:11434");
    String realUrl = io.ollamalan.Node.of(host).id();
    FakeFleet fleet = null;
    List<String> nodes;
    if (answersLikeOllama(realUrl)) {
      System.out.println("Using the real Ollama at " + realUrl);
      nodes = List.of(realUrl);
    } else {
      fleet =
          FakeFleet.start(
              3,
              b ->
                  b.model(FakeModel.chat(FAKE_CHAT_MODEL))
                      .model(FakeModel.embedding(FAKE_EMBED_MODEL))
                      .loaded(FAKE_CHAT_MODEL)
                      .tokensPerSecond(50));
      nodes = fleet.baseUrls();
      System.out.println(
          "No Ollama answered at "
              + realUrl
              + "; using an embedded fake fleet of "
              + nodes.size()
              + " nodes: "
              + String.join(", ", nodes));
    }
    try (OllamaClient client = OllamaClient.builder().nodes(nodes.toArray(String[]::new)).build()) {
      run(client, fleet != null);
    } catch (OllamaException e) {
      System.err.println("The quickstart failed: " + e.getMessage());
      System.exit(1);
    } finally {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  private static void run(OllamaClient client, boolean fake) {
    String chatModel = fake ? FAKE_CHAT_MODEL : System.getenv("OLLAMA_MODEL");
    String embedModel = fake ? FAKE_EMBED_MODEL : System.getenv("OLLAMA_EMBED_MODEL");
    if (chatModel == null) {
      List<ModelSummary> installed = client.tags().models();
      if (installed.isEmpty()) {
        System.out.println("The Ollama has no model installed: run `ollama pull llama3.2` first.");
        return;
      }
      chatModel = installed.get(0).name();
    }
    if (embedModel == null) {
      embedModel = chatModel;
    }
    Options shortAnswer = Options.builder().numPredict(64).build();

    System.out.println();
    System.out.println("1. Chat with " + chatModel);
    ChatResponse answer =
        client.chat(
            ChatRequest.builder(chatModel)
                .user("Why is the sky blue? One sentence.")
                .options(shortAnswer)
                .build());
    System.out.println("   " + answer.content().strip());
    System.out.printf(
        "   (%d prompt tokens, %d generated at %.1f tokens/s)%n",
        answer.promptEvalCount(), answer.evalCount(), answer.tokensPerSecond());

    System.out.println();
    System.out.println("2. Streamed answer, token by token");
    System.out.print("   ");
    String node;
    try (ResponseStream<ChatResponse> stream =
        client.chatStream(
            ChatRequest.builder(chatModel)
                .user("Name three colours of the rainbow.")
                .options(shortAnswer)
                .build())) {
      node = stream.nodeId();
      while (stream.hasNext()) {
        System.out.print(stream.next().content());
        System.out.flush();
      }
    }
    System.out.println();
    System.out.println("   (streamed from " + node + ")");

    System.out.println();
    System.out.println("3. Embedding with " + embedModel);
    try {
      EmbedResponse e =
          client.embed(
              EmbedRequest.builder(embedModel)
                  .inputs("The sky is blue.", "Grass is green.")
                  .build());
      float[] v = e.embeddings().get(0);
      System.out.printf(
          "   %d vectors of %d dimensions; first values %.4f, %.4f, %.4f%n",
          e.embeddings().size(), v.length, v[0], v[1], v[2]);
    } catch (OllamaException e) {
      System.out.println(
          "   skipped: " + e.serverMessage() + " (set OLLAMA_EMBED_MODEL to an embedding model)");
    }

    System.out.println();
    System.out.println("4. The fleet as the client sees it");
    FleetSnapshot fleet = client.fleet();
    for (NodeStatus s : fleet.nodes()) {
      System.out.printf(
          "   %-28s %-8s in flight %d, breaker %s%n",
          s.node().id(), s.state(), s.inFlight(), s.breakerState());
    }
  }

  private static boolean answersLikeOllama(String baseUrl) {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(baseUrl + "/api/version").toURL().openConnection();
      c.setConnectTimeout((int) Duration.ofSeconds(1).toMillis());
      c.setReadTimeout((int) Duration.ofSeconds(2).toMillis());
      try {
        if (c.getResponseCode() != 200) {
          return false;
        }
        String body =
            new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return body.contains("\"version\"");
      } finally {
        c.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
