package io.ollamalan.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Several {@link FakeOllamaNode}s on consecutive loopback addresses {@code 127.0.0.11}, {@code
 * 127.0.0.12}, ... sharing one port (11434 unless told otherwise). If that port cannot be bound on
 * every address, all nodes fall back to ephemeral ports, one per node; check {@link #baseUrls()}.
 * Closing the fleet closes every node.
 */
public final class FakeFleet implements AutoCloseable {

  /** The preferred common port, Ollama's default. */
  public static final int DEFAULT_PORT = 11434;

  private final List<FakeOllamaNode> nodes;

  private FakeFleet(List<FakeOllamaNode> nodes) {
    this.nodes = Collections.unmodifiableList(nodes);
  }

  /** Starts {@code n} nodes without models. */
  public static FakeFleet start(int n) {
    return start(n, b -> {});
  }

  /**
   * Starts {@code n} nodes, each configured by {@code customizer}; host and port set there are
   * overridden.
   */
  public static FakeFleet start(int n, Consumer<FakeOllamaNode.Builder> customizer) {
    return startIndexed(n, DEFAULT_PORT, (i, b) -> customizer.accept(b));
  }

  /**
   * Starts {@code n} nodes at {@code 127.0.0.(11+i)}, preferring {@code port} (0 for ephemeral
   * ports), configuring node {@code i} with {@code customizer.accept(i, builder)}.
   *
   * @throws IllegalArgumentException if n is not between 1 and 244
   * @throws IllegalStateException if even ephemeral ports cannot be bound
   */
  public static FakeFleet startIndexed(
      int n, int port, BiConsumer<Integer, FakeOllamaNode.Builder> customizer) {
    if (n < 1 || n > 244) {
      throw new IllegalArgumentException("A fleet has 1 to 244 nodes: " + n);
    }
    if (port != 0) {
      try {
        return new FakeFleet(startAll(n, port, customizer));
      } catch (IllegalStateException e) {
        // The common port is taken on some address; ephemeral ports always work.
      }
    }
    return new FakeFleet(startAll(n, 0, customizer));
  }

  private static List<FakeOllamaNode> startAll(
      int n, int port, BiConsumer<Integer, FakeOllamaNode.Builder> customizer) {
    List<FakeOllamaNode> started = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        FakeOllamaNode.Builder b = FakeOllamaNode.builder();
        customizer.accept(i, b);
        b.host(hostOf(i)).port(port);
        FakeOllamaNode node = b.build();
        started.add(node);
        node.start();
      }
      return started;
    } catch (RuntimeException e) {
      for (FakeOllamaNode node : started) {
        node.close();
      }
      throw e;
    }
  }

  /** The address of node {@code i}: {@code 127.0.0.(11+i)}. */
  public static String hostOf(int i) {
    return "127.0.0." + (11 + i);
  }

  /** All nodes, in address order. */
  public List<FakeOllamaNode> nodes() {
    return nodes;
  }

  /** Node {@code i} (0-based). */
  public FakeOllamaNode node(int i) {
    return nodes.get(i);
  }

  /** Number of nodes. */
  public int size() {
    return nodes.size();
  }

  /** Base URLs of all nodes, in address order. */
  public List<String> baseUrls() {
    List<String> urls = new ArrayList<>(nodes.size());
    for (FakeOllamaNode n : nodes) {
      urls.add(n.baseUrl());
    }
    return urls;
  }

  /** Closes every node. */
  @Override
  public void close() {
    for (FakeOllamaNode n : nodes) {
      n.close();
    }
  }
}
