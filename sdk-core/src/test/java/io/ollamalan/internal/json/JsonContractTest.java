package io.ollamalan.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ollamalan.model.ChatAggregator;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.CopyRequest;
import io.ollamalan.model.CreateRequest;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.DoneReason;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.EmbeddingsRequest;
import io.ollamalan.model.EmbeddingsResponse;
import io.ollamalan.model.Format;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.Message;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PsResponse;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.RunningModel;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.ToolCall;
import io.ollamalan.model.VersionResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the shared Ollama API examples, decoded and (for requests) re-encoded. */
class JsonContractTest {
  static {
    RequestReaders.install();
  }

  private static final ObjectMapper TREES = new ObjectMapper();

  /** Numbers compare by value: the docs write {@code "temperature": 0}, the SDK writes 0.0. */
  private static final Comparator<JsonNode> NUMERIC =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        return a.equals(b) ? 0 : 1;
      };

  static Stream<Arguments> requestExamples() {
    return Stream.of(
        Arguments.of("chat-history.request.json", ChatRequest.class),
        Arguments.of("chat-load.request.json", ChatRequest.class),
        Arguments.of("chat-nostream-tools.request.json", ChatRequest.class),
        Arguments.of("chat-nostream.request.json", ChatRequest.class),
        Arguments.of("chat-seed.request.json", ChatRequest.class),
        Arguments.of("chat-stream.request.json", ChatRequest.class),
        Arguments.of("chat-structured.request.json", ChatRequest.class),
        Arguments.of("chat-tools.request.json", ChatRequest.class),
        Arguments.of("chat-unload.request.json", ChatRequest.class),
        Arguments.of("copy.request.json", CopyRequest.class),
        Arguments.of("create-from-model.request.json", CreateRequest.class),
        Arguments.of("create-gguf.request.json", CreateRequest.class),
        Arguments.of("create-safetensors.request.json", CreateRequest.class),
        Arguments.of("delete.request.json", DeleteRequest.class),
        Arguments.of("embed.request.json", EmbedRequest.class),
        Arguments.of("embeddings.request.json", EmbeddingsRequest.class),
        Arguments.of("generate-images.request.json", GenerateRequest.class),
        Arguments.of("generate-json-mode.request.json", GenerateRequest.class),
        Arguments.of("generate-load.request.json", GenerateRequest.class),
        Arguments.of("generate-nostream.request.json", GenerateRequest.class),
        Arguments.of("generate-options.request.json", GenerateRequest.class),
        Arguments.of("generate-raw.request.json", GenerateRequest.class),
        Arguments.of("generate-seed.request.json", GenerateRequest.class),
        Arguments.of("generate-stream.request.json", GenerateRequest.class),
        Arguments.of("generate-unload.request.json", GenerateRequest.class),
        Arguments.of("pull.request.json", PullRequest.class));
  }

  @Test
  void everyRequestExampleIsCovered() {
    List<String> covered = requestExamples().map(a -> (String) a.get()[0]).toList();
    List<String> all = Examples.names().stream().filter(n -> n.endsWith(".request.json")).toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestExamples")
  void requestExampleRoundTripsToEquivalentJson(String name, Class<?> type) throws IOException {
    byte[] original = Examples.bytes(name);
    Object request = Json.read(original, 0, original.length, type);
    assertThat(request).isInstanceOf(type);

    // The example's stream flag, if any, is what the transport would pass.
    Boolean stream = Json.streamFlag(original, 0, original.length);
    byte[] written = Json.writeRequest(request, stream);

    JsonNode expected = withoutEmptyArrays(TREES.readTree(original));
    JsonNode actual = TREES.readTree(written);
    assertThat(actual.equals(NUMERIC, expected))
        .as(
            "%s re-encoded as %s",
            name, new String(written, java.nio.charset.StandardCharsets.UTF_8))
        .isTrue();
    // Decoding what we wrote gives the same value.
    assertThat(Json.read(written, 0, written.length, type)).isEqualTo(request);
  }

  /**
   * Deliberate difference: requests omit empty collections, so chat-load's {@code "messages": []}
   * is not sent. Ollama treats an absent and an empty list alike (load-only).
   */
  private static JsonNode withoutEmptyArrays(JsonNode node) {
    if (node instanceof ObjectNode) {
      ObjectNode o = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue() instanceof ArrayNode && e.getValue().isEmpty()) {
          it.remove();
        } else {
          withoutEmptyArrays(e.getValue());
        }
      }
    }
    return node;
  }

  @Test
  void chatToolsRequestDecodesTypedValues() {
    ChatRequest r = Examples.read("chat-tools.request.json", ChatRequest.class);
    assertThat(r.model()).isEqualTo("llama3.2");
    assertThat(r.messages()).containsExactly(Message.user("What is the weather today in Paris?"));
    assertThat(r.tools()).hasSize(1);
    Map<String, Object> params = r.tools().get(0).function().parameters();
    assertThat(List.<Object>copyOf(((Map<?, ?>) params.get("properties")).keySet()))
        .containsExactly("location", "format");
    assertThat(params.get("required")).isEqualTo(List.of("location", "format"));
  }

  @Test
  void structuredAndSeedRequestsDecodeFormatAndOptions() {
    ChatRequest structured = Examples.read("chat-structured.request.json", ChatRequest.class);
    assertThat(structured.format().isJson()).isFalse();
    assertThat(structured.format().schemaOrNull()).containsEntry("type", "object");
    assertThat(structured.options().temperature()).isEqualTo(0.0);

    GenerateRequest json = Examples.read("generate-json-mode.request.json", GenerateRequest.class);
    assertThat(json.format()).isEqualTo(Format.json());

    GenerateRequest options = Examples.read("generate-options.request.json", GenerateRequest.class);
    assertThat(options.options().numKeep()).isEqualTo(5);
    assertThat(options.options().topP()).isEqualTo(0.9);
    assertThat(options.options().stop()).containsExactly("\n", "user:");
    assertThat(options.options().useMmap()).isTrue();
    // Options Ollama does not know (or this SDK has no component for) are kept in order.
    assertThat(options.options().extra())
        .containsExactly(
            Map.entry("draft_num_predict", 4),
            Map.entry("penalize_newline", true),
            Map.entry("numa", false));
  }

  @Test
  void unloadRequestsDecodeKeepAliveZero() {
    assertThat(Examples.read("chat-unload.request.json", ChatRequest.class).keepAlive())
        .isEqualTo(KeepAlive.unloadNow());
    assertThat(Examples.read("generate-unload.request.json", GenerateRequest.class).keepAlive())
        .isEqualTo(KeepAlive.unloadNow());
  }

  @Test
  void createAndEmbedRequestsDecode() {
    CreateRequest create = Examples.read("create-safetensors.request.json", CreateRequest.class);
    assertThat(create.files().keySet())
        .containsExactly(
            "config.json",
            "generation_config.json",
            "special_tokens_map.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "model.safetensors");
    EmbedRequest embed = Examples.read("embed.request.json", EmbedRequest.class);
    assertThat(embed.input()).containsExactly("Why is the sky blue?");
  }

  // ---- responses ----

  @Test
  void chatStreamChunksDecodeAndAggregate() {
    List<ChatResponse> chunks = Examples.readLines("chat-stream.ndjson", ChatResponse.class);
    assertThat(chunks).hasSize(2);
    ChatResponse first = chunks.get(0);
    assertThat(first.content()).isEqualTo("The");
    assertThat(first.message().images()).isEmpty(); // "images": null in the stale doc example
    assertThat(first.done()).isFalse();
    assertThat(first.createdAt())
        .isEqualTo(OffsetDateTime.of(2023, 8, 4, 8, 52, 19, 385406455, ZoneOffset.ofHours(-7)));
    ChatResponse last = chunks.get(1);
    assertThat(last.done()).isTrue();
    assertThat(last.evalCount()).isEqualTo(282);
    assertThat(last.evalDuration()).isEqualTo(4535599000L);
    assertThat(last.tokensPerSecond())
        .isCloseTo(282 / 4.535599, org.assertj.core.data.Offset.offset(1e-6));

    ChatResponse all = ChatResponse.aggregate(chunks);
    assertThat(all.content()).isEqualTo("The");
    assertThat(all.done()).isTrue();
    assertThat(all.totalDuration()).isEqualTo(4883583458L);
    assertThat(all.createdAt()).isEqualTo(OffsetDateTime.parse("2023-08-04T19:22:45.499127Z"));
  }

  @Test
  void chatHistoryFinalChunkWithoutMessageKeepsStreamedContent() {
    List<ChatResponse> chunks =
        Examples.readLines("chat-history-stream.ndjson", ChatResponse.class);
    assertThat(chunks.get(1).message()).isNull();
    assertThat(chunks.get(1).content()).isEmpty();
    ChatAggregator aggregator = new ChatAggregator();
    chunks.forEach(aggregator::add);
    assertThat(aggregator.isDone()).isTrue();
    assertThat(aggregator.result().content()).isEqualTo("The");
    assertThat(aggregator.result().promptEvalCount()).isEqualTo(61);
  }

  @Test
  void chatNonStreamResponsesDecode() {
    ChatResponse r = Examples.read("chat-nostream.json", ChatResponse.class);
    assertThat(r.content()).isEqualTo("Hello! How are you today?");
    assertThat(r.message().role()).isEqualTo(Message.ASSISTANT);
    assertThat(r.doneReason()).isNull();
    assertThat(r.promptEvalCount()).isEqualTo(26);
    assertThat(r.loadDuration()).isEqualTo(2154458);
    assertThat(r.totalTime().toNanos()).isEqualTo(5191566416L);

    ChatResponse structured = Examples.read("chat-structured.json", ChatResponse.class);
    assertThat(structured.content()).isEqualTo("{\"age\": 22, \"available\": false}");
    assertThat(structured.doneReason()).isSameAs(DoneReason.STOP);
  }

  @Test
  void toolCallArgumentsKeepTheirOrder() {
    ChatResponse r = Examples.read("chat-tools.json", ChatResponse.class);
    assertThat(r.content()).isEmpty();
    ToolCall call = r.toolCalls().get(0);
    assertThat(call.id()).isNull();
    assertThat(call.function().index()).isZero();
    assertThat(call.function().name()).isEqualTo("get_current_weather");
    assertThat(call.function().arguments())
        .containsExactly(Map.entry("format", "celsius"), Map.entry("location", "Paris, FR"));
    assertThat(r.evalCount()).isEqualTo(33);

    ChatResponse tokyo = Examples.read("chat-nostream-tools.json", ChatResponse.class);
    assertThat(tokyo.toolCalls().get(0).function().arguments())
        .containsExactly(Map.entry("city", "Tokyo"));
  }

  @Test
  void loadAndUnloadResponsesShareTheEmptyAssistantMessage() {
    ChatResponse load = Examples.read("chat-load.json", ChatResponse.class);
    ChatResponse unload = Examples.read("chat-unload.json", ChatResponse.class);
    assertThat(load.doneReason()).isEqualTo(DoneReason.LOAD);
    assertThat(unload.doneReason()).isEqualTo(DoneReason.UNLOAD);
    assertThat(load.message()).isSameAs(unload.message()).isEqualTo(Message.assistant(""));
    assertThat(load.totalDuration()).isZero();
    assertThat(load.tokensPerSecond()).isZero();

    GenerateResponse genLoad = Examples.read("generate-load.json", GenerateResponse.class);
    assertThat(genLoad.done()).isTrue();
    assertThat(genLoad.doneReason()).isNull(); // the doc example predates done_reason "load"
    assertThat(Examples.read("generate-unload.json", GenerateResponse.class).doneReason())
        .isEqualTo(DoneReason.UNLOAD);
  }

  @Test
  void generateStreamAggregatesToTheFinalMetricsAndContext() {
    List<GenerateResponse> chunks =
        Examples.readLines("generate-stream.ndjson", GenerateResponse.class);
    GenerateResponse all = GenerateResponse.aggregate(chunks);
    assertThat(all.response()).isEqualTo("The");
    assertThat(all.context()).containsExactly(1, 2, 3);
    assertThat(all.evalCount()).isEqualTo(259);
    assertThat(all.loadDuration()).isEqualTo(6338219291L);
  }

  @Test
  void shortGenerateStreamAggregatesToTheDocumentedNonStreamResponse() {
    List<GenerateResponse> chunks =
        Examples.readLines("generate-stream-short.ndjson", GenerateResponse.class);
    assertThat(chunks).hasSize(7);
    GenerateResponse aggregated = GenerateResponse.aggregate(chunks);
    GenerateResponse documented =
        Examples.read("generate-nostream-short.json", GenerateResponse.class);
    assertThat(aggregated.response())
        .isEqualTo(documented.response())
        .isEqualTo("That's a fantastic question!");
    assertThat(aggregated.createdAt()).isEqualTo(documented.createdAt());
    assertThat(aggregated.model()).isEqualTo(documented.model());
    assertThat(aggregated.done()).isEqualTo(documented.done()).isTrue();
    // The stream's last line was hand-written with done_reason; the non-stream example has none.
    assertThat(aggregated.doneReason()).isEqualTo(DoneReason.STOP);
  }

  @Test
  void generateNonStreamResponsesDecode() {
    GenerateResponse r = Examples.read("generate-nostream.json", GenerateResponse.class);
    assertThat(r.response()).isEqualTo("The sky is blue because it is the color of the sky.");
    assertThat(r.context()).containsExactly(1, 2, 3);
    assertThat(r.evalCount()).isEqualTo(290);
    assertThat(r.evalDuration()).isEqualTo(4709213000L);
    assertThat(r.promptEvalTime().toNanos()).isEqualTo(325953000L);

    GenerateResponse json = Examples.read("generate-json-mode.json", GenerateResponse.class);
    assertThat(json.response()).startsWith("{\n\"morning\"");
    assertThat(Examples.read("generate-images.json", GenerateResponse.class).evalCount())
        .isEqualTo(44);
    assertThat(Examples.read("generate-seed.json", GenerateResponse.class).response())
        .startsWith(" The sky appears blue");
    assertThat(Examples.read("generate-options.json", GenerateResponse.class).loadDuration())
        .isEqualTo(534986708L);
  }

  @Test
  void embedResponseDecodesFloatVectors() {
    EmbedResponse r = Examples.read("embed.json", EmbedResponse.class);
    assertThat(r.model()).isEqualTo("all-minilm");
    assertThat(r.embeddings()).hasSize(1);
    assertThat(r.dimensions()).isEqualTo(10);
    assertThat(r.embeddings().get(0)[0]).isEqualTo(0.010071029f);
    assertThat(r.embeddings().get(0)[9]).isEqualTo(0.031952348f);
    assertThat(r.promptEvalCount()).isEqualTo(8);
    assertThat(r.totalDuration()).isEqualTo(14143917);

    EmbeddingsResponse legacy = Examples.read("embeddings.json", EmbeddingsResponse.class);
    assertThat(legacy.embedding()).hasSize(10);
    assertThat(legacy.embedding()[0]).isEqualTo(0.5670403838157654);
    assertThat(legacy.embedding()[9]).isEqualTo(-0.137906014919281);
  }

  @Test
  void tagsDecodeWithLocalOffsets() {
    TagsResponse tags = Examples.read("tags.json", TagsResponse.class);
    assertThat(tags.models())
        .extracting("name")
        .containsExactly("deepseek-r1:latest", "llama3.2:latest");
    assertThat(tags.models().get(0).modifiedAt())
        .isEqualTo(OffsetDateTime.of(2025, 5, 10, 8, 6, 48, 639712648, ZoneOffset.ofHours(-7)));
    assertThat(tags.models().get(1).size()).isEqualTo(2019393189L);
    assertThat(tags.models().get(1).details().quantizationLevel()).isEqualTo("Q4_K_M");
    assertThat(tags.models().get(1).details().families()).containsExactly("llama");
    assertThat(tags.models().get(1).details().contextLength()).isNull();
    assertThat(tags.models().get(1).capabilities()).isEmpty();

    TagsResponse openapi = Examples.read("tags-openapi.json", TagsResponse.class);
    assertThat(openapi.models().get(0).details().parentModel()).isNull();
    assertThat(openapi.models().get(0).size()).isEqualTo(9608350245L);
  }

  @Test
  void psDecodesExpiryAndVram() {
    PsResponse ps = Examples.read("ps.json", PsResponse.class);
    RunningModel m = ps.models().get(0);
    assertThat(m.name()).isEqualTo("mistral:latest");
    assertThat(m.expiresAt())
        .isEqualTo(OffsetDateTime.of(2024, 6, 4, 14, 38, 31, 837530000, ZoneOffset.ofHours(-7)));
    assertThat(m.sizeVram()).isEqualTo(5137025024L);
    assertThat(m.fullyOnGpu()).isTrue();
    assertThat(m.contextLength()).isZero(); // the doc example predates context_length
    assertThat(m.details().parameterSize()).isEqualTo("7.2B");
  }

  @Test
  void progressStreamsEndWithTheNonStreamObject() {
    List<ProgressResponse> pull =
        Examples.readLines("pull-progress.ndjson", ProgressResponse.class);
    assertThat(pull).hasSize(6);
    ProgressResponse layer = pull.get(1);
    assertThat(layer.digest()).isEqualTo("digestname");
    assertThat(layer.total()).isEqualTo(2142590208L);
    assertThat(layer.completed()).isEqualTo(241970L);
    assertThat(layer.fraction())
        .isCloseTo(241970.0 / 2142590208L, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(pull.get(0).fraction()).isZero();
    assertThat(pull.get(pull.size() - 1))
        .isEqualTo(Examples.read("pull-nostream.json", ProgressResponse.class));
    assertThat(pull.get(pull.size() - 1).isSuccess()).isTrue();

    for (String create :
        List.of("create-from-model.ndjson", "create-gguf.ndjson", "create-safetensors.ndjson")) {
      List<ProgressResponse> lines = Examples.readLines(create, ProgressResponse.class);
      assertThat(lines.get(lines.size() - 1).status()).as(create).isEqualTo("success");
    }
    assertThat(Examples.readLines("create-gguf.ndjson", ProgressResponse.class).get(0).status())
        .isEqualTo("parsing GGUF");
  }

  @Test
  void versionDecodes() {
    assertThat(Examples.read("version.json", VersionResponse.class).version()).isEqualTo("0.5.1");
    assertThat(Examples.read("version-openapi.json", VersionResponse.class).version())
        .isEqualTo("0.12.6");
  }

  static Stream<Arguments> errorExamples() {
    return Stream.of(
        Arguments.of("error.json", "the model failed to generate a response"),
        Arguments.of("error-copy-not-found.json", "model \"llama3.2\" not found"),
        Arguments.of("error-generate-empty-model.json", "model '' not found"),
        Arguments.of("error-invalid-model-name.json", "invalid model name"),
        Arguments.of("error-missing-body.json", "missing request body"),
        Arguments.of("error-model-required.json", "model is required"),
        Arguments.of("error-no-chat.json", "\"bert\" does not support chat"),
        Arguments.of("error-no-generate.json", "\"bert\" does not support generate"),
        Arguments.of(
            "error-no-insert.json",
            "registry.ollama.ai/library/test:latest does not support insert"),
        Arguments.of(
            "error-not-found-try-pulling.json",
            "model \"llama3.2\" not found, try pulling it first"),
        Arguments.of("error-not-found.json", "model 'llama3.2' not found"),
        Arguments.of("error-openai-messages-empty.json", "[] is too short - 'messages'"),
        Arguments.of("error-openai-not-found.json", "model 'llama3.2' not found"),
        Arguments.of("error-request-canceled.json", "request canceled"),
        Arguments.of(
            "error-server-busy.json",
            "server busy, please try again.  maximum pending requests exceeded"));
  }

  @Test
  void everyErrorExampleIsCovered() {
    List<String> covered = errorExamples().map(a -> (String) a.get()[0]).toList();
    List<String> all = Examples.names().stream().filter(n -> n.startsWith("error")).toList();
    assertThat(covered).containsExactlyInAnyOrderElementsOf(all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorExamples")
  void errorBodiesGiveTheExactMessage(String name, String message) {
    byte[] body = Examples.bytes(name);
    assertThat(Json.errorMessage(body, 0, body.length)).isEqualTo(message);
  }

  @Test
  void responseExamplesAreNotErrors() {
    for (String name : Examples.names()) {
      if (name.startsWith("error") || name.equals("README.md")) {
        continue;
      }
      byte[] body = Examples.bytes(name);
      assertThat(Json.errorMessage(body, 0, body.length)).as(name).isNull();
    }
  }
}
