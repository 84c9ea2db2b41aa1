package io.ollamalan.spring.ai;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.observation.ObservationRegistry;
import io.ollamalan.OllamaClient;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;

/**
 * Prints what the Spring AI layer costs a caller on top of the fleet client: the same chat, one at
 * a time, direct, through {@link OllamaLanChatModel} and through {@link ChatClient}, against one
 * fake node that answers at once. Figures only, no assertion; runs with {@code
 * -Dollamalan.measure=true}.
 */
class SpringAiOverheadMeasurement {

  private static final int WARMUP = 300;
  private static final int CALLS = 1000;

  @Test
  void springAiLayerOverhead() throws Exception {
    assumeTrue(Boolean.getBoolean("ollamalan.measure"), "set -Dollamalan.measure=true to measure");
    try (FakeFleet fleet =
            FakeFleet.startIndexed(
                1,
                0,
                (i, b) -> b.model(FakeModel.chat("m").replyTokens(20)).tokensPerSecond(1_000_000));
        OllamaClient client =
            OllamaClient.builder()
                .nodes(fleet.node(0).baseUrl())
                .healthChecksEnabled(false)
                .build()) {
      OllamaLanChatModel model =
          new OllamaLanChatModel(
              client,
              OllamaLanChatOptions.builder().model("m").build(),
              ToolCallingManager.builder().build(),
              ObservationRegistry.NOOP);
      ChatClient chat = ChatClient.create(model);
      ChatRequest request = ChatRequest.builder("m").user("hello there").build();
      Prompt prompt = new Prompt("hello there");
      for (int round = 1; round <= 3; round++) {
        print(round, "client.chat", measure(() -> client.chat(request)));
        print(round, "ChatModel.call", measure(() -> model.call(prompt)));
        print(
            round,
            "ChatClient.call",
            measure(() -> chat.prompt().user("hello there").call().content()));
        print(round, "client.chatStream", measure(() -> client.chatStream(request).aggregate()));
        print(
            round,
            "ChatModel.stream",
            measure(() -> model.stream(prompt).blockLast(Duration.ofSeconds(30))));
      }
    }
  }

  private static long[] measure(Callable<?> call) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      call.call();
    }
    long[] micros = new long[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      call.call();
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    return micros;
  }

  private static void print(int round, String what, long[] sorted) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "round %d %-18s p50 %6d us  p90 %6d us  p99 %6d us",
            round,
            what,
            sorted[sorted.length / 2],
            sorted[sorted.length * 9 / 10],
            sorted[sorted.length * 99 / 100]));
  }
}
