package io.ollamalan.discovery;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed list of nodes, each with an optional weight, zone and labels. Addresses are parsed when
 * the builder is given them, so a malformed URL fails at configuration time with a message naming
 * it; a node listed twice is kept once, with the first entry's settings.
 */
@ExperimentalApi("discovery SPI")
public final class StaticNodeSource implements NodeSource {
  private static final Logger log = LoggerFactory.getLogger(StaticNodeSource.class);

  private final Set<Node> nodes;

  private StaticNodeSource(Set<Node> nodes) {
    this.nodes = Collections.unmodifiableSet(nodes);
  }

  /** A builder with no node yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The nodes, in the order given, without duplicates. */
  public Set<Node> nodes() {
    return nodes;
  }

  @Override
  public String name() {
    return "static";
  }

  @Override
  public void start(Listener listener) {
    listener.nodesChanged(this, nodes);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "StaticNodeSource" + nodes;
  }

  /** Builds a {@link StaticNodeSource}. */
  public static final class Builder {
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a node by address, parsed like {@code OLLAMA_HOST}: {@code host}, {@code host:port} or
     * {@code http(s)://host[:port][/path]}; the port defaults to 11434 without a scheme.
     *
     * @throws IllegalArgumentException naming the address when it cannot be parsed
     */
    public Builder node(String address) {
      return node(Node.of(address));
    }

    /**
     * Adds a node with a weight (1–10000, default {@value Node#DEFAULT_WEIGHT}), a zone (may be
     * empty) and labels.
     *
     * @throws IllegalArgumentException naming the address when it or the weight is invalid
     */
    public Builder node(String address, int weight, String zone, Map<String, String> labels) {
      Node n = Node.of(address);
      return node(new Node(n.baseUri(), weight, zone, labels));
    }

    /** Adds a node. A node whose id was already added is skipped with a warning. */
    public Builder node(Node node) {
      Node previous = nodes.putIfAbsent(node.id(), node);
      if (previous != null) {
        log.warn("static node {} is listed twice; keeping the first entry", node.id());
      }
      return this;
    }

    public StaticNodeSource build() {
      return new StaticNodeSource(new LinkedHashSet<>(nodes.values()));
    }
  }
}
