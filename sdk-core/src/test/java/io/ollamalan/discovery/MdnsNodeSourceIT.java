package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.Node;
import io.ollamalan.internal.discovery.ExternalTools;
import io.ollamalan.internal.discovery.FakeNodes;
import io.ollamalan.internal.discovery.ThreadLeaks;
import io.ollamalan.testkit.FakeOllamaNode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JmDNS announcing ({@link MdnsAnnouncer}, one per node, bound to 127.0.0.51-53) and browsing
 * ({@link MdnsNodeSource} on 127.0.0.1) over real multicast on loopback. The test turns multicast
 * on for {@code lo} and routes 224.0.0.0/4 there, and undoes exactly what it changed.
 */
@Timeout(120)
class MdnsNodeSourceIT {
  private static boolean turnedMulticastOn;
  private static boolean addedRoute;

  @BeforeAll
  static void enableMulticastOnLoopback() {
    String ip = ExternalTools.require("ip", "iproute2");
    ExternalTools.requireRoot("enable multicast on the loopback interface");
    String link = ExternalTools.runOrFail(ip, "link", "show", "lo").output();
    if (!link.contains("MULTICAST")) {
      ExternalTools.runOrFail(ip, "link", "set", "lo", "multicast", "on");
      turnedMulticastOn = true;
    }
    if (ExternalTools.runOrFail(ip, "route", "show", "224.0.0.0/4").output().isBlank()) {
      ExternalTools.runOrFail(ip, "route", "add", "224.0.0.0/4", "dev", "lo");
      addedRoute = true;
    }
  }

  @AfterAll
  static void restoreLoopback() {
    if (addedRoute) {
      ExternalTools.run("ip", "route", "del", "224.0.0.0/4", "dev", "lo");
    }
    if (turnedMulticastOn) {
      ExternalTools.run("ip", "link", "set", "lo", "multicast", "off");
    }
  }

  @Test
  void nodesAnnouncedWithJmdnsAreFoundAndFollowedAsTheyLeave() throws Exception {
    String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    List<FakeOllamaNode> nodes = new ArrayList<>();
    List<MdnsAnnouncer> announcers = new ArrayList<>();
    MdnsNodeSource source = MdnsNodeSource.builder().networkInterface("127.0.0.1").build();
    RecordingListener l = new RecordingListener();
    try {
      nodes.add(FakeNodes.start("127.0.0.51", 0));
      int port = nodes.get(0).port();
      nodes.add(FakeNodes.start("127.0.0.52", port));
      nodes.add(FakeNodes.start("127.0.0.53", port));
      announcers.add(
          MdnsAnnouncer.start(
              InetAddress.getByName("127.0.0.51"),
              "node51-" + run,
              port,
              Map.of("zone", "rack-1", "models", "llama3.2:3b,qwen2.5:7b")));
      announcers.add(
          MdnsAnnouncer.start(
              InetAddress.getByName("127.0.0.52"),
              "node52-" + run,
              port,
              Map.of("weight", "abc", "scheme", "gopher")));

      source.start(l);
      await().atMost(Duration.ofSeconds(30)).until(() -> ownIds(l, run).size() == 2);
      // A node announced while the source runs is followed too.
      announcers.add(
          MdnsAnnouncer.start(
              InetAddress.getByName("127.0.0.53"), "node53-" + run, port, Map.of("weight", "250")));
      await().atMost(Duration.ofSeconds(30)).until(() -> ownIds(l, run).size() == 3);
      assertThat(ownIds(l, run))
          .containsExactlyInAnyOrder(
              "http://127.0.0.51:" + port,
              "http://127.0.0.52:" + port,
              "http://127.0.0.53:" + port);
      Node n51 = find(l, "127.0.0.51", run);
      assertThat(n51.zone()).isEqualTo("rack-1");
      assertThat(n51.labels())
          .containsEntry("models", "llama3.2:3b,qwen2.5:7b")
          .containsEntry("mdns.instance", "node51-" + run);
      assertThat(find(l, "127.0.0.52", run).weight()).isEqualTo(Node.DEFAULT_WEIGHT);
      assertThat(find(l, "127.0.0.53", run).weight()).isEqualTo(250);
      assertThat(l.errors)
          .anyMatch(e -> e.contains("weight='abc'"))
          .anyMatch(e -> e.contains("scheme='gopher'"));

      announcers.remove(1).close();
      await().atMost(Duration.ofSeconds(30)).until(() -> ownIds(l, run).size() == 2);
      assertThat(ownIds(l, run)).doesNotContain("http://127.0.0.52:" + port);
    } finally {
      source.close();
      closeAll(announcers);
      nodes.forEach(FakeOllamaNode::close);
    }
    ThreadLeaks.assertNoneLeft();
  }

  /**
   * The nodes this run announced: another test run on the machine may announce on the same
   * addresses at the same time, under other instance names.
   */
  private static List<Node> own(RecordingListener l, String run) {
    java.util.Set<Node> latest = l.latest();
    if (latest == null) {
      return List.of();
    }
    return latest.stream()
        .filter(n -> n.labels().getOrDefault("mdns.instance", "").endsWith("-" + run))
        .toList();
  }

  private static java.util.Set<String> ownIds(RecordingListener l, String run) {
    return own(l, run).stream().map(Node::id).collect(java.util.stream.Collectors.toSet());
  }

  private static Node find(RecordingListener l, String host, String run) {
    return own(l, run).stream().filter(n -> n.host().equals(host)).findFirst().orElseThrow();
  }

  static void closeAll(List<MdnsAnnouncer> announcers) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (MdnsAnnouncer a : announcers) {
      Thread t = new Thread(a::close);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(15_000);
    }
  }
}
