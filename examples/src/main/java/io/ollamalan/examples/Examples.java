package io.ollamalan.examples;

import io.ollamalan.Node;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeOllamaNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What the quickstart and the recipes share: finding a real Ollama, waiting for the fleet. */
public final class Examples {
  private static final long POLL_MILLIS = 20;

  private Examples() {}

  /** {@code OLLAMA_HOST}, or Ollama's default address. */
  public static String ollamaHost() {
    String host = System.getenv("OLLAMA_HOST");
    return Node.of(host == null || host.isBlank() ? "127.0.0.1:11434" : host).id();
  }

  /**
   * The base URL of the Ollama at {@code OLLAMA_HOST} (or localhost:11434) when one answers {@code
   * /api/version} within two seconds, else null. {@code OLLAMA_EMBEDDED=true} skips the check.
   */
  public static String realOllama() {
    if ("true".equalsIgnoreCase(System.getenv("OLLAMA_EMBEDDED"))) {
      return null;
    }
    String baseUrl = ollamaHost();
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(baseUrl + "/api/version").toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try {
        if (c.getResponseCode() != 200) {
          return null;
        }
        String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return body.contains("\"version\"") ? baseUrl : null;
      } finally {
        c.disconnect();
      }
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Waits until the health checks have read every node's inventory ({@code /api/tags} and {@code
   * /api/ps}), at most {@code timeout}: before that the balancer cannot tell warm nodes from cold
   * ones. Returns whether they all were read.
   */
  public static boolean awaitInventory(OllamaClient client, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      var nodes = client.fleet().nodes();
      if (!nodes.isEmpty() && nodes.stream().allMatch(NodeStatus::inventoryKnown)) {
        return true;
      }
      pause();
    }
    return false;
  }

  /** The first node of {@code fleet} seen serving a call, or null if none did within timeout. */
  public static FakeOllamaNode awaitBusyNode(FakeFleet fleet, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (FakeOllamaNode n : fleet.nodes()) {
        if (n.isRunning() && n.inFlight() > 0) {
          return n;
        }
      }
      pause();
    }
    return null;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the fleet", e);
    }
  }
}
