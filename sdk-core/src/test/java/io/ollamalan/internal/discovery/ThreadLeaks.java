package io.ollamalan.internal.discovery;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Fails a test that leaves a discovery, health or JmDNS thread running. */
public final class ThreadLeaks {
  private ThreadLeaks() {}

  /** Threads this SDK or JmDNS started that are still alive. */
  public static List<String> ours() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(Threads.PREFIX) || n.toLowerCase(Locale.ROOT).contains("jmdns"))
        .sorted()
        .toList();
  }

  /** Waits up to 10 s for every such thread to end, then fails naming those left. */
  public static void assertNoneLeft() {
    await("discovery and health threads to end")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(ours()).isEmpty());
  }
}
