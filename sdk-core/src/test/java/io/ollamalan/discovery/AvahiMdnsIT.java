package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real avahi-daemon publishing static service files, browsed by {@link MdnsNodeSource}.
 *
 * <p>avahi ignores loopback, so it runs in a network namespace joined to the host by a veth pair
 * with link-local addresses (shared/recipes/mdns-with-avahi.md). Its {@code hosts} file maps each
 * service's host name to a fake node on 127.0.0.61-63 on the host. Names are unique per run and
 * everything is removed afterwards.
 */
@Timeout(120)
class AvahiMdnsIT {
  private static final String RUN =
      Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
  private static final String NS = "olt" + RUN;
  private static final String HOST_IF = "oa" + RUN;
  private static final String NS_IF = "ob" + RUN;
  private static final int SUBNET = ThreadLocalRandom.current().nextInt(10, 250);
  private static final String HOST_ADDR = "169.254." + SUBNET + ".1";
  private static final String NS_ADDR = "169.254." + SUBNET + ".2";
  private static final Path ETC = Path.of("/etc/netns", NS);

  private static String ip;
  private static boolean namespaceCreated;
  private static boolean linkCreated;
  private static Process avahi;
  private static Path log;
  private static final List<FakeOllamaNode> nodes = new ArrayList<>();
  private static int port;

  @BeforeAll
  static void startAvahiInANamespace() throws Exception {
    ip = ExternalTools.require("ip", "iproute2");
    String daemon = ExternalTools.require("avahi-daemon", "avahi-daemon");
    ExternalTools.requireRoot("create a network namespace for avahi");

    nodes.add(FakeNodes.start("127.0.0.61", 0));
    port = nodes.get(0).port();
    nodes.add(FakeNodes.start("127.0.0.62", port));
    nodes.add(FakeNodes.start("127.0.0.63", port));

    ExternalTools.runOrFail(ip, "netns", "add", NS);
    namespaceCreated = true;
    ExternalTools.runOrFail(ip, "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF);
    linkCreated = true;
    ExternalTools.runOrFail(ip, "link", "set", NS_IF, "netns", NS);
    ExternalTools.runOrFail(ip, "addr", "add", HOST_ADDR + "/24", "dev", HOST_IF);
    ExternalTools.runOrFail(ip, "link", "set", HOST_IF, "multicast", "on", "up");
    ExternalTools.runOrFail(
        ip, "netns", "exec", NS, ip, "addr", "add", NS_ADDR + "/24", "dev", NS_IF);
    ExternalTools.runOrFail(
        ip, "netns", "exec", NS, ip, "link", "set", NS_IF, "multicast", "on", "up");
    ExternalTools.runOrFail(ip, "netns", "exec", NS, ip, "link", "set", "lo", "up");
    // Best effort: JmDNS picks the interface itself; the route matters when no other exists.
    ExternalTools.run(ip, "route", "add", "224.0.0.0/4", "dev", HOST_IF);

    // `ip netns exec` mounts /etc/netns/<ns>/avahi over /etc/avahi for the daemon alone.
    Path avahiDir = ETC.resolve("avahi");
    Files.createDirectories(avahiDir.resolve("services"));
    Files.writeString(
        avahiDir.resolve("avahi-daemon.conf"),
        String.join(
            "\n",
            "[server]",
            "use-ipv4=yes",
            "use-ipv6=no",
            "allow-interfaces=" + NS_IF,
            "enable-dbus=no",
            "[wide-area]",
            "enable-wide-area=no",
            "[publish]",
            "publish-workstation=no",
            ""));
    Files.writeString(
        avahiDir.resolve("hosts"),
        "127.0.0.61 gpu61-"
            + RUN
            + ".local\n"
            + "127.0.0.62 gpu62-"
            + RUN
            + ".local\n127.0.0.63 gpu63-"
            + RUN
            + ".local\n");
    service(
        avahiDir,
        61,
        "<txt-record>models=llama3.2:3b</txt-record><txt-record>zone=rack-1</txt-record>");
    service(
        avahiDir, 62, "<txt-record>weight=-5</txt-record><txt-record>path=not a path</txt-record>");
    service(avahiDir, 63, "<txt-record>weight=400</txt-record>");

    log = Files.createTempFile("avahi-" + RUN, ".log");
    avahi =
        new ProcessBuilder(
                ip,
                "netns",
                "exec",
                NS,
                // `ip netns exec` runs in a mount namespace of its own: a private /run/avahi-daemon
                // there keeps this daemon's pid file and socket apart from any other avahi-daemon
                // on the machine (another test run's, or the system's).
                "sh",
                "-c",
                "mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon && exec "
                    + daemon
                    + " --no-drop-root --no-chroot --no-rlimits -f /etc/avahi/avahi-daemon.conf")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await("avahi to publish")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              if (!avahi.isAlive()) {
                throw new IllegalStateException("avahi-daemon exited: " + Files.readString(log));
              }
              return Files.readString(log).contains("Server startup complete");
            });
  }

  private static void service(Path avahiDir, int n, String txt) throws IOException {
    Files.writeString(
        avahiDir.resolve("services").resolve("ollama" + n + ".service"),
        "<?xml version=\"1.0\" standalone='no'?>\n"
            + "<!DOCTYPE service-group SYSTEM \"avahi-service.dtd\">\n"
            + "<service-group>\n  <name>gpu"
            + n
            + "-"
            + RUN
            + "</name>\n"
            + "  <service><type>_ollama._tcp</type><host-name>gpu"
            + n
            + "-"
            + RUN
            + ".local</host-name>"
            + "<port>"
            + port
            + "</port>"
            + txt
            + "</service>\n</service-group>\n");
  }

  @AfterAll
  static void cleanUp() throws IOException {
    ExternalTools.stop(avahi);
    if (namespaceCreated) {
      ExternalTools.run(ip, "netns", "del", NS);
    }
    if (linkCreated) {
      // Deleting the namespace deletes the pair; this covers a half-built setup.
      ExternalTools.run(ip, "link", "del", HOST_IF);
    }
    if (Files.exists(ETC)) {
      try (var walk = Files.walk(ETC)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    if (log != null) {
      Files.deleteIfExists(log);
    }
    nodes.forEach(FakeOllamaNode::close);
  }

  @Test
  void servicesPublishedByAvahiAreFoundAndHealthy() {
    HealthCheckConfig health =
        HealthCheckConfig.builder()
            .interval(Duration.ofMillis(500))
            .timeout(Duration.ofMillis(300))
            .tagsInterval(Duration.ofSeconds(5))
            .build();
    Fleet fleet = FleetManager.newFleet(health);
    RecordingListener l = new RecordingListener();
    MdnsNodeSource source = MdnsNodeSource.builder().networkInterface(HOST_ADDR).build();
    NodeSource recorded = RecordingListener.tee(source, l);
    try (FleetManager manager = new FleetManager(fleet, List.of(recorded), health, null)) {
      manager.start();
      await()
          .atMost(Duration.ofSeconds(40))
          .until(
              () ->
                  fleet.snapshot().nodes().size() == 3
                      && fleet.snapshot().nodes().stream()
                          .allMatch(s -> s.state() == NodeState.UP));
      assertThat(l.latestIds())
          .containsExactlyInAnyOrder(
              "http://127.0.0.61:" + port,
              "http://127.0.0.62:" + port,
              "http://127.0.0.63:" + port);
      var n61 = fleet.snapshot().node("http://127.0.0.61:" + port).orElseThrow();
      assertThat(n61.node().zone()).isEqualTo("rack-1");
      assertThat(n61.node().labels()).containsEntry("models", "llama3.2:3b");
      assertThat(n61.version()).isEqualTo("0.33.0");
      assertThat(fleet.snapshot().node("http://127.0.0.63:" + port).orElseThrow().node().weight())
          .isEqualTo(400);
      assertThat(l.errors)
          .anyMatch(e -> e.contains("weight='-5'"))
          .anyMatch(e -> e.contains("path='not a path'"));
    }
    ThreadLeaks.assertNoneLeft();
  }
}
