package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wire-contract tests of the fake against endpoints.md and the bundled examples. */
class FakeOllamaNodeTest {

  static FakeOllamaNode node;
  static Http http;

  @BeforeAll
  static void startNode() {
    node =
        FakeOllamaNode.builder()
            .version("0.33.0")
            .model(FakeModel.chat("llama3.2").modifiedAt(Instant.parse("2025-05-04T10:00:00Z")))
            .model(
                FakeModel.chat("deepseek-r1")
                    .thinking(true)
                    .tools(false)
                    .modifiedAt(Instant.parse("2025-05-10T10:00:00Z")))
            .model(
                FakeModel.chat("fixed")
                    .reply("Hello! How are you today?")
                    .modifiedAt(Instant.parse("2025-01-01T00:00:00Z")))
            .model(
                FakeModel.embedding("all-minilm").modifiedAt(Instant.parse("2024-01-01T00:00:00Z")))
            .build()
            .start();
    http = new Http(node);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void rootAnswersPlainTextForGetAndHead() {
    RawHttp.Response get = RawHttp.exchange(node, "GET", "/", null);
    assertThat(get.status).isEqualTo(200);
    assertThat(get.header("content-type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(get.body).isEqualTo("Ollama is running");
    RawHttp.Response head = RawHttp.exchange(node, "HEAD", "/", null);
    assertThat(head.status).isEqualTo(200);
    assertThat(head.header("content-length")).isEqualTo("17");
  }

  @Test
  void versionIsExactJsonWithoutTrailingNewline() {
    RawHttp.Response r = RawHttp.exchange(node, "GET", "/api/version", null);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(r.body).isEqualTo("{\"version\":\"0.33.0\"}");
    assertThat(RawHttp.exchange(node, "HEAD", "/api/version", null).status).isEqualTo(200);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() {
    RawHttp.Response nf = RawHttp.exchange(node, "GET", "/api/nope", null);
    assertThat(nf.status).isEqualTo(404);
    assertThat(nf.body).isEqualTo("404 page not found");
    assertThat(nf.header("content-type")).isEqualTo("text/plain");
    RawHttp.Response na = RawHttp.exchange(node, "GET", "/api/show", null);
    assertThat(na.status).isEqualTo(405);
    assertThat(na.body).isEqualTo("405 method not allowed");
    assertThat(RawHttp.exchange(node, "POST", "/api/tags", "{}").status).isEqualTo(405);
    assertThat(RawHttp.exchange(node, "HEAD", "/api/ps", null).status).isEqualTo(405);
  }

  @Test
  void generateStreamsOneTokenPerLineThenAFinalLineWithMetrics() {
    RawHttp.Response r =
        RawHttp.exchange(
            node, "POST", "/api/generate", OllamaContract.example("generate-stream.request.json"));
    assertThat(r.status).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/x-ndjson");
    assertThat(r.body).endsWith("}\n");
    List<JsonNode> lines = Jsons.lines(r.body);
    assertThat(lines).hasSize(25);
    JsonNode first = lines.get(0);
    JsonNode docFirst =
        Jsons.parse(OllamaContract.example("generate-stream.ndjson").split("\n")[0]);
    assertThat(Jsons.keys(first)).isEqualTo(Jsons.keys(docFirst));
    assertThat(first.get("model").asText()).isEqualTo("llama3.2");
    assertThat(first.get("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
    JsonNode last = lines.get(24);
    assertThat(Jsons.keys(last))
        .containsExactly(
            "model",
            "created_at",
            "response",
            "done",
            "done_reason",
            "context",
            "total_duration",
            "load_duration",
            "prompt_eval_count",
            "prompt_eval_duration",
            "eval_count",
            "eval_duration");
    assertThat(last.get("done_reason").asText()).isEqualTo("stop");
    assertThat(last.get("eval_count").asInt()).isEqualTo(24);
    assertThat(last.get("total_duration").asLong())
        .isGreaterThanOrEqualTo(
            last.get("load_duration").asLong()
                + last.get("prompt_eval_duration").asLong()
                + last.get("eval_duration").asLong());
  }

  @Test
  void generateWithoutStreamingReturnsTheConcatenatedReplyAsOneObject() {
    HttpResponse<String> r =
        http.post("/api/generate", OllamaContract.example("generate-nostream.request.json"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Http.contentType(r)).isEqualTo("application/json; charset=utf-8");
    assertThat(r.body()).doesNotEndWith("\n");
    JsonNode n = Jsons.parse(r.body());
    JsonNode doc = Jsons.parse(OllamaContract.example("generate-nostream.json"));
    assertThat(Jsons.keys(n)).containsAll(Jsons.keys(doc));
    assertThat(n.get("response").asText()).matches("[A-Z][a-z]+( [a-z]+)+\\.");
    assertThat(n.get("context").size()).isEqualTo(n.get("prompt_eval_count").asInt() + 24);
  }

  @Test
  void repliesAreDeterministicPerPromptAndSeed() {
    String a =
        gen("{\"model\":\"llama3.2\",\"prompt\":\"p\",\"stream\":false,\"options\":{\"seed\":1}}");
    String b =
        gen("{\"model\":\"llama3.2\",\"prompt\":\"p\",\"stream\":false,\"options\":{\"seed\":1}}");
    String c =
        gen("{\"model\":\"llama3.2\",\"prompt\":\"p\",\"stream\":false,\"options\":{\"seed\":2}}");
    String d =
        gen("{\"model\":\"llama3.2\",\"prompt\":\"q\",\"stream\":false,\"options\":{\"seed\":1}}");
    assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(d);
  }

  private static String gen(String body) {
    return Jsons.parse(http.post("/api/generate", body).body()).get("response").asText();
  }

  @Test
  void numPredictCutsTheReplyWithDoneReasonLength() {
    JsonNode n =
        Jsons.parse(
            http.post(
                    "/api/generate",
                    "{\"model\":\"llama3.2\",\"prompt\":\"x\",\"stream\":false,\"options\":{\"num_predict\":3}}")
                .body());
    assertThat(n.get("done_reason").asText()).isEqualTo("length");
    assertThat(n.get("eval_count").asInt()).isEqualTo(3);
  }

  @Test
  void fixedReplyIsStreamedTokenByToken() {
    List<JsonNode> lines =
        Jsons.lines(
            http.post(
                    "/api/chat",
                    OllamaContract.example("chat-stream.request.json").replace("llama3.2", "fixed"))
                .body());
    StringBuilder sb = new StringBuilder();
    for (JsonNode l : lines) {
      sb.append(l.get("message").get("content").asText());
    }
    assertThat(sb.toString()).isEqualTo("Hello! How are you today?");
    assertThat(lines).hasSize(8);
    assertThat(Jsons.keys(lines.get(0))).containsExactly("model", "created_at", "message", "done");
    assertThat(Jsons.keys(lines.get(0).get("message"))).containsExactly("role", "content");
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(Jsons.keys(last))
        .containsExactly(
            "model",
            "created_at",
            "message",
            "done",
            "done_reason",
            "total_duration",
            "load_duration",
            "prompt_eval_count",
            "prompt_eval_duration",
            "eval_count",
            "eval_duration");
  }

  @Test
  void chatWithToolsAnswersWithAToolCall() {
    HttpResponse<String> r =
        http.post("/api/chat", OllamaContract.example("chat-nostream-tools.request.json"));
    JsonNode msg = Jsons.parse(r.body()).get("message");
    JsonNode call = msg.get("tool_calls").get(0);
    assertThat(call.get("id").asText()).matches("call_[a-z0-9]{8}");
    assertThat(Jsons.keys(call.get("function"))).containsExactly("index", "name", "arguments");
    assertThat(call.get("function").get("index").asInt()).isZero();
    assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
    assertThat(call.get("function").get("arguments").has("city")).isTrue();
    assertThat(msg.get("content").asText()).isEmpty();
  }

  @Test
  void thinkingModelsThinkByDefaultAndNotWhenToldNot() {
    JsonNode on =
        Jsons.parse(
            http.post(
                    "/api/chat",
                    "{\"model\":\"deepseek-r1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false}")
                .body());
    assertThat(on.get("message").get("thinking").asText()).isNotEmpty();
    JsonNode off =
        Jsons.parse(
            http.post(
                    "/api/chat",
                    "{\"model\":\"deepseek-r1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":false,\"think\":false}")
                .body());
    assertThat(off.get("message").has("thinking")).isFalse();
  }

  @Test
  void formatJsonProducesAJsonObjectFollowingTheSchema() {
    JsonNode n =
        Jsons.parse(
            http.post(
                    "/api/chat",
                    OllamaContract.example("chat-structured.request.json")
                        .replace("llama3.1", "llama3.2"))
                .body());
    JsonNode content = Jsons.parse(n.get("message").get("content").asText());
    assertThat(content.get("age").isInt()).isTrue();
    assertThat(content.get("available").isBoolean()).isTrue();
  }

  @Test
  void loadAndUnloadAnswerOneObjectEvenWhenStreaming() {
    RawHttp.Response load =
        RawHttp.exchange(
            node, "POST", "/api/chat", OllamaContract.example("chat-load.request.json"));
    assertThat(load.header("content-type")).isEqualTo("application/json; charset=utf-8");
    JsonNode l = Jsons.parse(load.body);
    assertThat(Jsons.keys(l))
        .containsExactly("model", "created_at", "message", "done", "done_reason");
    assertThat(l.get("done_reason").asText()).isEqualTo("load");
    assertThat(node.loadedModels()).contains("llama3.2:latest");

    JsonNode u =
        Jsons.parse(
            http.post("/api/generate", OllamaContract.example("generate-unload.request.json"))
                .body());
    assertThat(Jsons.keys(u))
        .containsExactly("model", "created_at", "response", "done", "done_reason");
    assertThat(u.get("done_reason").asText()).isEqualTo("unload");
    assertThat(node.loadedModels()).doesNotContain("llama3.2:latest");

    JsonNode g =
        Jsons.parse(
            http.post("/api/generate", OllamaContract.example("generate-load.request.json"))
                .body());
    assertThat(g.get("done_reason").asText()).isEqualTo("load");
    assertThat(g.has("total_duration")).isFalse();
  }

  @Test
  void embedReturnsNormalizedDeterministicVectors() {
    JsonNode a =
        Jsons.parse(
            http.post(
                    "/api/embed",
                    "{\"model\":\"all-minilm\",\"input\":[\"Why is the sky blue?\",\"other\"]}")
                .body());
    assertThat(Jsons.keys(a))
        .containsExactly(
            "model", "embeddings", "total_duration", "load_duration", "prompt_eval_count");
    JsonNode v = a.get("embeddings").get(0);
    assertThat(v.size()).isEqualTo(384);
    double norm = 0;
    for (JsonNode x : v) {
      norm += x.asDouble() * x.asDouble();
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    JsonNode b =
        Jsons.parse(http.post("/api/embed", OllamaContract.example("embed.request.json")).body());
    assertThat(b.get("embeddings").get(0)).isEqualTo(v);
    assertThat(a.get("embeddings").get(1)).isNotEqualTo(v);
    JsonNode small =
        Jsons.parse(
            http.post("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"x\",\"dimensions\":16}")
                .body());
    assertThat(small.get("embeddings").get(0).size()).isEqualTo(16);
    JsonNode empty = Jsons.parse(http.post("/api/embed", "{\"model\":\"all-minilm\"}").body());
    assertThat(empty.toString()).isEqualTo("{\"model\":\"all-minilm\",\"embeddings\":[]}");
  }

  @Test
  void embedWithoutTruncationRejectsOverlongInput() {
    String longText = "word ".repeat(600);
    HttpResponse<String> r =
        http.post(
            "/api/embed",
            "{\"model\":\"all-minilm\",\"truncate\":false,\"input\":\"" + longText + "\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"error\":\"the input length exceeds the context length\"}");
    JsonNode ok =
        Jsons.parse(
            http.post("/api/embed", "{\"model\":\"all-minilm\",\"input\":\"" + longText + "\"}")
                .body());
    assertThat(ok.get("prompt_eval_count").asInt()).isEqualTo(512);
  }

  @Test
  void legacyEmbeddingsAreNotNormalized() {
    JsonNode n =
        Jsons.parse(
            http.post("/api/embeddings", OllamaContract.example("embeddings.request.json")).body());
    assertThat(Jsons.keys(n)).containsExactly("embedding");
    double norm = 0;
    for (JsonNode x : n.get("embedding")) {
      norm += x.asDouble() * x.asDouble();
    }
    assertThat(norm).isGreaterThan(2.0);
  }

  @Test
  void tagsListsModelsMostRecentlyModifiedFirst() {
    JsonNode n = Jsons.parse(http.get("/api/tags").body());
    List<String> names = n.get("models").findValuesAsText("name");
    assertThat(names).startsWith("deepseek-r1:latest", "llama3.2:latest", "fixed:latest");
    JsonNode first = n.get("models").get(0);
    assertThat(Jsons.keys(first))
        .startsWith("name", "model", "modified_at", "size", "digest", "details");
    assertThat(first.get("digest").asText()).matches("[0-9a-f]{64}");
    assertThat(Jsons.keys(first.get("details")))
        .containsExactly(
            "parent_model", "format", "family", "families", "parameter_size", "quantization_level");
    OffsetDateTime.parse(first.get("modified_at").asText());
  }

  @Test
  void tagsOfANodeWithoutModelsIsAnEmptyArray() {
    try (FakeOllamaNode empty = FakeOllamaNode.builder().build().start()) {
      assertThat(RawHttp.exchange(empty, "GET", "/api/tags", null).body)
          .isEqualTo("{\"models\":[]}");
      assertThat(RawHttp.exchange(empty, "GET", "/api/ps", null).body).isEqualTo("{\"models\":[]}");
    }
  }

  @Test
  void psShowsLoadedModelsWithExpiryAndContext() {
    node.loadModel("all-minilm");
    JsonNode n = Jsons.parse(http.get("/api/ps").body());
    JsonNode m = null;
    for (JsonNode x : n.get("models")) {
      if (x.get("name").asText().equals("all-minilm:latest")) {
        m = x;
      }
    }
    assertThat(m).isNotNull();
    assertThat(Jsons.keys(m))
        .containsExactly(
            "name",
            "model",
            "size",
            "digest",
            "details",
            "expires_at",
            "size_vram",
            "context_length");
    assertThat(m.get("size_vram").asLong()).isEqualTo(m.get("size").asLong());
    assertThat(m.get("context_length").asInt()).isEqualTo(512);
    OffsetDateTime expires = OffsetDateTime.parse(m.get("expires_at").asText());
    assertThat(expires.toInstant()).isAfter(Instant.now().plusSeconds(200));
  }

  @Test
  void showDescribesTheModel() {
    JsonNode n = Jsons.parse(http.post("/api/show", "{\"model\":\"LLAMA3.2\"}").body());
    assertThat(Jsons.keys(n))
        .containsExactly(
            "modelfile",
            "parameters",
            "template",
            "details",
            "model_info",
            "capabilities",
            "modified_at");
    assertThat(n.get("capabilities").toString()).isEqualTo("[\"completion\",\"tools\"]");
    HttpResponse<String> missing = http.post("/api/show", "{\"model\":\"nope\"}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"model 'nope:latest' not found\"}");
  }

  @Test
  void pullStreamsProgressAndInstallsTheModel() {
    try (FakeOllamaNode n =
        FakeOllamaNode.builder().pullable(FakeModel.chat("qwen3:8b")).build().start()) {
      List<JsonNode> lines =
          Jsons.lines(RawHttp.exchange(n, "POST", "/api/pull", "{\"model\":\"qwen3:8b\"}").body);
      assertThat(lines.get(0).toString()).isEqualTo("{\"status\":\"pulling manifest\"}");
      assertThat(lines.get(1).get("status").asText()).matches("pulling [0-9a-f]{12}");
      assertThat(lines.get(lines.size() - 1).toString()).isEqualTo("{\"status\":\"success\"}");
      assertThat(n.models()).extracting(FakeModel::name).containsExactly("qwen3:8b");

      RawHttp.Response quiet =
          RawHttp.exchange(n, "POST", "/api/pull", "{\"model\":\"qwen3:8b\",\"stream\":false}");
      assertThat(quiet.body).isEqualTo("{\"status\":\"success\"}");

      RawHttp.Response unknown =
          RawHttp.exchange(n, "POST", "/api/pull", "{\"model\":\"nope\",\"stream\":false}");
      assertThat(unknown.status).isEqualTo(500);
      assertThat(unknown.body)
          .isEqualTo("{\"error\":\"pull model manifest: file does not exist\"}");
      RawHttp.Response streamed = RawHttp.exchange(n, "POST", "/api/pull", "{\"model\":\"nope\"}");
      assertThat(streamed.status).isEqualTo(200);
      assertThat(streamed.body)
          .isEqualTo(
              "{\"status\":\"pulling manifest\"}\n"
                  + "{\"error\":\"pull model manifest: file does not exist\"}\n");
    }
  }

  @Test
  void createCopyAndDeleteManageModels() {
    try (FakeOllamaNode n =
        FakeOllamaNode.builder().model(FakeModel.chat("llama3.2")).build().start()) {
      List<JsonNode> lines =
          Jsons.lines(
              RawHttp.exchange(
                      n,
                      "POST",
                      "/api/create",
                      OllamaContract.example("create-from-model.request.json"))
                  .body);
      assertThat(lines.get(lines.size() - 1).get("status").asText()).isEqualTo("success");
      assertThat(n.models()).extracting(FakeModel::name).contains("mario:latest");

      RawHttp.Response copy =
          RawHttp.exchange(n, "POST", "/api/copy", OllamaContract.example("copy.request.json"));
      assertThat(copy.status).isEqualTo(200);
      assertThat(copy.body).isEmpty();
      assertThat(n.models()).extracting(FakeModel::name).contains("llama3-backup:latest");

      RawHttp.Response missing =
          RawHttp.exchange(n, "POST", "/api/copy", "{\"source\":\"nope\",\"destination\":\"x\"}");
      assertThat(missing.status).isEqualTo(404);
      assertThat(missing.body).isEqualTo("{\"error\":\"model \\\"nope\\\" not found\"}");

      RawHttp.Response del =
          RawHttp.exchange(n, "DELETE", "/api/delete", "{\"model\":\"llama3-backup\"}");
      assertThat(del.status).isEqualTo(200);
      assertThat(del.body).isEmpty();
      RawHttp.Response again =
          RawHttp.exchange(n, "DELETE", "/api/delete", "{\"model\":\"llama3-backup\"}");
      assertThat(again.status).isEqualTo(404);
      assertThat(again.body).isEqualTo("{\"error\":\"model 'llama3-backup' not found\"}");
      RawHttp.Response neither = RawHttp.exchange(n, "POST", "/api/create", "{\"model\":\"x\"}");
      assertThat(neither.status).isEqualTo(400);
      assertThat(neither.body).isEqualTo("{\"error\":\"neither 'from' or 'files' was specified\"}");
    }
  }

  @Test
  void blobsValidateDigests() {
    String body = "hello";
    String digest = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assertThat(RawHttp.exchange(node, "HEAD", "/api/blobs/" + digest, null).status).isEqualTo(404);
    assertThat(RawHttp.exchange(node, "POST", "/api/blobs/" + digest, body).status).isEqualTo(201);
    assertThat(RawHttp.exchange(node, "POST", "/api/blobs/" + digest, body).status).isEqualTo(200);
    assertThat(RawHttp.exchange(node, "HEAD", "/api/blobs/" + digest, null).status).isEqualTo(200);
    RawHttp.Response bad = RawHttp.exchange(node, "POST", "/api/blobs/sha256:abc", body);
    assertThat(bad.status).isEqualTo(400);
    assertThat(bad.body).isEqualTo("{\"error\":\"invalid digest format\"}");
    String other = "sha256:" + "0".repeat(64);
    RawHttp.Response mismatch = RawHttp.exchange(node, "POST", "/api/blobs/" + other, body);
    assertThat(mismatch.status).isEqualTo(400);
    assertThat(mismatch.body)
        .isEqualTo(
            "{\"error\":\"digest mismatch, expected \\\""
                + other
                + "\\\", got \\\""
                + digest
                + "\\\"\"}");
  }

  @Test
  void hostHeaderOfAForeignNameIsForbidden() {
    try (java.net.Socket s = new java.net.Socket(node.address(), node.port())) {
      s.getOutputStream()
          .write(
              ("GET /api/version HTTP/1.1\r\nHost: evil.example.com\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String resp =
          new String(
              s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(resp).startsWith("HTTP/1.1 403");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void recordsRequestsWithHeadersAndBody() {
    node.clearRecordedRequests();
    http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.baseUrl() + "/api/tags"))
            .header("Authorization", "Bearer t")
            .header("traceparent", "00-abc-def-01")
            .GET());
    RecordedRequest r = node.recordedRequests().get(node.recordedRequests().size() - 1);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/api/tags");
    assertThat(r.header("authorization")).isEqualTo("Bearer t");
    assertThat(r.header("TraceParent")).isEqualTo("00-abc-def-01");
    assertThat(node.requestCount()).isGreaterThanOrEqualTo(r.sequence());
  }

  @Test
  void errorBeforeTheFirstStreamedByteUsesJsonWithoutCharset() {
    RawHttp.Response streamed =
        RawHttp.exchange(
            node,
            "POST",
            "/api/generate",
            "{\"model\":\"llama3.2\",\"prompt\":\"x\",\"format\":\"yaml\"}");
    assertThat(streamed.status).isEqualTo(500);
    assertThat(streamed.header("content-type")).isEqualTo("application/json");
    assertThat(Jsons.parse(streamed.body).get("error").asText()).startsWith("invalid format: ");
    RawHttp.Response quiet =
        RawHttp.exchange(
            node,
            "POST",
            "/api/generate",
            "{\"model\":\"llama3.2\",\"prompt\":\"x\",\"format\":\"yaml\",\"stream\":false}");
    assertThat(quiet.header("content-type")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void modelNamesMatchCaseInsensitivelyAndEchoTheRequestedName() {
    JsonNode n =
        Jsons.parse(
            http.post(
                    "/api/generate",
                    "{\"model\":\"LLAMA3.2:Latest\",\"prompt\":\"x\",\"stream\":false}")
                .body());
    assertThat(n.get("model").asText()).isEqualTo("LLAMA3.2:Latest");
  }

  @Test
  void buildingWithAnUnknownLoadedModelFails() {
    assertThatThrownBy(() -> FakeOllamaNode.builder().loaded("nope").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }
}
