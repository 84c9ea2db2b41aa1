package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.internal.discovery.ExternalTools;
import io.ollamalan.internal.discovery.FakeNodes;
import io.ollamalan.internal.discovery.ThreadLeaks;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.FleetManager;
import io.ollamalan.testkit.FakeOllamaNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dnsmasq on 127.0.0.1 and a free high port serves A, SRV and TXT records for three nodes on
 * 127.0.0.41-43, plus an SRV target without address and one that does not answer.
 */
@Timeout(90)
class DnsNodeSourceIT {
  @TempDir static Path dir;
  private static Process dnsmasq;
  private static int dnsPort;
  private static Path hosts;
  private static final List<FakeOllamaNode> nodes = new ArrayList<>();
  private static int port;
  private DnsNodeSource source;

  @BeforeAll
  static void startDnsmasq() throws Exception {
    String bin = ExternalTools.require("dnsmasq", "dnsmasq-base");
    nodes.add(FakeNodes.start("127.0.0.41", 0));
    port = nodes.get(0).port();
    nodes.add(FakeNodes.start("127.0.0.42", port));
    nodes.add(FakeNodes.start("127.0.0.43", port));
    hosts = dir.resolve("fleet.hosts");
    Files.writeString(
        hosts, "127.0.0.41 ollama.test\n127.0.0.42 ollama.test\n127.0.0.43 ollama.test\n");
    dnsPort = ExternalTools.freePort("127.0.0.1");
    dnsmasq =
        new ProcessBuilder(
                bin,
                "--no-daemon",
                "--conf-file=/dev/null",
                "--no-resolv",
                "--no-hosts",
                "--user=root",
                "--pid-file=",
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--port=" + dnsPort,
                "--local=/test/",
                "--local-ttl=1",
                "--addn-hosts=" + hosts,
                "--host-record=node1.test,127.0.0.41",
                "--host-record=node2.test,127.0.0.42",
                "--host-record=node3.test,127.0.0.43",
                "--host-record=silent.test,127.0.0.44",
                "--srv-host=_ollama._tcp.test,node1.test," + port + ",10,60",
                "--srv-host=_ollama._tcp.test,node2.test," + port + ",10,30",
                "--srv-host=_ollama._tcp.test,node3.test," + port + ",20,0",
                "--srv-host=_ollama._tcp.test,ghost.test," + port + ",30,10",
                "--srv-host=_ollama._tcp.test,silent.test," + port + ",30,10",
                "--txt-record=_ollama._tcp.test,zone=lab,weight=oops,path=/")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dnsmasq.log").toFile())
            .start();
    await("dnsmasq to answer")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              if (!dnsmasq.isAlive()) {
                throw new IllegalStateException(
                    "dnsmasq exited: " + Files.readString(dir.resolve("dnsmasq.log")));
              }
              RecordingListener l = new RecordingListener();
              try (DnsNodeSource probe = builder(DnsNodeSource.forHost("node1.test")).build()) {
                probe.start(l);
                await().atMost(Duration.ofSeconds(3)).until(() -> l.latest() != null);
                return !l.latest().isEmpty();
              }
            });
  }

  @AfterAll
  static void stopAll() {
    ExternalTools.stop(dnsmasq);
    nodes.forEach(FakeOllamaNode::close);
  }

  @AfterEach
  void closeSource() {
    if (source != null) {
      source.close();
    }
    ThreadLeaks.assertNoneLeft();
  }

  private static DnsNodeSource.Builder builder(DnsNodeSource.Builder b) {
    return b.resolver("127.0.0.1", dnsPort)
        .timeout(Duration.ofMillis(500))
        .ipv6(false)
        .minTtl(Duration.ofMillis(200))
        .maxTtl(Duration.ofSeconds(30));
  }

  private static String id(int last) {
    return "http://127.0.0." + last + ":" + port;
  }

  @Test
  void everyARecordOfOneNameIsANode() {
    source = builder(DnsNodeSource.forHost("ollama.test")).port(port).build();
    RecordingListener l = new RecordingListener();
    source.start(l);
    await().atMost(Duration.ofSeconds(5)).until(() -> l.latestIds().size() == 3);
    assertThat(l.latestIds()).containsExactlyInAnyOrder(id(41), id(42), id(43));
  }

  @Test
  void recordsAreResolvedAgainWhenTheirTtlRunsOut() throws IOException {
    source = builder(DnsNodeSource.forHost("ollama.test")).port(port).build();
    RecordingListener l = new RecordingListener();
    source.start(l);
    await().atMost(Duration.ofSeconds(5)).until(() -> l.latestIds().size() == 3);
    try {
      Files.writeString(hosts, "127.0.0.41 ollama.test\n127.0.0.43 ollama.test\n");
      ExternalTools.runOrFail("kill", "-HUP", Long.toString(dnsmasq.pid()));
      // TTL 1 s: the change shows within about a TTL.
      await().atMost(Duration.ofSeconds(5)).until(() -> l.latestIds().size() == 2);
      assertThat(l.latestIds()).containsExactlyInAnyOrder(id(41), id(43));
    } finally {
      Files.writeString(
          hosts, "127.0.0.41 ollama.test\n127.0.0.42 ollama.test\n127.0.0.43 ollama.test\n");
      ExternalTools.runOrFail("kill", "-HUP", Long.toString(dnsmasq.pid()));
    }
  }

  @Test
  void srvRecordsGiveNodesWithPortPriorityWeightAndTxtSettings() {
    source = builder(DnsNodeSource.forSrv("_ollama._tcp.test")).build();
    RecordingListener l = new RecordingListener();
    source.start(l);
    await().atMost(Duration.ofSeconds(5)).until(() -> l.latestIds().size() == 4);
    assertThat(l.latestIds()).containsExactlyInAnyOrder(id(41), id(42), id(43), id(44));
    Map<String, Node> byId = l.latest().stream().collect(Collectors.toMap(Node::id, n -> n));
    assertThat(byId.get(id(41)).weight()).isEqualTo(60);
    assertThat(byId.get(id(42)).weight()).isEqualTo(30);
    assertThat(byId.get(id(43)).weight()).isEqualTo(1);
    assertThat(byId.get(id(43)).labels())
        .containsEntry("srv.priority", "20")
        .containsEntry("dns.target", "node3.test");
    assertThat(byId.get(id(41)).zone()).isEqualTo("lab");
    assertThat(l.errors).anyMatch(e -> e.contains("ghost.test") && e.contains("skipped"));
    assertThat(l.errors).anyMatch(e -> e.contains("weight='oops'"));
  }

  @Test
  void srvTargetThatDoesNotAnswerIsDownWhileTheOthersAreUp() {
    HealthCheckConfig health =
        HealthCheckConfig.builder()
            .interval(Duration.ofMillis(500))
            .timeout(Duration.ofMillis(300))
            .tagsInterval(Duration.ofSeconds(5))
            .build();
    Fleet fleet = FleetManager.newFleet(health);
    try (FleetManager manager =
        new FleetManager(
            fleet,
            List.of(
                builder(DnsNodeSource.forSrv("_ollama._tcp.test")).build(),
                builder(DnsNodeSource.forHost("ollama.test")).port(port).build()),
            health,
            null)) {
      manager.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  fleet.snapshot().nodes().size() == 4
                      && fleet.snapshot().routable().size() == 3
                      && fleet.handle(id(44)).state() == NodeState.DOWN);
      assertThat(fleet.snapshot().routable())
          .extracting(s -> s.node().id())
          .containsExactlyInAnyOrder(id(41), id(42), id(43));
    }
  }

  @Test
  void unresolvableNameReportsAnErrorAndNoNodes() {
    source = builder(DnsNodeSource.forHost("nothere.test")).build();
    RecordingListener l = new RecordingListener();
    source.start(l);
    await().atMost(Duration.ofSeconds(5)).until(() -> l.latest() != null && !l.errors.isEmpty());
    assertThat(l.latest()).isEmpty();
    assertThat(l.errors).anyMatch(e -> e.contains("nothere.test") && e.contains("NXDOMAIN"));
  }

  @Test
  void silentResolverIsAnErrorNotACrash() {
    int closed = ExternalTools.freePort("127.0.0.1");
    source =
        DnsNodeSource.forHost("ollama.test")
            .resolver("127.0.0.1", closed)
            .timeout(Duration.ofMillis(200))
            .minTtl(Duration.ofMillis(200))
            .build();
    RecordingListener l = new RecordingListener();
    source.start(l);
    await().atMost(Duration.ofSeconds(5)).until(() -> l.errors.size() >= 2);
    assertThat(l.latest()).isEmpty();
    assertThat(l.errors.get(0)).contains("DNS query A ollama.test.").contains("failed");
  }
}
