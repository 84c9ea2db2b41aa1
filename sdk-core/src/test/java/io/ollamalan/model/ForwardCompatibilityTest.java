package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaServerException;
import io.ollamalan.ResponseStream;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import io.ollamalan.testkit.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node newer than the SDK: fields the SDK does not know reach the caller as plain Java values,
 * and fields the caller adds reach the node as written.
 */
@Timeout(60)
class ForwardCompatibilityTest {
  static final String MODEL = "llama3.2:latest";
  static final ObjectMapper MAPPER = new ObjectMapper();

  static FakeOllamaNode node;
  static OllamaClient client;

  @BeforeAll
  static void start() {
    node =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(MODEL))
            .loaded(MODEL)
            .recordRequests(100)
            .build()
            .start();
    client = OllamaClient.builder().nodes(node.baseUrl()).healthChecksEnabled(false).build();
  }

  @AfterEach
  void reset() {
    node.faults().clear();
    node.clearRecordedRequests();
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  @Test
  void unknownResponseFieldsReachTheCallerAsPlainJavaValues() {
    node.faults()
        .add(
            Fault.respond(
                    200,
                    "application/json",
                    "{\"model\":\"llama3.2:latest\",\"created_at\":\"2026-01-01T00:00:00Z\","
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\","
                        + "\"citations\":[\"a\",\"b\"]},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"eval_count\":3,"
                        + "\"power_watts\":41.5,\"cache\":{\"hit\":true,\"tokens\":12,\"by\":null}}")
                .onPath("/api/chat"));

    ChatResponse r = client.chat(ChatRequest.builder(MODEL).user("hi").build());

    assertThat(r.content()).isEqualTo("hi");
    assertThat(r.evalCount()).isEqualTo(3);
    assertThat(r.unknownFields()).containsOnlyKeys("power_watts", "cache");
    assertThat(r.unknownFields().get("power_watts")).isEqualTo(41.5);
    Map<String, Object> cache = new LinkedHashMap<>();
    cache.put("hit", true);
    cache.put("tokens", 12);
    cache.put("by", null);
    assertThat(r.unknownFields().get("cache")).isEqualTo(cache);
    assertThat(r.message().extraFields()).containsEntry("citations", List.of("a", "b"));
    // Only plain Java types, never a JSON library's.
    assertThat(r.unknownFields().get("cache")).isInstanceOf(Map.class);
  }

  @Test
  void unknownFieldsOfStreamChunksAndListedModelsAreKept() {
    node.faults()
        .add(
            Fault.respond(
                    200,
                    "application/x-ndjson",
                    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"a\"},"
                        + "\"done\":false,\"slot\":2}\n"
                        + "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"slot\":2}\n")
                .onPath("/api/chat"));
    try (ResponseStream<ChatResponse> s =
        client.chatStream(ChatRequest.builder(MODEL).user("hi").build())) {
      ChatResponse first = s.next();
      assertThat(first.unknownFields()).containsEntry("slot", 2);
      ChatResponse last = s.next();
      assertThat(ChatResponse.aggregate(List.of(first, last)).unknownFields())
          .containsEntry("slot", 2);
    }

    node.faults()
        .add(
            Fault.respond(
                    200,
                    "application/json",
                    "{\"models\":[{\"name\":\"a:latest\",\"model\":\"a:latest\",\"size\":1,"
                        + "\"details\":{\"format\":\"gguf\",\"license_id\":\"MIT\"},"
                        + "\"remote\":true}],\"next_page\":null}")
                .onPath("/api/tags"));
    TagsResponse tags = client.tags();
    assertThat(tags.unknownFields()).containsOnlyKeys("next_page");
    assertThat(tags.models().get(0).unknownFields()).containsEntry("remote", true);
    assertThat(tags.models().get(0).details().unknownFields()).containsEntry("license_id", "MIT");
  }

  @Test
  void extraRequestFieldsReachTheNodeAsWritten() throws Exception {
    ChatRequest request =
        ChatRequest.builder(MODEL)
            .message(Message.builder(Message.USER).content("hi").extraField("lang", "en").build())
            .extraField("priority", 3)
            .extraField("routing", Map.of("zone", "b", "weights", List.of(1, 2)))
            .build();

    client.chat(request);

    RecordedRequest seen =
        node.recordedRequests().stream()
            .filter(r -> r.path().equals("/api/chat"))
            .findFirst()
            .orElseThrow();
    JsonNode body = MAPPER.readTree(seen.body());
    assertThat(body.get("priority").asInt()).isEqualTo(3);
    assertThat(body.get("routing").get("zone").asText()).isEqualTo("b");
    assertThat(body.get("routing").get("weights").toString()).isEqualTo("[1,2]");
    assertThat(body.get("messages").get(0).get("lang").asText()).isEqualTo("en");
    assertThat(body.get("model").asText()).isEqualTo(MODEL);
  }

  @Test
  void anErrorFieldInASuccessfulAnswerIsTheNodesErrorWhereverItStands() {
    node.faults()
        .add(
            Fault.respond(
                    200,
                    "application/json",
                    "{\"model\":\"llama3.2:latest\",\"done\":false,\"error\":\"out of memory\"}")
                .onPath("/api/chat"));
    assertThatThrownBy(() -> client.chat(ChatRequest.builder(MODEL).user("hi").build()))
        .isInstanceOf(OllamaServerException.class)
        .hasMessageContaining("out of memory");
  }

  @Test
  void anExtraFieldThatHasATypedSetterIsRejectedNamingTheSetter() {
    assertThatThrownBy(() -> ChatRequest.builder(MODEL).extraField("keep_alive", "5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ChatRequest.Builder.keepAlive(...)");
    assertThatThrownBy(() -> GenerateRequest.builder(MODEL).extraField("stream", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set by the call");
    assertThatThrownBy(() -> Message.builder(Message.USER).extraField("tool_calls", List.of()))
        .hasMessageContaining("Message.Builder.toolCalls(...)");
  }

  @Test
  void extraFieldsSurviveToBuilderAndTakePartInEquality() {
    ChatRequest a = ChatRequest.builder(MODEL).user("hi").extraField("x", 1).build();
    assertThat(a.toBuilder().build()).isEqualTo(a);
    assertThat(a.extraFields()).containsEntry("x", 1);
    assertThat(ChatRequest.builder(MODEL).user("hi").build()).isNotEqualTo(a);
  }
}
