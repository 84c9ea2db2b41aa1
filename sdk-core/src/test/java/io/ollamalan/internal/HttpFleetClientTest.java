package io.ollamalan.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.CopyRequest;
import io.ollamalan.model.CreateRequest;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.EmbeddingsRequest;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.Message;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.ShowRequest;
import io.ollamalan.model.ShowResponse;
import io.ollamalan.model.Tool;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint and call style against one fake node. */
@Timeout(60)
class HttpFleetClientTest {
  static final String CHAT_MODEL = "llama3.2:latest";
  static final String EMBED_MODEL = "all-minilm:latest";

  static FakeOllamaNode node;
  static OllamaClient client;

  @BeforeAll
  static void start() {
    node =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(CHAT_MODEL).thinking(true))
            .model(FakeModel.embedding(EMBED_MODEL))
            .pullable(FakeModel.chat("qwen2.5:7b"))
            .loaded(CHAT_MODEL)
            .build()
            .start();
    client = OllamaClient.builder().nodes(node.baseUrl()).healthChecksEnabled(false).build();
  }

  @AfterEach
  void noLeaks() {
    node.faults().clear();
    ConnectionLeaks.assertNoneLeaked(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  static ChatRequest chat(String text) {
    return ChatRequest.builder(CHAT_MODEL).user(text).build();
  }

  @Test
  void chatReturnsTheWholeAnswerWithMetrics() {
    ChatResponse r = client.chat(chat("Why is the sky blue?"));
    assertThat(r.done()).isTrue();
    assertThat(r.doneReason()).isEqualTo("stop");
    assertThat(r.message().role()).isEqualTo(Message.ASSISTANT);
    assertThat(r.content()).isNotBlank();
    assertThat(r.evalCount()).isPositive();
    assertThat(r.promptEvalCount()).isPositive();
    assertThat(r.totalDuration()).isPositive();
    assertThat(r.createdAt()).isNotNull();
  }

  @Test
  void streamedChatAggregatesToWhatTheNonStreamingCallReturns() {
    ChatRequest req = chat("Tell me about llamas");
    ChatResponse whole = client.chat(req);
    ChatResponse aggregated;
    try (ResponseStream<ChatResponse> s = client.chatStream(req)) {
      aggregated = s.aggregate();
    }
    assertThat(aggregated.content()).isEqualTo(whole.content());
    assertThat(aggregated.thinking()).isEqualTo(whole.thinking());
    assertThat(aggregated.evalCount()).isEqualTo(whole.evalCount());
    assertThat(aggregated.done()).isTrue();
  }

  @Test
  void streamedChatYieldsOneChunkPerTokenAndEndsWithDone() {
    List<ChatResponse> chunks = new ArrayList<>();
    try (ResponseStream<ChatResponse> s = client.chatStream(chat("Count"))) {
      assertThat(s.nodeId()).isEqualTo("http://127.0.0.1:" + node.port());
      assertThat(s.requestId()).hasSize(16);
      s.forEachRemaining(chunks::add);
    }
    assertThat(chunks.size()).isGreaterThan(2);
    assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(c -> !c.done());
    ChatResponse last = chunks.get(chunks.size() - 1);
    assertThat(last.done()).isTrue();
    assertThat(last.evalCount()).isPositive();
  }

  @Test
  void streamAsJavaStreamClosesTheCall() {
    long n;
    try (var st = client.chatStream(chat("Hi")).stream()) {
      n = st.filter(c -> !c.done()).count();
    }
    assertThat(n).isPositive();
  }

  @Test
  void closingAStreamEarlyCancelsTheCallAndReleasesTheConnection() throws Exception {
    FakeOllamaNode slow =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(CHAT_MODEL).replyTokens(10_000))
            .loaded(CHAT_MODEL)
            .tokensPerSecond(200)
            .build()
            .start();
    // The node counts every request it serves; a health check probing it while the stream is
    // open would be counted beside the chat and hide whether the chat itself was released.
    try (OllamaClient c =
        OllamaClient.builder().nodes(slow.baseUrl()).healthChecksEnabled(false).build()) {
      ResponseStream<ChatResponse> s = c.chatStream(chat("long story"));
      assertThat(s.hasNext()).isTrue();
      s.next();
      assertThat(slow.inFlight()).isEqualTo(1);
      s.close();
      assertThat(s.hasNext()).isFalse();
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.inFlight() == 0);
      ConnectionLeaks.assertNoneLeaked(c);
      // The client stays usable after an abandoned stream.
      assertThat(
              c.chat(
                      ChatRequest.builder(CHAT_MODEL)
                          .user("again")
                          .options(io.ollamalan.model.Options.builder().numPredict(3).build())
                          .build())
                  .done())
          .isTrue();
    } finally {
      slow.close();
    }
  }

  @Test
  void finishedStreamsReturnTheirConnectionToThePoolForReuse() {
    for (int i = 0; i < 5; i++) {
      try (ResponseStream<ChatResponse> s = client.chatStream(chat("reuse " + i))) {
        s.forEachRemaining(c -> {});
      }
    }
    ConnectionLeaks.assertNoneLeaked(client);
    assertThat(ConnectionLeaks.idleConnections(client)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void chatAsyncCompletesOffTheCallingThread() throws Exception {
    CompletableFuture<ChatResponse> f = client.chatAsync(chat("async"));
    ChatResponse r = f.get(10, TimeUnit.SECONDS);
    assertThat(r.done()).isTrue();
    assertThat(r.content()).isNotEmpty();
  }

  @Test
  void cancellingAnAsyncCallCancelsTheHttpCall() throws Exception {
    node.faults().add(io.ollamalan.testkit.Fault.hang().times(1));
    CompletableFuture<ChatResponse> f = client.chatAsync(chat("hang"));
    await().atMost(Duration.ofSeconds(5)).until(() -> node.inFlight() >= 1 || f.isDone());
    f.cancel(true);
    assertThat(f).isCancelled();
    ConnectionLeaks.assertNoneLeaked(client);
  }

  @Test
  void chatPublisherHonoursDemandAndCompletes() throws Exception {
    Flow.Publisher<ChatResponse> p = client.chatPublisher(chat("publish"));
    List<ChatResponse> got = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    p.subscribe(
        new Flow.Subscriber<>() {
          Flow.Subscription sub;

          @Override
          public void onSubscribe(Flow.Subscription s) {
            sub = s;
            s.request(1);
          }

          @Override
          public void onNext(ChatResponse item) {
            got.add(item);
            sub.request(1);
          }

          @Override
          public void onError(Throwable t) {
            error.set(t);
            done.countDown();
          }

          @Override
          public void onComplete() {
            done.countDown();
          }
        });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(error.get()).isNull();
    assertThat(got).isNotEmpty();
    assertThat(got.get(got.size() - 1).done()).isTrue();
  }

  @Test
  void cancellingAPublisherSubscriptionStopsTheStream() throws Exception {
    FakeOllamaNode slow =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(CHAT_MODEL).replyTokens(10_000))
            .loaded(CHAT_MODEL)
            .tokensPerSecond(100)
            .build()
            .start();
    // Health checks off: the node's in-flight count must see the stream alone.
    try (OllamaClient c =
        OllamaClient.builder().nodes(slow.baseUrl()).healthChecksEnabled(false).build()) {
      CountDownLatch first = new CountDownLatch(1);
      AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
      c.chatPublisher(chat("x"))
          .subscribe(
              new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                  sub.set(s);
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChatResponse item) {
                  first.countDown();
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
              });
      assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
      sub.get().cancel();
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.inFlight() == 0);
      ConnectionLeaks.assertNoneLeaked(c);
    } finally {
      slow.close();
    }
  }

  @Test
  void chatWithToolsReturnsToolCalls() {
    Tool weather =
        Tool.function(
            "get_weather",
            "Weather in a city",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of("city", Map.of("type", "string")),
                "required",
                List.of("city")));
    ChatResponse r =
        client.chat(
            ChatRequest.builder(CHAT_MODEL).user("Weather in Tokyo?").tool(weather).build());
    assertThat(r.done()).isTrue();
    assertThat(r.toolCalls()).isNotEmpty();
    assertThat(r.toolCalls().get(0).function().name()).isEqualTo("get_weather");
  }

  @Test
  void generateInAllStyles() throws Exception {
    GenerateRequest req =
        GenerateRequest.builder(CHAT_MODEL).prompt("Why is the sky blue?").build();
    GenerateResponse whole = client.generate(req);
    assertThat(whole.response()).isNotBlank();
    assertThat(whole.done()).isTrue();
    try (ResponseStream<GenerateResponse> s = client.generateStream(req)) {
      assertThat(s.aggregate().response()).isEqualTo(whole.response());
    }
    assertThat(client.generateAsync(req).get(10, TimeUnit.SECONDS).response())
        .isEqualTo(whole.response());
    CountDownLatch done = new CountDownLatch(1);
    StringBuilder text = new StringBuilder();
    client
        .generatePublisher(req)
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(GenerateResponse item) {
                text.append(item.response());
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onComplete() {
                done.countDown();
              }
            });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(text.toString()).isEqualTo(whole.response());
  }

  @Test
  void embedReturnsNormalizedVectorsForEachInput() throws Exception {
    EmbedResponse r = client.embed(EmbedRequest.builder(EMBED_MODEL).inputs("a", "b", "c").build());
    assertThat(r.embeddings()).hasSize(3);
    float[] v = r.embeddings().get(0);
    assertThat(v).hasSize(384);
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(
            client
                .embedAsync(EmbedRequest.builder(EMBED_MODEL).input("a").build())
                .get(10, TimeUnit.SECONDS)
                .embeddings()
                .get(0))
        .containsExactly(v);
    assertThat(client.embeddings(EmbeddingsRequest.of(EMBED_MODEL, "a")).embedding()).hasSize(384);
  }

  @Test
  void modelManagementEndpoints(@TempDir Path dir) throws Exception {
    assertThat(client.version().version()).isNotBlank();
    assertThat(client.tags().models()).extracting(m -> m.name()).contains(CHAT_MODEL, EMBED_MODEL);
    assertThat(client.ps().models()).extracting(m -> m.name()).contains(CHAT_MODEL);
    ShowResponse show = client.show(ShowRequest.of(CHAT_MODEL));
    assertThat(show.hasCapability("completion")).isTrue();

    List<ProgressResponse> progress = new ArrayList<>();
    try (ResponseStream<ProgressResponse> s = client.pullStream(PullRequest.of("qwen2.5:7b"))) {
      s.forEachRemaining(progress::add);
    }
    assertThat(progress.get(0).status()).isEqualTo("pulling manifest");
    assertThat(progress.get(progress.size() - 1).isSuccess()).isTrue();
    assertThat(client.pull(PullRequest.of("qwen2.5:7b")).isSuccess()).isTrue();

    client.copy(CopyRequest.of(CHAT_MODEL, "my-llama:v1"));
    assertThat(client.tags().models()).extracting(m -> m.name()).contains("my-llama:v1");
    ProgressResponse created =
        client.create(
            CreateRequest.builder("my-llama:v2").from(CHAT_MODEL).system("You are terse.").build());
    assertThat(created.isSuccess()).isTrue();
    client.delete(DeleteRequest.of("my-llama:v1"));
    client.delete(DeleteRequest.of("my-llama:v2"));
    assertThat(client.tags().models())
        .extracting(m -> m.name())
        .doesNotContain("my-llama:v1", "my-llama:v2");

    byte[] content = "blob content".getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(dir.resolve("blob.bin"), content);
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(client.blobExists(digest)).isFalse();
    client.createBlob(digest, file);
    assertThat(client.blobExists(digest)).isTrue();
    assertThatThrownBy(() -> client.blobExists("md5:abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256:");
  }

  @Test
  void loadAndUnloadHelpersChangeWhatThePsEndpointShows() {
    client.unload(CHAT_MODEL);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client.ps().models().stream().noneMatch(m -> m.name().equals(CHAT_MODEL)));
    client.load(CHAT_MODEL);
    assertThat(client.ps().models()).extracting(m -> m.name()).contains(CHAT_MODEL);
  }

  @Test
  void requestsCarryRequestIdUserAgentAndAcceptHeaders() {
    node.clearRecordedRequests();
    client.withOptions(CallOptions.DEFAULT.withRequestId("req-42")).chat(chat("hi"));
    var recorded = node.recordedRequests();
    assertThat(recorded).isNotEmpty();
    var r = recorded.get(recorded.size() - 1);
    assertThat(r.path()).isEqualTo("/api/chat");
    assertThat(r.header("X-Request-Id")).isEqualTo("req-42");
    assertThat(r.header("User-Agent")).startsWith("ollama-lan-java/");
    assertThat(r.header("Accept")).isEqualTo("application/json");
    assertThat(r.body()).contains("\"stream\":false");
  }

  @Test
  void modelNotFoundIsATypedErrorWithOllamasMessage() {
    assertThatThrownBy(() -> client.chat(ChatRequest.builder("nope:1b").user("x").build()))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.MODEL_NOT_FOUND);
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.serverMessage()).isEqualTo("model 'nope:1b' not found");
              assertThat(e.nodeId()).isEqualTo("http://127.0.0.1:" + node.port());
              assertThat(e.requestId()).isNotEmpty();
            });
  }

  @Test
  void badRequestIsNotRetriedAndCarriesTheServerText() {
    assertThatThrownBy(() -> client.chat(ChatRequest.builder(EMBED_MODEL).user("x").build()))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
              assertThat(e.serverMessage())
                  .isEqualTo("\"all-minilm:latest\" does not support chat");
              assertThat(e.isRetryableOnAnotherNode()).isFalse();
            });
  }

  @Test
  void closedClientRefusesCalls() {
    OllamaClient c = OllamaClient.builder().nodes(node.baseUrl()).build();
    c.close();
    assertThatThrownBy(() -> c.version())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
