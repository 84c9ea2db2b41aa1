package io.ollamalan.cli;

import io.ollamalan.ClientListener;
import io.ollamalan.Node;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.discovery.MdnsNodeSource;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.discovery.NodeSources;
import io.ollamalan.discovery.SubnetProbeNodeSource;
import io.ollamalan.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How every command finds the fleet: addresses, discovery, TLS, or the embedded demo fleet. */
final class FleetOptions {

  @Option(
      names = {"-n", "--node"},
      paramLabel = "ADDRESS",
      description =
          "A node: host, host:port or http(s)://host:port[/path]. Repeatable. Without any node or"
              + " discovery option: $OLLAMA_HOST, else localhost:11434.")
  List<String> nodes = new ArrayList<>();

  @Option(names = "--dns", paramLabel = "NAME", description = "Every A/AAAA record of NAME.")
  List<String> dns = new ArrayList<>();

  @Option(
      names = "--dns-srv",
      paramLabel = "NAME",
      description = "Every SRV record of NAME, e.g. _ollama._tcp.lan.")
  List<String> dnsSrv = new ArrayList<>();

  @Option(names = "--mdns", description = "_ollama._tcp.local. over mDNS.")
  boolean mdns;

  @Option(
      names = "--probe",
      paramLabel = "CIDR",
      description = "Probe a subnet, e.g. 192.168.1.0/24, on --probe-port.")
  List<String> probe = new ArrayList<>();

  @Option(
      names = "--probe-port",
      paramLabel = "PORT",
      description = "Ports for --probe (default: 11434).")
  List<Integer> probePorts = new ArrayList<>();

  @Option(names = "--ca", paramLabel = "PEM", description = "Trust this CA bundle for https nodes.")
  Path ca;

  @Option(
      names = "--pin",
      paramLabel = "HOSTS=PIN",
      description = "Require this SPKI pin for matching hosts, e.g. '*.lan=sha256/AAAA...='.")
  List<String> pins = new ArrayList<>();

  @Option(
      names = "--demo",
      description = "Run against an embedded fake fleet of three nodes on 127.0.0.11-13.")
  boolean demo;

  @Option(names = "--json", description = "Print one JSON document for scripts.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log what the SDK does (on stderr).")
  boolean verbose;

  /** A demo fleet, when {@code --demo}; started on first use. */
  private DemoFleet demoFleet;

  DemoFleet demoFleet() {
    if (demoFleet == null) {
      demoFleet = DemoFleet.start();
    }
    return demoFleet;
  }

  boolean demo() {
    return demo;
  }

  /** The discovery sources the options name, by method; the demo's when {@code --demo}. */
  Map<String, NodeSource> sources() {
    Map<String, NodeSource> sources = new LinkedHashMap<>();
    if (demo) {
      List<String> urls = demoFleet().baseUrls();
      sources.put("static", NodeSources.staticNodes(urls.toArray(String[]::new)));
      int[] ports = urls.stream().mapToInt(u -> Node.of(u).port()).distinct().toArray();
      sources.put(
          "probe 127.0.0.8/29",
          SubnetProbeNodeSource.builder()
              .range("127.0.0.8/29")
              .ports(ports)
              .timeout(Duration.ofSeconds(3))
              .build());
      return sources;
    }
    if (!nodes.isEmpty()) {
      sources.put("static", NodeSources.staticNodes(nodes.toArray(String[]::new)));
    }
    for (String name : dns) {
      sources.put("dns " + name, NodeSources.dns(name));
    }
    for (String name : dnsSrv) {
      sources.put("dns-srv " + name, NodeSources.dnsSrv(name));
    }
    if (mdns) {
      sources.put("mdns", MdnsNodeSource.builder().build());
    }
    for (String cidr : probe) {
      int[] ports = probePorts.stream().mapToInt(Integer::intValue).toArray();
      sources.put("probe " + cidr, NodeSources.subnetProbe(cidr, ports));
    }
    if (sources.isEmpty()) {
      String host = System.getenv("OLLAMA_HOST");
      sources.put(
          "static",
          NodeSources.staticNodes(host == null || host.isBlank() ? "127.0.0.1:11434" : host));
    }
    return sources;
  }

  /** A client over the fleet the options describe, with {@code listeners}. */
  OllamaClient client(ClientListener... listeners) {
    OllamaClientBuilder b = OllamaClient.builder();
    if (demo) {
      // The demo starts cold, with its nodes in the same JVM: the first health checks pay for
      // class loading on both sides, and must not mark a node down for it.
      b.nodes(demoFleet().baseUrls().toArray(String[]::new))
          .healthChecks(HealthCheckConfig.builder().timeout(Duration.ofSeconds(10)).build());
    } else {
      sources().values().forEach(b::nodeSource);
    }
    if (ca != null || !pins.isEmpty()) {
      TlsConfig.Builder tls = TlsConfig.builder();
      if (ca != null) {
        tls.trustedCaPem(ca);
      }
      for (String p : pins) {
        int eq = p.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--pin '" + p + "' must be HOSTS=PIN, e.g. '*.lan=sha256/AAAA...='");
        }
        tls.pin(p.substring(0, eq), p.substring(eq + 1));
      }
      b.tls(tls.build());
    }
    for (ClientListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  /**
   * Waits up to {@code timeout} until the client knows at least one node and has read every known
   * node's inventory; returns whether it did.
   */
  static boolean awaitFleet(OllamaClient client, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      List<NodeStatus> nodes = client.fleet().nodes();
      if (!nodes.isEmpty()
          && nodes.stream().allMatch(s -> s.inventoryKnown() || !s.state().isRoutable())) {
        return true;
      }
      sleep(Duration.ofMillis(25));
    }
    return false;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the demo fleet, if one was started. */
  void close() {
    if (demoFleet != null) {
      demoFleet.close();
      demoFleet = null;
    }
  }
}
