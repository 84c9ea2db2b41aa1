package io.ollamalan.examples.recipes;

import io.ollamalan.Node;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.discovery.NodeSources;
import io.ollamalan.discovery.SubnetProbeNodeSource;
import io.ollamalan.examples.Examples;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Discovery: where the client's nodes come from. A static list and a subnet probe run against the
 * embedded fleet; DNS SRV runs when {@code OLLAMA_DNS_SRV} names a record (e.g. {@code
 * _ollama._tcp.lan}), mDNS when {@code OLLAMA_MDNS=true}; otherwise the recipe prints what they
 * need.
 */
public final class Discovery {
  private Discovery() {}

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  /** Returns how many nodes each method that ran found. */
  public static Map<String, Integer> run(RecipeFleet fleet, PrintStream out) {
    Map<String, NodeSource> sources = new LinkedHashMap<>();
    sources.put("static", NodeSources.staticNodes(fleet.nodes().toArray(String[]::new)));
    if (fleet.isEmbedded()) {
      int[] ports = fleet.nodes().stream().mapToInt(u -> Node.of(u).port()).distinct().toArray();
      sources.put(
          "subnet probe 127.0.0.8/29",
          SubnetProbeNodeSource.builder()
              .range("127.0.0.8/29")
              .ports(ports)
              .timeout(Duration.ofSeconds(3))
              .build());
    } else {
      out.println("subnet probe: try NodeSources.subnetProbe(\"192.168.1.0/24\", 11434)");
    }
    String srv = System.getenv("OLLAMA_DNS_SRV");
    if (srv != null && !srv.isBlank()) {
      sources.put("dns srv " + srv, NodeSources.dnsSrv(srv));
    } else {
      out.println(
          "dns srv: set OLLAMA_DNS_SRV=_ollama._tcp.your.domain, with SRV records such as"
              + " '_ollama._tcp.lan. 60 IN SRV 0 100 11434 gpu-1.lan.' (see docs/discovery.md)");
    }
    if ("true".equalsIgnoreCase(System.getenv("OLLAMA_MDNS"))) {
      sources.put("mdns", NodeSources.mdns());
    } else {
      out.println(
          "mdns: set OLLAMA_MDNS=true once nodes announce _ollama._tcp.local. (avahi or"
              + " MdnsAnnouncer; see docs/discovery.md)");
    }
    Map<String, Integer> found = new LinkedHashMap<>();
    for (Map.Entry<String, NodeSource> e : sources.entrySet()) {
      // One client per method, to show what each finds; an application gives one client them all.
      try (OllamaClient client = OllamaClient.builder().nodeSource(e.getValue()).build()) {
        awaitNodes(client, fleet.isEmbedded() ? 3 : 1, Duration.ofSeconds(20));
        Examples.awaitInventory(client, Duration.ofSeconds(10));
        out.println(e.getKey() + ":");
        for (NodeStatus s : client.fleet().nodes()) {
          out.println("  " + s.node().id() + " " + s.state() + " " + s.installedModels());
        }
        found.put(e.getKey(), client.fleet().nodes().size());
      }
    }
    return found;
  }

  private static void awaitNodes(OllamaClient client, int atLeast, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (client.fleet().nodes().size() < atLeast && System.nanoTime() < end) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
