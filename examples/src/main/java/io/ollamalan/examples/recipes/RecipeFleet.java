package io.ollamalan.examples.recipes;

import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.examples.Examples;
import io.ollamalan.examples.Quickstart;
import io.ollamalan.testkit.FakeFleet;
import java.util.Arrays;
import java.util.List;

/**
 * The fleet a recipe runs against: the nodes in {@code OLLAMA_NODES} (comma-separated addresses),
 * else the Ollama at {@code OLLAMA_HOST} (or localhost:11434) when one answers, else an embedded
 * fake fleet of three nodes on 127.0.0.11-13. On a real fleet {@code OLLAMA_MODEL} and {@code
 * OLLAMA_EMBED_MODEL} name the models (default {@code llama3.2} and {@code all-minilm}).
 */
public final class RecipeFleet implements AutoCloseable {
  private final List<String> nodes;
  private final FakeFleet fake;

  private RecipeFleet(List<String> nodes, FakeFleet fake) {
    this.nodes = List.copyOf(nodes);
    this.fake = fake;
  }

  /** The configured real fleet, or the embedded one on Ollama's port (another if taken). */
  public static RecipeFleet open() {
    String configured = System.getenv("OLLAMA_NODES");
    if (configured != null && !configured.isBlank()) {
      return new RecipeFleet(
          Arrays.stream(configured.split(","))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .toList(),
          null);
    }
    String real = Examples.realOllama();
    if (real != null) {
      return new RecipeFleet(List.of(real), null);
    }
    return embedded(FakeFleet.DEFAULT_PORT);
  }

  /** An embedded fleet of three nodes preferring {@code port} (0 for free ports). */
  public static RecipeFleet embedded(int port) {
    FakeFleet f = FakeFleet.startIndexed(3, port, Quickstart::fakeNode);
    return new RecipeFleet(f.baseUrls(), f);
  }

  /** The nodes' addresses. */
  public List<String> nodes() {
    return nodes;
  }

  /** The embedded fleet, or null on a real one. */
  public FakeFleet fake() {
    return fake;
  }

  /** Whether this is the embedded fleet. */
  public boolean isEmbedded() {
    return fake != null;
  }

  /** The chat model to use. */
  public String chatModel() {
    return isEmbedded() ? Quickstart.CHAT_MODEL : env("OLLAMA_MODEL", "llama3.2");
  }

  /** The embedding model to use. */
  public String embedModel() {
    return isEmbedded() ? Quickstart.EMBED_MODEL : env("OLLAMA_EMBED_MODEL", "all-minilm");
  }

  /** A client builder with the fleet's nodes set. */
  public OllamaClientBuilder clientBuilder() {
    return OllamaClient.builder().nodes(nodes.toArray(String[]::new));
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  @Override
  public void close() {
    if (fake != null) {
      fake.close();
    }
  }
}
