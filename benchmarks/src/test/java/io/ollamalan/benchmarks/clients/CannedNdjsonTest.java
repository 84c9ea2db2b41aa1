package io.ollamalan.benchmarks.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import org.junit.jupiter.api.Test;

class CannedNdjsonTest {

  @Test
  void sdkReadsEveryCannedChunkWithoutANetwork() {
    CannedNdjson canned = new CannedNdjson(CannedNdjson.chatStream("m", 50));
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
}
