package io.ollamalan.observability;

import static io.ollamalan.observability.Fixtures.MODEL;
import static io.ollamalan.observability.Fixtures.chat;
import static io.ollamalan.observability.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.Options;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import io.ollamalan.testkit.RecordedRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OllamaTracingTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(tracerProvider)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final Tracer appTracer = otel.getTracer("app");
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    otel.close();
  }

  private FakeOllamaNode node() {
    FakeOllamaNode n = Fixtures.node();
    closeables.add(n);
    return n;
  }

  private OllamaClient client(
      OllamaTracing tracing, RoutingConfig routing, int maxAttempts, String... urls) {
    OllamaClient c =
        OllamaClient.builder()
            .healthChecksEnabled(false)
            .nodes(urls)
            .routing(routing)
            .maxAttempts(maxAttempts)
            .listener(tracing)
            .build();
    closeables.add(c);
    return c;
  }

  private OllamaClient client(OpenTelemetry openTelemetry, String... urls) {
    return client(OllamaTracing.create(openTelemetry), RoutingConfig.defaults(), 3, urls);
  }

  private SpanData onlyClientSpan() {
    List<SpanData> spans =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getKind() == SpanKind.CLIENT)
            .toList();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void chatSpanIsAClientChildOfTheCallersSpanWithGenAiAttributes() {
    FakeOllamaNode node = node();
    OllamaClient client = client(otel, node.baseUrl());

    Span parent = appTracer.spanBuilder("handle request").startSpan();
    ChatResponse r;
    try (Scope ignored = parent.makeCurrent()) {
      r = client.chat(chat("Why is the sky blue?"));
    } finally {
      parent.end();
    }

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("chat " + MODEL);
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getInstrumentationScopeInfo().getName())
        .isEqualTo(OllamaTracing.INSTRUMENTATION_NAME);
    assertThat(attr(span, "gen_ai.operation.name")).isEqualTo("chat");
    assertThat(attr(span, "gen_ai.provider.name")).isEqualTo("ollama");
    assertThat(attr(span, "gen_ai.request.model")).isEqualTo(MODEL);
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(r.promptEvalCount());
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(r.evalCount());
    assertThat(attr(span, "server.address")).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port")))
        .isEqualTo(node.port());
    assertThat(attr(span, "ollama.node")).isEqualTo(id(node));
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();

    EventData decision = span.getEvents().get(0);
    assertThat(decision.getName()).isEqualTo("ollama.routing.decision");
    assertThat(decision.getAttributes().get(AttributeKey.stringKey("ollama.node")))
        .isEqualTo(id(node));
    assertThat(decision.getAttributes().get(AttributeKey.longKey("ollama.routing.attempt")))
        .isEqualTo(1);
  }

  @Test
  void traceparentOfTheClientSpanReachesTheNode() {
    FakeOllamaNode node = node();
    OllamaClient client = client(otel, node.baseUrl());

    client.chat(chat("hi"));

    SpanData span = onlyClientSpan();
    assertThat(chatRequest(node).header("traceparent"))
        .isEqualTo(
            "00-"
                + span.getTraceId()
                + "-"
                + span.getSpanId()
                + "-"
                + span.getSpanContext().getTraceFlags().asHex());
    assertThat(span.getSpanContext().isSampled()).isTrue();
  }

  @Test
  void traceparentIsSentWhenTheSdkHasNoPropagatorConfigured() {
    FakeOllamaNode node = node();
    OpenTelemetrySdk bare = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    OllamaClient client = client(bare, node.baseUrl());

    client.chat(chat("hi"));

    assertThat(chatRequest(node).header("traceparent"))
        .startsWith("00-" + onlyClientSpan().getTraceId());
  }

  @Test
  void requestParametersBecomeAttributesAndPromptsNever() {
    FakeOllamaNode node = node();
    OllamaClient client = client(otel, node.baseUrl());

    client.chat(
        ChatRequest.builder(MODEL)
            .user("the secret plan")
            .options(
                Options.builder().temperature(0.2).topP(0.9).numPredict(64).stop("###").build())
            .build());

    SpanData span = onlyClientSpan();
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")))
        .isEqualTo(0.2);
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.top_p")))
        .isEqualTo(0.9);
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens")))
        .isEqualTo(64);
    assertThat(
            span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences")))
        .containsExactly("###");
    assertThat(span.getAttributes().asMap().values())
        .allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("secret plan"));
  }

  @Test
  void generateIsATextCompletionSpan() {
    FakeOllamaNode node = node();
    OllamaClient client = client(otel, node.baseUrl());

    GenerateResponse r = client.generate(GenerateRequest.builder(MODEL).prompt("hi").build());

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("text_completion " + MODEL);
    assertThat(attr(span, "gen_ai.operation.name")).isEqualTo("text_completion");
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(r.evalCount());
  }

  @Test
  void managementCallIsAnOllamaSpanWithoutGenAiOperation() {
    FakeOllamaNode node = node();
    OllamaClient client = client(otel, node.baseUrl());

    client.tags();

    SpanData span = onlyClientSpan();
    assertThat(span.getName()).isEqualTo("ollama tags");
    assertThat(attr(span, "ollama.operation")).isEqualTo("tags");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isNull();
  }

  @Test
  void streamSpanEndsWhenTheStreamIsClosed() {
    FakeOllamaNode node = node();
    OllamaClient client = client(otel, node.baseUrl());

    try (ResponseStream<ChatResponse> s = client.chatStream(chat("Count"))) {
      s.next();
      assertThat(exporter.getFinishedSpanItems()).isEmpty();
      s.forEachRemaining(c -> {});
    }

    SpanData span = onlyClientSpan();
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("ollama.streamed"))).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.doubleKey("ollama.time_to_first_token")))
        .isPositive();
  }

  @Test
  void failedCallEndsTheSpanWithErrorTypeAndStatus() {
    FakeOllamaNode node = node();
    OllamaTracing tracing = OllamaTracing.create(otel);
    OllamaClient client = client(tracing, RoutingConfig.defaults(), 1, node.baseUrl());
    node.faults().add(Fault.busy());

    assertThatThrownBy(() -> client.chat(chat("hi"))).isInstanceOf(OllamaException.class);

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, "error.type")).isEqualTo("server_busy");
    assertThat(span.getEvents())
        .extracting(EventData::getName)
        .containsExactly("ollama.routing.decision", "ollama.attempt.failed", "exception");
    assertThat(tracing.spansInProgress()).isZero();
  }

  @Test
  void failoverRecordsEveryAttemptAsEventsAndTheAnsweringNodeAsServer() {
    FakeOllamaNode down = node();
    FakeOllamaNode up = node();
    String downId = id(down);
    down.stop();
    RoutingConfig routing =
        RoutingConfig.builder().balancer(() -> Fixtures.preferring(downId, id(up))).build();
    OllamaClient client =
        client(OllamaTracing.create(otel), routing, 3, down.baseUrl(), up.baseUrl());

    client.chat(chat("hi"));

    SpanData span = onlyClientSpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents())
        .extracting(EventData::getName)
        .containsExactly(
            "ollama.routing.decision", "ollama.attempt.failed", "ollama.routing.decision");
    EventData failed = span.getEvents().get(1);
    assertThat(failed.getAttributes().get(AttributeKey.stringKey("ollama.node"))).isEqualTo(downId);
    assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("transport");
    assertThat(failed.getAttributes().get(AttributeKey.booleanKey("ollama.attempt.will_retry")))
        .isTrue();
    assertThat(
            span.getEvents()
                .get(2)
                .getAttributes()
                .get(AttributeKey.longKey("ollama.routing.attempt")))
        .isEqualTo(2);
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(up.port());
    assertThat(span.getAttributes().get(AttributeKey.longKey("ollama.attempts"))).isEqualTo(2);
  }

  @Test
  void routingEventsCanBeTurnedOff() {
    FakeOllamaNode node = node();
    OllamaClient client =
        client(
            OllamaTracing.builder(otel).routingEvents(false).build(),
            RoutingConfig.defaults(),
            3,
            node.baseUrl());

    client.chat(chat("hi"));

    assertThat(onlyClientSpan().getEvents()).isEmpty();
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static RecordedRequest chatRequest(FakeOllamaNode node) {
    return node.recordedRequests().stream()
        .filter(r -> r.path().equals("/api/chat"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }
}
