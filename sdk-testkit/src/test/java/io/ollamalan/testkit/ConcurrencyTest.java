package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Correctness under concurrent keep-alive load; no timing is asserted. */
class ConcurrencyTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void manyConcurrentKeepAliveRequestsAllSucceedWithValidBodies() throws Exception {
    int threads = 8;
    int perThread = 500;
    try (FakeOllamaNode node =
        FakeOllamaNode.builder()
            .model(FakeModel.chat("llama3.2").replyTokens(4))
            .recordRequests(0)
            .build()
            .start()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          results.add(
              pool.submit(
                  () -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                      String body =
                          "{\"model\":\"llama3.2\",\"stream\":false,\"prompt\":\"t"
                              + thread
                              + " r"
                              + i
                              + "\"}";
                      HttpResponse<String> r =
                          client.send(
                              HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/generate"))
                                  .timeout(Duration.ofSeconds(30))
                                  .POST(HttpRequest.BodyPublishers.ofString(body))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      JsonNode n = Jsons.parse(r.body());
                      if (r.statusCode() == 200
                          && n.get("done").asBoolean()
                          && n.get("eval_count").asInt() == 4) {
                        ok++;
                      }
                    }
                    return ok;
                  }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
          total += f.get(110, TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo(threads * perThread);
        assertThat(node.requestCount()).isEqualTo(threads * perThread);
        assertThat(node.inFlight()).isZero();
        assertThat(node.openConnections()).isPositive().isLessThan(threads * perThread / 10);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
