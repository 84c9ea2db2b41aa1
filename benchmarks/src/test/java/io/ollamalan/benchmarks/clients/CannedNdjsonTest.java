package io.ollamalan.benchmarks.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CannedNdjsonTest {

  @Test
  void sdkReadsEveryCannedChunkWithoutANetwork() {
    CannedNdjson canned = new CannedNdjson("m", CannedNdjson.chatStream("m", 50));
    try (OllamaClient client =
            OllamaClient.builder()
                .nodes("http://127.0.0.1:9")
                .customizeHttpClient(b -> b.addInterceptor(canned))
                .build();
        ResponseStream<ChatResponse> stream =
            client.chatStream(ChatRequest.builder("m").user("hi").build())) {
      int chunks = 0;
      ChatResponse last = null;
      while (stream.hasNext()) {
        last = stream.next();
        chunks++;
      }
      assertThat(chunks).isEqualTo(50);
      assertThat(last.done()).isTrue();
    }
  }

  @Test
  void healthChecksFindAnOllamaNodeWithTheModelLoaded() {
    String model = "llama3.2:latest";
    try (OllamaClient client =
        OllamaClient.builder()
            .nodes("http://127.0.0.1:9")
            .customizeHttpClient(
                b -> b.addInterceptor(new CannedNdjson(model, CannedNdjson.chatStream(model, 5))))
            .build()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                NodeStatus node = client.fleet().nodes().get(0);
                assertThat(node.state()).isEqualTo(NodeState.UP);
                assertThat(node.hasLoaded(model)).isTrue();
              });
      try (ResponseStream<ChatResponse> stream =
          client.chatStream(ChatRequest.builder(model).user("hi").build())) {
        int chunks = 0;
        while (stream.hasNext()) {
          stream.next();
          chunks++;
        }
        assertThat(chunks).isEqualTo(5);
      }
      assertThat(client.fleet().nodes().get(0).state()).isEqualTo(NodeState.UP);
    }
  }
}
