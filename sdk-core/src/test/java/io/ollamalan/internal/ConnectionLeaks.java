package io.ollamalan.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.OllamaClient;
import io.ollamalan.internal.routing.NodeRuntime;
import java.time.Duration;

/** Test helper: fails when a client still holds a connection or an in-flight slot. */
public final class ConnectionLeaks {
  private ConnectionLeaks() {}

  /**
   * Waits (bounded) until every connection of every node is idle in its pool and no call is counted
   * in flight; a stream or body left open fails this.
   */
  public static void assertNoneLeaked(OllamaClient client) {
    ClientCore core = ((HttpFleetClient) client).core();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .untilAsserted(
            () -> {
              for (NodeRuntime rt : core.runtimes()) {
                assertThat(rt.client().connectionCount())
                    .as("connections of %s in use", rt.handle().id())
                    .isEqualTo(rt.client().idleConnectionCount());
                assertThat(rt.handle().inFlight()).as("in flight on %s", rt.handle().id()).isZero();
              }
            });
  }

  /** Total idle pooled connections of the client: reused keep-alive connections show up here. */
  public static int idleConnections(OllamaClient client) {
    int n = 0;
    for (NodeRuntime rt : ((HttpFleetClient) client).core().runtimes()) {
      n += rt.client().idleConnectionCount();
    }
    return n;
  }
}
