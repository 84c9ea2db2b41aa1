package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.EmbedRequest;
import io.ollamalan.grpc.v1.EmbedResponse;
import io.ollamalan.grpc.v1.EmbedServiceGrpc;
import io.ollamalan.grpc.v1.FleetServiceGrpc;
import io.ollamalan.grpc.v1.FleetSnapshot;
import io.ollamalan.grpc.v1.Format;
import io.ollamalan.grpc.v1.GenerateRequest;
import io.ollamalan.grpc.v1.GenerateResponse;
import io.ollamalan.grpc.v1.GenerateServiceGrpc;
import io.ollamalan.grpc.v1.GetFleetRequest;
import io.ollamalan.grpc.v1.KeepAlive;
import io.ollamalan.grpc.v1.ListRequest;
import io.ollamalan.grpc.v1.ListResponse;
import io.ollamalan.grpc.v1.Message;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import io.ollamalan.grpc.v1.Options;
import io.ollamalan.grpc.v1.ProgressResponse;
import io.ollamalan.grpc.v1.PullRequest;
import io.ollamalan.testkit.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayServiceTest {
  static TestGateway gw;

  @BeforeAll
  static void start() {
    gw = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  static ChatRequest chat(String text) {
    return ChatRequest.newBuilder()
        .setModel(TestGateway.CHAT_MODEL)
        .addMessages(Message.newBuilder().setRole("user").setContent(text))
        .setOptions(Options.newBuilder().setNumPredict(8).setSeed(7))
        .build();
  }

  @Test
  void unaryChatReturnsTheWholeAnswerWithMetrics() {
    ChatResponse r = ChatServiceGrpc.newBlockingStub(gw.channel).chat(chat("hello"));
    assertThat(r.getDone()).isTrue();
    assertThat(r.getModel()).isEqualTo(TestGateway.CHAT_MODEL);
    assertThat(r.getMessage().getRole()).isEqualTo("assistant");
    assertThat(r.getMessage().getContent()).isNotEmpty();
    assertThat(r.getMetrics().getEvalCount()).isEqualTo(8);
    assertThat(r.getDoneReason()).isEqualTo("length");
  }

  @Test
  void streamedChatYieldsChunksThenADoneChunkAndNamesTheNode() {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    ChatServiceGrpc.ChatServiceBlockingStub stub =
        ChatServiceGrpc.newBlockingStub(gw.channel)
            .withInterceptors(
                MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));
    List<ChatResponse> chunks = new ArrayList<>();
    stub.chatStream(chat("hello")).forEachRemaining(chunks::add);

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(c -> !c.getDone());
    ChatResponse last = chunks.get(chunks.size() - 1);
    assertThat(last.getDone()).isTrue();
    assertThat(last.getMetrics().getEvalCount()).isEqualTo(8);
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.getMessage().getContent()));
    ChatResponse whole = ChatServiceGrpc.newBlockingStub(gw.channel).chat(chat("hello"));
    assertThat(text.toString()).isEqualTo(whole.getMessage().getContent());
    assertThat(
            headers.get().get(Metadata.Key.of("x-ollama-node", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo(gw.node().baseUrl().replaceAll("/$", ""));
  }

  @Test
  void generateStreamsAndEmbedAnswers() {
    Iterator<GenerateResponse> it =
        GenerateServiceGrpc.newBlockingStub(gw.channel)
            .generateStream(
                GenerateRequest.newBuilder()
                    .setModel(TestGateway.CHAT_MODEL)
                    .setPrompt("why is the sky blue")
                    .setOptions(Options.newBuilder().setNumPredict(5))
                    .build());
    int n = 0;
    GenerateResponse last = null;
    while (it.hasNext()) {
      last = it.next();
      n++;
    }
    assertThat(n).isGreaterThan(1);
    assertThat(last.getDone()).isTrue();
    assertThat(last.getMetrics().getEvalCount()).isEqualTo(5);

    EmbedResponse e =
        EmbedServiceGrpc.newBlockingStub(gw.channel)
            .embed(
                EmbedRequest.newBuilder()
                    .setModel(TestGateway.EMBED_MODEL)
                    .addInput("a")
                    .addInput("b")
                    .build());
    assertThat(e.getEmbeddingsCount()).isEqualTo(2);
    assertThat(e.getEmbeddings(0).getValuesCount()).isEqualTo(384);
  }

  @Test
  void requestFieldsReachTheNodeAsOllamaJson() {
    gw.node().clearRecordedRequests();
    ChatRequest request =
        chat("with extras").toBuilder()
            .setMessages(
                0,
                Message.newBuilder()
                    .setRole("user")
                    .setContent("look")
                    .addImages(ByteString.copyFrom(new byte[] {1, 2, 3})))
            .setFormat(Format.newBuilder().setJson(true))
            .setKeepAlive(
                KeepAlive.newBuilder()
                    .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(90)))
            .setExtraFields(
                Struct.newBuilder()
                    .putFields("future_field", Value.newBuilder().setNumberValue(3).build()))
            .build();
    RecordingClient rec = new RecordingClient();
    try (TestGateway recorded =
        TestGateway.start(1, n -> {}, rec::wrap, UnaryOperator.identity())) {
      ChatServiceGrpc.newBlockingStub(recorded.channel).chat(request);
    }
    io.ollamalan.model.ChatRequest forwarded = (io.ollamalan.model.ChatRequest) rec.requests.get(0);
    assertThat(forwarded.extraFields()).containsEntry("future_field", 3L);

    ChatServiceGrpc.newBlockingStub(gw.channel).chat(request);
    String body =
        gw.node().recordedRequests().stream()
            .filter(r -> r.path().equals("/api/chat"))
            .reduce((a, b) -> b)
            .orElseThrow()
            .body();
    assertThat(body)
        .contains("\"images\":[\"AQID\"]")
        .contains("\"format\":\"json\"")
        .contains("\"keep_alive\":90")
        .contains("\"future_field\":3")
        .contains("\"num_predict\":8");
  }

  @Test
  void modelsAndFleetAreListed() {
    ListResponse list =
        ModelsServiceGrpc.newBlockingStub(gw.channel).list(ListRequest.getDefaultInstance());
    assertThat(list.getModelsList())
        .extracting(m -> m.getName())
        .contains("llama3.2:latest", "all-minilm:latest");
    FleetSnapshot fleet =
        FleetServiceGrpc.newBlockingStub(gw.channel).getFleet(GetFleetRequest.getDefaultInstance());
    assertThat(fleet.getNodesCount()).isEqualTo(1);
  }

  @Test
  void pullAnswersWithTheFinalStatusOrStreamsProgress() {
    ModelsServiceGrpc.ModelsServiceBlockingStub models =
        ModelsServiceGrpc.newBlockingStub(gw.channel);
    PullRequest pull = PullRequest.newBuilder().setModel(TestGateway.CHAT_MODEL).build();
    assertThat(models.pull(pull).getStatus()).isEqualTo("success");
    List<ProgressResponse> progress = new ArrayList<>();
    models.pullStream(pull).forEachRemaining(progress::add);
    assertThat(progress).hasSizeGreaterThan(1);
    assertThat(progress.get(progress.size() - 1).getStatus()).isEqualTo("success");
    assertThatThrownBy(
            () -> models.pull(PullRequest.newBuilder().setModel("no-such-model").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("file does not exist"));
  }

  @Test
  void aMissingModelIsNotFoundWithOllamasText() {
    assertThatThrownBy(
            () ->
                ChatServiceGrpc.newBlockingStub(gw.channel)
                    .chat(chat("x").toBuilder().setModel("nope").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains("model").contains("not found");
              assertThat(
                      e.getTrailers()
                          .get(
                              Metadata.Key.of(
                                  "x-ollama-error-kind", Metadata.ASCII_STRING_MARSHALLER)))
                  .isEqualTo("MODEL_NOT_FOUND");
            });
  }

  @Test
  void aRequestWithoutModelIsInvalidArgumentNamingTheField() {
    assertThatThrownBy(
            () ->
                ChatServiceGrpc.newBlockingStub(gw.channel)
                    .chat(chat("x").toBuilder().clearModel().build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("model");
            });
  }

  @Test
  void aBusyNodeIsResourceExhausted() {
    gw.node().faults().add(Fault.busy().times(3));
    try {
      assertThatThrownBy(() -> ChatServiceGrpc.newBlockingStub(gw.channel).chat(chat("busy")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(e.getStatus().getDescription()).contains("busy");
              });
    } finally {
      gw.node().faults().clear();
    }
  }

  @Test
  void healthFollowsTheFleetAndReflectionListsTheServices() throws Exception {
    HealthCheckResponse h =
        HealthGrpc.newBlockingStub(gw.channel)
            .check(HealthCheckRequest.newBuilder().setService("ollama.api.v1.ChatService").build());
    assertThat(h.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

    List<String> services = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    StreamObserver<ServerReflectionRequest> req =
        ServerReflectionGrpc.newStub(gw.channel)
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse r) {
                    r.getListServicesResponse()
                        .getServiceList()
                        .forEach(s -> services.add(s.getName()));
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });
    req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    req.onCompleted();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(services)
        .contains(
            "ollama.api.v1.ChatService",
            "ollama.api.v1.GenerateService",
            "ollama.api.v1.EmbedService",
            "ollama.api.v1.ModelsService",
            "ollama.api.v1.FleetService",
            "grpc.health.v1.Health");
  }

  @Test
  void metricsAreServedInPrometheusFormat() throws Exception {
    ChatServiceGrpc.newBlockingStub(gw.channel).chat(chat("count me"));
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + gw.gateway.metricsPort() + "/metrics");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("grpc_server_processing_duration_seconds"));
    String body =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body).contains("method=\"Chat\"").contains("jvm_memory_used_bytes");
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gw.gateway.metricsPort() + "/healthz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
  }
}
