package io.ollamalan.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.OllamaClient;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two gateway replicas in front of one fleet; one is killed while calls run. */
class GatewayFailoverTest {
  private static final String EMBED = "all-minilm";
  private static final int THREADS = 4;
  private static final int CALLS_PER_THREAD = 150;

  @Test
  void noIdempotentCallIsLostWhenAGatewayIsKilled() throws Exception {
    try (FakeFleet fleet =
            FakeFleet.startIndexed(2, 0, (i, b) -> b.model(FakeModel.embedding(EMBED)));
        GatewayChild a = GatewayChild.start(fleet.baseUrls());
        GatewayChild b = GatewayChild.start(fleet.baseUrls());
        OllamaClient client = OllamaClient.builder().nodes(a.address(), b.address()).build()) {
      AtomicInteger done = new AtomicInteger();
      CountDownLatch killed = new CountDownLatch(1);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger afterKill = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          workers.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                      try {
                        assertThat(
                                client
                                    .embed(EmbedRequest.builder(EMBED).input("text " + i).build())
                                    .embeddings())
                            .hasSize(1);
                        if (killed.getCount() == 0) {
                          afterKill.incrementAndGet();
                        }
                      } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                      }
                      done.incrementAndGet();
                    }
                    return null;
                  }));
        }
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> done.get() >= THREADS * CALLS_PER_THREAD / 3);
        a.kill();
        killed.countDown();
        for (Future<?> w : workers) {
          w.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(failures).isEmpty();
      assertThat(done.get()).isEqualTo(THREADS * CALLS_PER_THREAD);
      assertThat(afterKill.get()).isPositive();
    }
  }
}
