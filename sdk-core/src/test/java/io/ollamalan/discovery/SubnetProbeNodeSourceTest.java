package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.internal.discovery.FakeNodes;
import io.ollamalan.internal.discovery.NotOllamaServer;
import io.ollamalan.internal.discovery.ThreadLeaks;
import io.ollamalan.testkit.FakeOllamaNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Probes 127.0.0.8/29 where three Ollama nodes and two other HTTP services listen. */
@Timeout(60)
class SubnetProbeNodeSourceTest {

  @Test
  void findsOnlyTheNodesThatAnswerLikeOllama() {
    FakeOllamaNode first = FakeNodes.start("127.0.0.11", 0);
    int port = first.port();
    try (first;
        FakeOllamaNode second = FakeNodes.start("127.0.0.12", port);
        FakeOllamaNode third = FakeNodes.start("127.0.0.13", port);
        NotOllamaServer web =
            NotOllamaServer.start("127.0.0.14", port, 200, "<html>It works!</html>");
        NotOllamaServer missing = NotOllamaServer.start("127.0.0.9", port, 404, "not found")) {
      assertThat(List.of(third.port(), web.port(), missing.port())).containsOnly(port);
      SubnetProbeNodeSource source =
          SubnetProbeNodeSource.builder()
              .range("127.0.0.8/29")
              .ports(port, 1)
              .concurrency(4)
              .timeout(Duration.ofSeconds(2))
              .interval(Duration.ofMillis(300))
              .build();
      RecordingListener l = new RecordingListener();
      try {
        source.start(l);
        // Closed ports on loopback refuse at once; only a cold node is slow to answer a first
        // probe.
        await().atMost(Duration.ofSeconds(15)).until(() -> l.latestIds().size() >= 3);
        assertThat(l.latestIds())
            .containsExactlyInAnyOrder(
                "http://127.0.0.11:" + port,
                "http://127.0.0.12:" + port,
                "http://127.0.0.13:" + port);

        // A node that stops answering leaves after two missed scans; one that comes back returns.
        second.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> l.latestIds().size() == 2);
        assertThat(l.latestIds()).doesNotContain("http://127.0.0.12:" + port);
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> l.latestIds().size() == 3);
        assertThat(l.reports)
            .allSatisfy(
                r ->
                    assertThat(r)
                        .noneMatch(
                            n -> n.host().equals("127.0.0.14") || n.host().equals("127.0.0.9")));
      } finally {
        source.close();
      }
      ThreadLeaks.assertNoneLeft();
    }
  }
}
