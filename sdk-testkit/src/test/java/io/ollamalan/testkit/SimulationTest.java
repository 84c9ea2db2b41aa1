package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler simulation seen through HTTP, with time scaled so tests stay fast. */
class SimulationTest {

  static FakeOllamaNode node(SchedulerConfig.Builder cfg, FakeModel... models) {
    return FakeOllamaNode.builder().models(models).scheduler(cfg.build()).build().start();
  }

  static String post(String json) {
    return "POST /api/generate HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
        + json.length()
        + "\r\n\r\n"
        + json;
  }

  @Test
  void metricsFollowLoadPrefillAndDecodeRatesAndThePromptCache() {
    try (FakeOllamaNode n =
        node(
            SchedulerConfig.builder()
                .timeScale(1000)
                .prefillTokensPerSecond(100)
                .decodeTokensPerSecond(50),
            FakeModel.chat("llama3.2").loadTime(Duration.ofSeconds(10)).replyTokens(10))) {
      String body =
          "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky blue\"}]}";
      JsonNode first = Jsons.parse(RawHttp.exchange(n, "POST", "/api/chat", body).body);
      int promptCount = first.get("prompt_eval_count").asInt();
      assertThat(first.get("load_duration").asLong()).isGreaterThanOrEqualTo(10_000_000_000L);
      assertThat(first.get("prompt_eval_duration").asLong()).isEqualTo(promptCount * 10_000_000L);
      assertThat(first.get("eval_count").asInt()).isEqualTo(10);
      assertThat(first.get("eval_duration").asLong()).isEqualTo(10 * 20_000_000L);
      assertThat(first.get("total_duration").asLong())
          .isGreaterThanOrEqualTo(
              first.get("load_duration").asLong()
                  + first.get("prompt_eval_duration").asLong()
                  + first.get("eval_duration").asLong());

      JsonNode again = Jsons.parse(RawHttp.exchange(n, "POST", "/api/chat", body).body);
      assertThat(again.get("prompt_eval_count").asInt()).isEqualTo(promptCount);
      assertThat(again.get("prompt_eval_duration").asLong()).isEqualTo(10_000_000L);
      assertThat(again.get("load_duration").asLong()).isLessThan(1_000_000_000L);

      String reply = first.get("message").get("content").asText();
      String followUp =
          "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":["
              + "{\"role\":\"user\",\"content\":\"why is the sky blue\"},"
              + "{\"role\":\"assistant\",\"content\":\""
              + reply
              + "\"},"
              + "{\"role\":\"user\",\"content\":\"and at night\"}]}";
      JsonNode third = Jsons.parse(RawHttp.exchange(n, "POST", "/api/chat", followUp).body);
      int uncached = (int) (third.get("prompt_eval_duration").asLong() / 10_000_000L);
      assertThat(uncached).isLessThan(third.get("prompt_eval_count").asInt() - promptCount);
    }
  }

  @Test
  void streamsArePacedByTheDecodeRate() {
    try (FakeOllamaNode n =
        node(
            SchedulerConfig.builder().timeScale(100).decodeTokensPerSecond(10),
            FakeModel.chat("m").replyTokens(5))) {
      long start = System.nanoTime();
      List<JsonNode> lines =
          Jsons.lines(
              RawHttp.exchange(n, "POST", "/api/generate", "{\"model\":\"m\",\"prompt\":\"x\"}")
                  .body);
      long wallMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(lines).hasSize(6);
      assertThat(lines.get(5).get("eval_duration").asLong()).isEqualTo(500_000_000L);
      assertThat(wallMillis).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void fullQueueAnswers503OverHttp() throws Exception {
    try (FakeOllamaNode n =
        node(
            SchedulerConfig.builder().maxQueue(1).timeScale(1),
            FakeModel.chat("slow").loadTime(Duration.ofSeconds(30)),
            FakeModel.chat("other"))) {
      try (java.net.Socket s1 = new java.net.Socket(n.address(), n.port());
          java.net.Socket s2 = new java.net.Socket(n.address(), n.port())) {
        String req = post("{\"model\":\"slow\",\"prompt\":\"x\"}");
        s1.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.loadedModels().contains("slow:latest"));
        String other = post("{\"model\":\"other\",\"prompt\":\"x\"}");
        s2.getOutputStream().write(other.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.queuedRequests() == 1);
        RawHttp.Response busy =
            RawHttp.exchange(n, "POST", "/api/generate", "{\"model\":\"other\",\"prompt\":\"y\"}");
        assertThat(busy.status).isEqualTo(503);
        assertThat(busy.body).isEqualTo(OllamaContract.example("error-server-busy.json").strip());
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> n.inFlight() == 0 && n.queuedRequests() == 0);
    }
  }

  @Test
  void clientDisconnectReleasesTheSlot() throws Exception {
    try (FakeOllamaNode n =
        node(
            SchedulerConfig.builder().numParallel(1).decodeTokensPerSecond(2),
            FakeModel.chat("m").replyTokens(100))) {
      try (java.net.Socket s = new java.net.Socket(n.address(), n.port())) {
        String req = post("{\"model\":\"m\",\"prompt\":\"x\"}");
        s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.inFlight() == 1);
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> n.inFlight() == 0 && n.openConnections() == 0);
      n.faults().add(Fault.truncateAfterChunks(1));
      assertThat(
              Jsons.lines(
                  RawHttp.exchange(n, "POST", "/api/generate", "{\"model\":\"m\",\"prompt\":\"y\"}")
                      .body))
          .hasSize(1);
    }
  }

  @Test
  void keepAliveZeroUnloadsAfterTheRequest() {
    try (FakeOllamaNode n = node(SchedulerConfig.builder(), FakeModel.chat("m"))) {
      RawHttp.exchange(
          n,
          "POST",
          "/api/generate",
          "{\"model\":\"m\",\"prompt\":\"x\",\"stream\":false,\"keep_alive\":0}");
      await().atMost(Duration.ofSeconds(5)).until(() -> n.loadedModels().isEmpty());
      RawHttp.exchange(
          n,
          "POST",
          "/api/generate",
          "{\"model\":\"m\",\"prompt\":\"x\",\"stream\":false,\"keep_alive\":-1}");
      JsonNode ps = Jsons.parse(RawHttp.exchange(n, "GET", "/api/ps", null).body);
      assertThat(ps.get("models").get(0).get("expires_at").asText()).startsWith("23");
    }
  }
}
