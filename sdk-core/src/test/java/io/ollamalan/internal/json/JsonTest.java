package io.ollamalan.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.Format;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.Message;
import io.ollamalan.model.Options;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.ShowRequest;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.Think;
import io.ollamalan.model.Tool;
import io.ollamalan.model.ToolCall;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  static {
    RequestReaders.install();
  }

  private static String write(Object request, Boolean stream) {
    return new String(Json.writeRequest(request, stream), StandardCharsets.UTF_8);
  }

  private static <T> T read(String json, Class<T> type) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return Json.read(b, 0, b.length, type);
  }

  private static JsonMappingFailure failure(String json, Class<?> type) {
    return catchThrowableOfType(JsonMappingFailure.class, () -> read(json, type));
  }

  // ---- writing ----

  @Test
  void chatRequestIsWrittenInGoFieldOrderWithStreamFlag() {
    ChatRequest r =
        ChatRequest.builder("llama3.2")
            .system("be brief")
            .user("hi")
            .format(Format.json())
            .keepAlive(KeepAlive.of(Duration.ofMinutes(5)))
            .options(Options.builder().temperature(0.5).numCtx(8192).build())
            .think(Think.level(Think.Level.HIGH))
            .truncate(false)
            .topLogprobs(3)
            .build();
    assertThat(write(r, true))
        .isEqualTo(
            "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"format\":\"json\","
                + "\"keep_alive\":300,\"options\":{\"temperature\":0.5,\"num_ctx\":8192},"
                + "\"think\":\"high\",\"truncate\":false,\"top_logprobs\":3}");
  }

  @Test
  void nullFieldsAndEmptyCollectionsAreOmittedButEmptyStringsAndFalseAreKept() {
    GenerateRequest r =
        GenerateRequest.builder("m").prompt("").raw(false).options(Options.empty()).build();
    assertThat(write(r, null)).isEqualTo("{\"model\":\"m\",\"prompt\":\"\",\"raw\":false}");
    assertThat(write(r, false))
        .isEqualTo("{\"model\":\"m\",\"prompt\":\"\",\"stream\":false,\"raw\":false}");
  }

  @Test
  void messageContentIsAlwaysWrittenAndToolCallIndexToo() {
    Message assistant =
        Message.builder(Message.ASSISTANT)
            .toolCalls(List.of(ToolCall.of("get_weather", Map.of("city", "Tokyo"))))
            .build();
    ChatRequest r =
        ChatRequest.builder("m")
            .message(assistant)
            .message(Message.tool("get_weather", "sunny"))
            .build();
    assertThat(write(r, null))
        .isEqualTo(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"index\":0,\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Tokyo\"}}}]},"
                + "{\"role\":\"tool\",\"content\":\"sunny\",\"tool_name\":\"get_weather\"}]}");
  }

  @Test
  void toolsAndExtraOptionsKeepInsertionOrder() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("z", Map.of("type", "string"));
    props.put("a", Map.of("type", "integer"));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", props);
    ChatRequest r =
        ChatRequest.builder("m")
            .user("x")
            .tool(Tool.function("f", "does f", schema))
            .options(
                Options.builder()
                    .extra("draft_num_predict", 4)
                    .seed(1)
                    .extra("numa", false)
                    .build())
            .build();
    assertThat(write(r, null))
        .contains(
            "\"parameters\":{\"type\":\"object\",\"properties\":{\"z\":{\"type\":\"string\"},\"a\":{\"type\":\"integer\"}}}")
        .contains("\"options\":{\"seed\":1,\"draft_num_predict\":4,\"numa\":false}");
  }

  @Test
  void keepAliveIsWrittenAsSecondsOrGoDuration() {
    assertThat(write(withKeepAlive(KeepAlive.forever()), null)).contains("\"keep_alive\":-1");
    assertThat(write(withKeepAlive(KeepAlive.unloadNow()), null)).contains("\"keep_alive\":0");
    assertThat(write(withKeepAlive(KeepAlive.of(Duration.ofHours(1))), null))
        .contains("\"keep_alive\":3600");
    assertThat(write(withKeepAlive(KeepAlive.of(Duration.ofMillis(1500))), null))
        .contains("\"keep_alive\":\"1.5s\"");
  }

  private static GenerateRequest withKeepAlive(KeepAlive k) {
    return GenerateRequest.builder("m").keepAlive(k).build();
  }

  @Test
  void thinkAndFormatUnionsAreWrittenAsBooleanStringOrObject() {
    assertThat(write(GenerateRequest.builder("m").think(Think.enabled()).build(), null))
        .contains("\"think\":true");
    assertThat(write(GenerateRequest.builder("m").think(Think.disabled()).build(), null))
        .contains("\"think\":false");
    assertThat(
            write(
                GenerateRequest.builder("m")
                    .format(Format.schema(Map.of("type", "object")))
                    .build(),
                null))
        .contains("\"format\":{\"type\":\"object\"}");
  }

  @Test
  void singleEmbedInputIsAStringAndSeveralAreAnArray() {
    assertThat(write(EmbedRequest.builder("e").input("a").build(), null))
        .isEqualTo("{\"model\":\"e\",\"input\":\"a\"}");
    assertThat(write(EmbedRequest.builder("e").inputs("a", "b").build(), null))
        .isEqualTo("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}");
    assertThat(write(EmbedRequest.builder("e").build(), null)).isEqualTo("{\"model\":\"e\"}");
    assertThat(read("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}", EmbedRequest.class).input())
        .containsExactly("a", "b");
  }

  @Test
  void streamFlagIsRejectedForEndpointsThatDoNotStream() {
    assertThatThrownBy(() -> Json.writeRequest(ShowRequest.of("m"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not stream");
    assertThat(write(PullRequest.of("m"), false)).isEqualTo("{\"model\":\"m\",\"stream\":false}");
    assertThatThrownBy(() -> Json.writeRequest("not a request", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void writesToAnOutputStream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Json.writeRequest(ShowRequest.of("m", true), null, out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"model\":\"m\",\"verbose\":true}");
  }

  @Test
  void streamFlagIsReadFromRequestBodies() {
    byte[] body =
        "{\"model\":\"m\",\"options\":{\"stream\":true},\"stream\":false}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Json.streamFlag(body, 0, body.length)).isFalse();
    byte[] none = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(Json.streamFlag(none, 0, none.length)).isNull();
    byte[] junk = "{\"model\":".getBytes(StandardCharsets.UTF_8);
    assertThat(Json.streamFlag(junk, 0, junk.length)).isNull();
  }

  // ---- reading ----

  @Test
  void readsFromAnOffsetWithinALargerBuffer() {
    byte[] buf =
        "xx{\"model\":\"m\",\"response\":\"hi\",\"done\":false}\n{\"model\""
            .getBytes(StandardCharsets.UTF_8);
    int len = "{\"model\":\"m\",\"response\":\"hi\",\"done\":false}".length();
    GenerateResponse r = Json.read(buf, 2, len, GenerateResponse.class);
    assertThat(r.response()).isEqualTo("hi");
    assertThat(r.done()).isFalse();
  }

  @Test
  void readsFromAnInputStream() {
    TagsResponse tags =
        Json.read(
            new ByteArrayInputStream("{\"models\":[]}".getBytes(StandardCharsets.UTF_8)),
            TagsResponse.class);
    assertThat(tags.models()).isEmpty();
  }

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() {
    ChatResponse r =
        read(
            "{\"model\":\"m\",\"remote_host\":\"x\",\"future\":{\"a\":[1,{\"b\":2}]},"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"c\",\"new\":[true]},"
                + "\"done\":true,\"eval_count\":7}",
            ChatResponse.class);
    assertThat(r.content()).isEqualTo("c");
    assertThat(r.evalCount()).isEqualTo(7);
  }

  @Test
  void roleIsLowerCasedAndThinkingAndLogprobsAreRead() {
    ChatResponse r =
        read(
            "{\"message\":{\"role\":\"ASSISTANT\",\"content\":\"\",\"thinking\":\"hmm\"},\"done\":false,"
                + "\"logprobs\":[{\"token\":\"a\",\"logprob\":-0.5,\"bytes\":[97],"
                + "\"top_logprobs\":[{\"token\":\"a\",\"logprob\":-0.5},{\"token\":\"b\",\"logprob\":-2}]}]}",
            ChatResponse.class);
    assertThat(r.message().role()).isSameAs(Message.ASSISTANT);
    assertThat(r.thinking()).isEqualTo("hmm");
    assertThat(r.logprobs()).hasSize(1);
    assertThat(r.logprobs().get(0).logprob()).isEqualTo(-0.5);
    assertThat(r.logprobs().get(0).topLogprobs()).extracting("token").containsExactly("a", "b");
  }

  @Test
  void toolCallArgumentsKeepJsonTypes() {
    ChatResponse r =
        read(
            "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_ab12cd34\","
                + "\"function\":{\"index\":1,\"name\":\"f\",\"arguments\":{\"n\":3,\"x\":1.5,\"big\":12345678901,"
                + "\"ok\":true,\"none\":null,\"list\":[\"a\"],\"obj\":{\"k\":\"v\"}}}}]},\"done\":false}",
            ChatResponse.class);
    ToolCall call = r.toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_ab12cd34");
    assertThat(call.function().index()).isEqualTo(1);
    Map<String, Object> args = call.function().arguments();
    assertThat(args.keySet()).containsExactly("n", "x", "big", "ok", "none", "list", "obj");
    assertThat(args.get("n")).isEqualTo(3);
    assertThat(args.get("x")).isEqualTo(1.5);
    assertThat(args.get("big")).isEqualTo(12345678901L);
    assertThat(args.get("ok")).isEqualTo(true);
    assertThat(args.get("none")).isNull();
    assertThat(args.get("list")).isEqualTo(List.of("a"));
    assertThat(args.get("obj")).isEqualTo(Map.of("k", "v"));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-06-04T14:38:31Z, 0, 0",
    "2024-06-04T14:38:31.8Z, 800000000, 0",
    "2024-06-04T14:38:31.83753-07:00, 837530000, -420",
    "2024-06-04T14:38:31.385406455+05:30, 385406455, 330",
    "2024-06-04T14:38:31.000000001Z, 1, 0",
  })
  void timestampsAcceptZeroToNineFractionDigitsAndAnyOffset(
      String text, int nanos, int offsetMinutes) {
    ChatResponse r = read("{\"created_at\":\"" + text + "\",\"done\":true}", ChatResponse.class);
    assertThat(r.createdAt())
        .isEqualTo(
            OffsetDateTime.of(
                2024, 6, 4, 14, 38, 31, nanos, ZoneOffset.ofTotalSeconds(offsetMinutes * 60)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-06-04 14:38:31Z",
        "2024-06-04T14:38:31",
        "2024-06-04T14:38:31.Z",
        "2024-06-04T14:38:31.1234567891Z",
        "2024-13-04T14:38:31Z",
        "2024-06-04T14:38:31+0700",
        "yesterday"
      })
  void invalidTimestampsFailWithThePath(String text) {
    JsonMappingFailure f =
        failure("{\"model\":\"m\",\"created_at\":\"" + text + "\"}", ChatResponse.class);
    assertThat(f.path()).isEqualTo("/created_at");
    assertThat(f.description()).contains("RFC 3339");
    assertThat(f.isTruncated()).isFalse();
  }

  @Test
  void wrongTypeNamesTheFieldAndWhatWasExpected() {
    JsonMappingFailure f =
        failure("{\"model\":\"m\",\"eval_count\":\"many\",\"done\":true}", ChatResponse.class);
    assertThat(f.path()).isEqualTo("/eval_count");
    assertThat(f.description()).isEqualTo("expected an integer but found a string");
    assertThat(f.excerpt()).contains("\"eval_count\":\"many\"");
    assertThat(f.getMessage()).contains("/eval_count").contains("near:");

    JsonMappingFailure nested =
        failure("{\"message\":{\"role\":\"assistant\",\"content\":42}}", ChatResponse.class);
    assertThat(nested.path()).isEqualTo("/message/content");
    assertThat(nested.description()).contains("expected a string but found a number");

    JsonMappingFailure root = failure("[1,2]", ChatResponse.class);
    assertThat(root.description()).isEqualTo("expected an object but found an array");
  }

  @Test
  void malformedJsonIsAFailureThatIsNotTruncated() {
    JsonMappingFailure f = failure("{\"model\": nope}", GenerateResponse.class);
    assertThat(f.description()).startsWith("malformed JSON");
    assertThat(f.isTruncated()).isFalse();
    assertThat(f.excerpt()).contains("nope");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"m\",\"response\":\"The",
        "{\"model\":\"m\",\"context\":[1,2",
        "{\"model\":\"m\",",
        "{",
        ""
      })
  void truncatedJsonIsDistinguished(String body) {
    JsonMappingFailure f = failure(body, GenerateResponse.class);
    assertThat(f.isTruncated()).as(f.getMessage()).isTrue();
  }

  @Test
  void trailingContentIsRejectedButTrailingNewlineIsNot() {
    assertThat(read("{\"done\":true}\n", GenerateResponse.class).done()).isTrue();
    JsonMappingFailure f = failure("{\"done\":true} {\"done\":false}", GenerateResponse.class);
    assertThat(f.description()).contains("after the JSON value");
  }

  @Test
  void excerptIsShortAndNeverTheWholeBody() {
    String longText = "x".repeat(10_000);
    JsonMappingFailure f =
        failure("{\"response\":\"" + longText + "\",\"eval_count\":true}", GenerateResponse.class);
    assertThat(f.excerpt().length()).isLessThanOrEqualTo(JsonMappingFailure.MAX_EXCERPT);
    assertThat(f.getMessage().length()).isLessThan(500);
    assertThat(f.excerpt()).contains("eval_count");
  }

  @Test
  void invalidThinkFormatAndKeepAliveGiveOllamasMessages() {
    assertThat(failure("{\"model\":\"m\",\"think\":\"extreme\"}", ChatRequest.class).description())
        .isEqualTo(
            "invalid think value: \"extreme\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
    assertThat(failure("{\"model\":\"m\",\"format\":\"xml\"}", ChatRequest.class).description())
        .isEqualTo("invalid format: \"xml\"; expected \"json\" or a valid JSON Schema object");
    JsonMappingFailure k =
        failure("{\"model\":\"m\",\"keep_alive\":\"10\"}", GenerateRequest.class);
    assertThat(k.description()).contains("missing unit in duration \"10\"");
    assertThat(k.path()).isEqualTo("/keep_alive");
  }

  @Test
  void keepAliveIsReadFromNumbersAndStrings() {
    assertThat(read("{\"model\":\"m\",\"keep_alive\":-1}", GenerateRequest.class).keepAlive())
        .isEqualTo(KeepAlive.forever());
    assertThat(read("{\"model\":\"m\",\"keep_alive\":\"-1m\"}", GenerateRequest.class).keepAlive())
        .isEqualTo(KeepAlive.forever());
    assertThat(
            read("{\"model\":\"m\",\"keep_alive\":1.5}", GenerateRequest.class)
                .keepAlive()
                .duration())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(
            read("{\"model\":\"m\",\"keep_alive\":\"1h30m\"}", GenerateRequest.class)
                .keepAlive()
                .duration())
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(read("{\"model\":\"m\",\"keep_alive\":\"0\"}", GenerateRequest.class).keepAlive())
        .isEqualTo(KeepAlive.unloadNow());
  }

  @Test
  void emptyFormatStringMeansUnset() {
    assertThat(read("{\"model\":\"m\",\"format\":\"\"}", GenerateRequest.class).format()).isNull();
    assertThat(read("{\"model\":\"m\",\"format\":null}", GenerateRequest.class).format()).isNull();
  }

  @Test
  void embedVectorsAreReadAsFloatsOfAnyLength() {
    StringBuilder sb = new StringBuilder("{\"embeddings\":[");
    for (int v = 0; v < 3; v++) {
      sb.append(v == 0 ? "[" : ",[");
      for (int i = 0; i < 1000; i++) {
        sb.append(i == 0 ? "" : ",").append(i * 0.001f);
      }
      sb.append(']');
    }
    sb.append(",[]],\"model\":\"e\"}");
    EmbedResponse r = read(sb.toString(), EmbedResponse.class);
    assertThat(r.embeddings()).hasSize(4);
    assertThat(r.embeddings().get(0)).hasSize(1000);
    assertThat(r.embeddings().get(2)[999]).isEqualTo(999 * 0.001f);
    assertThat(r.embeddings().get(3)).isEmpty();
    assertThat(failure("{\"embeddings\":[[0.1,\"x\"]]}", EmbedResponse.class).path())
        .isEqualTo("/embeddings/0/1");
  }

  @Test
  void unsupportedTypeIsAProgrammingError() {
    assertThatThrownBy(() -> read("{}", String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
    assertThat(Json.canRead(ChatResponse.class)).isTrue();
    assertThat(Json.canRead(String.class)).isFalse();
  }

  @Test
  void errorMessageIsNullForAnythingElseAndNeverThrows() {
    for (String body :
        List.of(
            "",
            "{",
            "[]",
            "\"error\"",
            "{\"error\":42}",
            "{\"model\":\"m\"}",
            "not json",
            "{\"error\":")) {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      assertThat(Json.errorMessage(b, 0, b.length)).as(body).isNull();
    }
    assertThat(Json.errorMessage(null, 0, 0)).isNull();
    assertThat(Json.errorMessage(new byte[2], 1, 5)).isNull();
    byte[] midStream =
        "{\"error\":\"an error was encountered while running the model\"}\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Json.errorMessage(midStream, 0, midStream.length))
        .isEqualTo("an error was encountered while running the model");
    byte[] withSignin =
        "{\"signin_url\":\"https://x\",\"error\":\"unauthorized\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(Json.errorMessage(withSignin, 0, withSignin.length)).isEqualTo("unauthorized");
  }
}
