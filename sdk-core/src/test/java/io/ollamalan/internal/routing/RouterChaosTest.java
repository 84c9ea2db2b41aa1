package io.ollamalan.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.OllamaClient;
import io.ollamalan.internal.HttpFleetClient;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Options;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,000 calls/s (paced, open loop; a slow machine only stretches the run) through a client with
 * every default against three nodes, while one node is killed and restarted, then another is frozen
 * (it accepts calls and never answers) and restarted. Two nodes stay healthy throughout, so no call
 * may fail; afterwards nothing is counted as queued or in flight. Asserts outcomes only.
 */
@Timeout(240)
class RouterChaosTest {
  static final String MODEL = "llama3.2:latest";
  static final int CALLS = 4_000;
  static final long PACE_NANOS = 1_000_000L;

  /** Starts a stopped node on its old address; another process may hold the port for a moment. */
  static void restart(FakeOllamaNode node) {
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              node.start();
              return node.isRunning();
            });
  }

  @Test
  void killedFrozenAndRestartedNodesLoseNoCallAndLeaveNothingHeld() throws Exception {
    try (FakeFleet fleet =
        FakeFleet.startIndexed(
            3, 0, (i, b) -> b.model(FakeModel.chat(MODEL).replyTokens(4)).loaded(MODEL))) {
      RecordingListener events = new RecordingListener();
      OllamaClient client =
          OllamaClient.builder()
              .nodes(fleet.baseUrls().toArray(String[]::new))
              .listener(events)
              .build();
      ExecutorService callers = Executors.newFixedThreadPool(64);
      try {
        Router router = ((HttpFleetClient) client).core().router();
        List<CompletableFuture<ChatResponse>> calls = new ArrayList<>(CALLS);
        ChatRequest request =
            ChatRequest.builder(MODEL)
                .user("hello")
                .options(Options.builder().numPredict(4).build())
                .build();
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
          switch (i) {
            case CALLS / 5:
              fleet.node(0).stop();
              break;
            case 2 * CALLS / 5:
              restart(fleet.node(0));
              break;
            case 3 * CALLS / 5:
              fleet.node(1).faults().add(Fault.hang().untilCleared());
              break;
            case 4 * CALLS / 5:
              fleet.node(1).stop();
              fleet.node(1).faults().clear();
              restart(fleet.node(1));
              break;
            default:
              break;
          }
          calls.add(CompletableFuture.supplyAsync(() -> client.chat(request), callers));
          long due = start + (i + 1) * PACE_NANOS;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
        for (CompletableFuture<ChatResponse> f : calls) {
          assertThat(f.get(120, TimeUnit.SECONDS).done()).isTrue();
        }
        // The chaos was met: attempts failed on the killed and the frozen node and moved on.
        assertThat(events.failedAttempts)
            .anyMatch(e -> fleet.baseUrls().get(0).equals(e.nodeId()))
            .anyMatch(e -> fleet.baseUrls().get(1).equals(e.nodeId()));
        List<NodeHandle> handles = List.of(router.fleet().handles());
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  assertThat(router.queued()).isZero();
                  assertThat(handles).allSatisfy(h -> assertThat(h.inFlight()).isZero());
                });
      } finally {
        callers.shutdownNow();
        client.close();
      }
    }
  }
}
