package io.ollamalan.internal.discovery;

import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;

/** Fake Ollama nodes from sdk-testkit as discovery and health tests use them. */
public final class FakeNodes {
  private FakeNodes() {}

  /**
   * A started node on {@code host} and {@code port} (0 for a free one) with two models installed.
   */
  public static FakeOllamaNode start(String host, int port) {
    return FakeOllamaNode.builder()
        .host(host)
        .port(port)
        .model(FakeModel.chat("llama3.2"))
        .model(FakeModel.chat("qwen2.5:7b"))
        .build()
        .start();
  }

  /** How many requests for {@code path} the node has seen. */
  public static long requests(FakeOllamaNode node, String path) {
    return node.recordedRequests().stream().filter(r -> r.path().equals(path)).count();
  }
}
