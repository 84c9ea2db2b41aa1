package io.ollamalan.cli;

import io.ollamalan.CallOptions;
import io.ollamalan.Node;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.OllamaException;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.model.ModelSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "What each discovery method finds.",
      "Methods: --node (static), --dns, --dns-srv, --mdns, --probe. Every node found is asked for"
          + " its version and models, and its round trip is timed. With --demo: a static list and"
          + " a subnet probe of the embedded fleet."
    },
    footer = ExitCodes.FOOTER)
final class DiscoverCommand extends FleetCommand {

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "3s",
      converter = Durations.class,
      description = "How long to listen to each method (default: ${DEFAULT-VALUE}).")
  Duration wait;

  /** One node as one method found it. */
  private record Found(
      String method,
      String node,
      String version,
      List<String> models,
      long latencyMillis,
      String error) {}

  @Override
  int run() {
    Map<String, NodeSource> sources = fleet.sources();
    Map<String, Set<Node>> seen = new ConcurrentHashMap<>();
    Map<String, String> errors = new ConcurrentHashMap<>();
    try {
      for (Map.Entry<String, NodeSource> e : sources.entrySet()) {
        String method = e.getKey();
        seen.put(method, Set.of());
        e.getValue()
            .start(
                new NodeSource.Listener() {
                  @Override
                  public void nodesChanged(NodeSource source, Set<Node> nodes) {
                    seen.put(method, Set.copyOf(nodes));
                  }

                  @Override
                  public void sourceError(NodeSource source, String message, Throwable cause) {
                    errors.put(method, message);
                  }
                });
      }
      // The demo waits for what it knows is there, however slow a cold JVM is.
      Duration listen = fleet.demo() && wait.getSeconds() < 15 ? Duration.ofSeconds(15) : wait;
      long end = System.nanoTime() + listen.toNanos();
      while (System.nanoTime() < end
          && !(fleet.demo() && seen.values().stream().allMatch(s -> s.size() >= 3))) {
        FleetOptions.sleep(Duration.ofMillis(50));
      }
    } finally {
      sources.values().forEach(NodeSource::close);
    }
    Map<String, Node> all = new LinkedHashMap<>();
    seen.values().forEach(s -> s.forEach(n -> all.putIfAbsent(n.id(), n)));
    Map<String, Found> probed = new LinkedHashMap<>();
    if (!all.isEmpty()) {
      OllamaClientBuilder b = OllamaClient.builder().healthChecksEnabled(false).maxAttempts(1);
      all.values().forEach(b::node);
      try (OllamaClient client = b.build()) {
        for (Node n : all.values()) {
          probed.put(n.id(), probe(client, n));
        }
      }
    }
    List<Found> rows = new ArrayList<>();
    for (String method : sources.keySet()) {
      for (String id : new TreeSet<>(seen.get(method).stream().map(Node::id).toList())) {
        Found f = probed.get(id);
        rows.add(new Found(method, id, f.version(), f.models(), f.latencyMillis(), f.error()));
      }
    }
    if (fleet.json) {
      List<Object> methods = new ArrayList<>();
      for (String method : sources.keySet()) {
        List<Object> nodes = new ArrayList<>();
        for (Found f : rows) {
          if (f.method().equals(method)) {
            nodes.add(
                Json.object(
                    "node", f.node(),
                    "version", f.version(),
                    "models", f.models(),
                    "latencyMillis", f.latencyMillis(),
                    "error", f.error()));
          }
        }
        methods.add(Json.object("method", method, "error", errors.get(method), "nodes", nodes));
      }
      Json.print(out(), Json.object("methods", methods));
    } else {
      out()
          .printf(
              Locale.ROOT,
              "%-22s %-28s %-8s %8s  %s%n",
              "METHOD",
              "NODE",
              "VERSION",
              "LATENCY",
              "MODELS");
      for (String method : sources.keySet()) {
        boolean any = false;
        for (Found f : rows) {
          if (f.method().equals(method)) {
            any = true;
            out()
                .printf(
                    Locale.ROOT,
                    "%-22s %-28s %-8s %8s  %s%n",
                    method,
                    f.node(),
                    f.version().isEmpty() ? "-" : f.version(),
                    f.error() == null ? f.latencyMillis() + " ms" : "-",
                    f.error() == null ? String.join(", ", f.models()) : "error: " + f.error());
          }
        }
        if (!any) {
          out()
              .printf(
                  Locale.ROOT,
                  "%-22s (nothing found%s)%n",
                  method,
                  errors.containsKey(method) ? ": " + errors.get(method) : "");
        }
      }
      out().flush();
    }
    if (rows.isEmpty()) {
      return ExitCodes.UNREACHABLE;
    }
    return rows.stream().allMatch(f -> f.error() == null) ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private static Found probe(OllamaClient client, Node n) {
    OllamaClient node =
        client.withOptions(
            CallOptions.DEFAULT.withNode(n.id()).withDeadline(Duration.ofSeconds(5)));
    try {
      // The best of three round trips: the first also pays for the connection.
      String version = "";
      long latency = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        version = node.version().version();
        latency = Math.min(latency, (System.nanoTime() - start) / 1_000_000);
      }
      List<String> models = node.tags().models().stream().map(ModelSummary::name).sorted().toList();
      return new Found("", n.id(), version, models, latency, null);
    } catch (OllamaException e) {
      return new Found("", n.id(), "", List.of(), 0, e.kind() + ": " + e.getMessage());
    }
  }
}
