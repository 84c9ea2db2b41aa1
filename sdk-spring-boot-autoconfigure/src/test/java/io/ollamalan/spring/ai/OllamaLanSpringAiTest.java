package io.ollamalan.spring.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.ollamalan.spring.autoconfigure.OllamaLanAutoConfiguration;
import io.ollamalan.spring.autoconfigure.OllamaLanSpringAiAutoConfiguration;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.AdvisorParams;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;

class OllamaLanSpringAiTest {

  private static FakeFleet fleet;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  OllamaLanAutoConfiguration.class, OllamaLanSpringAiAutoConfiguration.class))
          .withPropertyValues(
              "ollama.lan.nodes=" + String.join(",", fleet.baseUrls()),
              "ollama.lan.ai.chat.model=llama3.2",
              "ollama.lan.ai.embedding.model=nomic-embed-text");

  @BeforeAll
  static void startFleet() {
    fleet =
        FakeFleet.startIndexed(
            1,
            0,
            (i, b) ->
                b.models(
                        FakeModel.chat("llama3.2").tools(true).thinking(true),
                        FakeModel.embedding("nomic-embed-text").dimensions(16))
                    .tokensPerSecond(2000)
                    .recordRequests(50));
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @BeforeEach
  void forget() {
    fleet.node(0).clearRecordedRequests();
  }

  private static RecordedRequest lastChat() {
    List<RecordedRequest> chats =
        fleet.node(0).recordedRequests().stream()
            .filter(r -> r.path().equals("/api/chat"))
            .toList();
    return chats.get(chats.size() - 1);
  }

  @Test
  void callAnswersWithUsageAndFinishReason() {
    runner.run(
        context -> {
          ChatModel model = context.getBean(ChatModel.class);
          assertThat(model).isInstanceOf(OllamaLanChatModel.class);
          ChatResponse response =
              model.call(
                  new Prompt(
                      "Why is the sky blue?",
                      OllamaLanChatOptions.builder().temperature(0.2).seed(7).build()));
          assertThat(response.getResult().getOutput().getText()).isNotBlank();
          assertThat(response.getMetadata().getUsage().getPromptTokens()).isPositive();
          assertThat(response.getMetadata().getUsage().getCompletionTokens()).isPositive();
          assertThat(response.getMetadata().getModel()).startsWith("llama3.2");
          assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("stop");
          String body = lastChat().body();
          assertThat(body).contains("\"temperature\":0.2").contains("\"seed\":7");
          assertThat(body).contains("\"model\":\"llama3.2\"");
        });
  }

  @Test
  void streamYieldsTheSameAnswerAsCall() {
    runner.run(
        context -> {
          ChatModel model = context.getBean(ChatModel.class);
          Prompt prompt =
              new Prompt("Tell me a story", OllamaLanChatOptions.builder().seed(3).build());
          String whole = model.call(prompt).getResult().getOutput().getText();
          List<ChatResponse> chunks =
              model.stream(prompt).collectList().block(Duration.ofSeconds(30));
          assertThat(chunks).hasSizeGreaterThan(2);
          StringBuilder streamed = new StringBuilder();
          chunks.forEach(c -> streamed.append(c.getResult().getOutput().getText()));
          assertThat(streamed.toString()).isEqualTo(whole);
          ChatResponse last = chunks.get(chunks.size() - 1);
          assertThat(last.getMetadata().getUsage().getCompletionTokens()).isPositive();
        });
  }

  @Test
  void cancellingTheFluxCancelsTheNodesStream() {
    // 2000 tokens at 20 per second: the node generates for 100 s unless the call is cancelled.
    try (FakeFleet slow =
        FakeFleet.startIndexed(
            1,
            0,
            (i, b) -> b.model(FakeModel.chat("slow").replyTokens(2000)).tokensPerSecond(20))) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  OllamaLanAutoConfiguration.class, OllamaLanSpringAiAutoConfiguration.class))
          .withPropertyValues(
              "ollama.lan.nodes=" + slow.node(0).baseUrl(), "ollama.lan.ai.chat.model=slow")
          .run(
              context -> {
                ChatModel model = context.getBean(ChatModel.class);
                Flux<ChatResponse> stream = model.stream(new Prompt("Write a long essay"));
                List<ChatResponse> firstTwo =
                    stream.take(2).collectList().block(Duration.ofSeconds(60));
                assertThat(firstTwo).hasSize(2);
                await().atMost(Duration.ofSeconds(20)).until(() -> slow.node(0).inFlight() == 0);
              });
    }
  }

  @Test
  void thinkLevelAndKeepAliveReachTheNode() {
    runner
        .withPropertyValues("ollama.lan.ai.chat.think=high", "ollama.lan.ai.chat.keep-alive=10m")
        .run(
            context -> {
              ChatResponse response = context.getBean(ChatModel.class).call(new Prompt("2+2?"));
              String body = lastChat().body();
              assertThat(body).contains("\"think\":\"high\"");
              assertThat(body).contains("\"keep_alive\":600");
              assertThat(response.getResult().getOutput().getMetadata())
                  .containsKey(SpringAiMapping.THINKING);
            });
  }

  @Test
  void badThinkValueFailsAtStartupNamingTheProperty() {
    runner
        .withPropertyValues("ollama.lan.ai.chat.think=very")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("ollama.lan.ai.chat.think"));
  }

  static class Weather {
    final AtomicInteger calls = new AtomicInteger();

    @Tool(description = "Current temperature in a city")
    String temperature(String city) {
      calls.incrementAndGet();
      return "21 degrees in " + city;
    }
  }

  @Test
  void chatClientCallsToolsThroughTheToolCallingManager() {
    runner.run(
        context -> {
          Weather weather = new Weather();
          ChatClient chat = ChatClient.create(context.getBean(ChatModel.class));
          String answer =
              chat.prompt().user("How warm is it in Oslo?").tools(weather).call().content();
          assertThat(weather.calls).hasValue(1);
          assertThat(answer).isNotBlank();
          String body = lastChat().body();
          assertThat(body).contains("\"role\":\"tool\"").contains("21 degrees in");
        });
  }

  @Test
  void chatClientStreamsWithTools() {
    runner.run(
        context -> {
          Weather weather = new Weather();
          ChatClient chat = ChatClient.create(context.getBean(ChatModel.class));
          List<String> pieces =
              chat.prompt().user("How warm is it in Tromso?").tools(weather).stream()
                  .content()
                  .collectList()
                  .block(Duration.ofSeconds(60));
          assertThat(weather.calls).hasValue(1);
          assertThat(String.join("", pieces)).isNotBlank();
          assertThat(lastChat().body()).contains("\"role\":\"tool\"");
        });
  }

  record Forecast(String city, int high) {}

  @Test
  void structuredOutputUsesTheNodesJsonSchemaFormat() {
    runner.run(
        context -> {
          ChatClient chat = ChatClient.create(context.getBean(ChatModel.class));
          Forecast forecast =
              chat.prompt()
                  .advisors(AdvisorParams.ENABLE_NATIVE_STRUCTURED_OUTPUT)
                  .user("Forecast for Bergen")
                  .call()
                  .entity(Forecast.class);
          assertThat(forecast).isNotNull();
          assertThat(forecast.city()).isNotNull();
          assertThat(lastChat().body()).contains("\"format\":{").contains("\"high\"");
        });
  }

  @Test
  void embeddingModelReturnsTheNodesVectors() {
    runner.run(
        context -> {
          EmbeddingModel model = context.getBean(EmbeddingModel.class);
          assertThat(model).isInstanceOf(OllamaLanEmbeddingModel.class);
          List<float[]> vectors = model.embed(List.of("one", "two"));
          assertThat(vectors).hasSize(2);
          assertThat(vectors.get(0)).hasSize(16);
          assertThat(vectors.get(0)).isNotEqualTo(vectors.get(1));
        });
  }

  @Test
  void modelsAreSelectedBySpringAiModelProperties() {
    runner
        .withPropertyValues("spring.ai.model.chat=ollama", "spring.ai.model.embedding=openai")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(ChatModel.class);
              assertThat(context).doesNotHaveBean(EmbeddingModel.class);
            });
    runner
        .withPropertyValues(
            "spring.ai.model.chat=" + OllamaLanSpringAiAutoConfiguration.MODEL_NAME,
            "spring.ai.model.embedding=" + OllamaLanSpringAiAutoConfiguration.MODEL_NAME)
        .run(
            context -> {
              assertThat(context).hasSingleBean(OllamaLanChatModel.class);
              assertThat(context).hasSingleBean(OllamaLanEmbeddingModel.class);
            });
    runner
        .withPropertyValues("ollama.lan.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(ChatModel.class));
  }

  @Test
  void callsAndStreamsAreObservedThroughTheApplicationsObservationRegistry() {
    List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    ObservationRegistry registry = ObservationRegistry.create();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }

              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }
            });
    runner
        .withBean(ObservationRegistry.class, () -> registry)
        .run(
            context -> {
              ChatModel model = context.getBean(ChatModel.class);
              model.call(new Prompt("observed call"));
              model.stream(new Prompt("observed stream")).blockLast(Duration.ofSeconds(30));
              context.getBean(EmbeddingModel.class).embed("observed embedding");
              await().atMost(Duration.ofSeconds(10)).until(() -> stopped.size() >= 3);
              List<ChatModelObservationContext> chats =
                  stopped.stream()
                      .filter(ChatModelObservationContext.class::isInstance)
                      .map(ChatModelObservationContext.class::cast)
                      .toList();
              assertThat(chats).hasSize(2);
              assertThat(chats)
                  .allSatisfy(
                      c -> {
                        assertThat(c.getResponse()).isNotNull();
                        assertThat(c.getResponse().getMetadata().getUsage().getCompletionTokens())
                            .isPositive();
                      });
              assertThat(stopped).anyMatch(EmbeddingModelObservationContext.class::isInstance);
            });
  }

  @Test
  void portableOptionsOverlayTheDefaults() {
    runner.run(
        context -> {
          ChatModel model = context.getBean(ChatModel.class);
          model.call(
              new Prompt(
                  List.of(new UserMessage("hi")),
                  org.springframework.ai.chat.prompt.ChatOptions.builder()
                      .maxTokens(5)
                      .stopSequences(List.of("END"))
                      .build()));
          String body = lastChat().body();
          assertThat(body).contains("\"num_predict\":5").contains("\"stop\":[\"END\"]");
          assertThat(body).contains("\"model\":\"llama3.2\"");
        });
  }
}
