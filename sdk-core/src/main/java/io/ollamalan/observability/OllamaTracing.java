package io.ollamalan.observability;

import io.ollamalan.CallRecord;
import io.ollamalan.CallStart;
import io.ollamalan.ClientListener;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.internal.observability.GenAi;
import io.ollamalan.routing.RoutingDecision;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry tracing for an {@link OllamaClient}: one {@link SpanKind#CLIENT} span per call,
 * named and attributed after the GenAI semantic conventions ({@code chat llama3.2:latest}, {@code
 * gen_ai.operation.name}, {@code gen_ai.request.model}, {@code gen_ai.usage.input_tokens}, {@code
 * gen_ai.usage.output_tokens}, {@code server.address}, {@code error.type}), with every routing
 * decision and failed attempt as a span event, and the trace context sent to the node in W3C {@code
 * traceparent} (so a proxy or an instrumented node joins the trace). OpenTelemetry is an optional
 * dependency: only this class and those it loads need it.
 *
 * <pre>{@code
 * OllamaClient client = OllamaClient.builder()
 *     .nodes("http://10.0.0.11:11434")
 *     .listener(OllamaTracing.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>The span starts on the calling thread with the current context as its parent, and ends when
 * the answer was fully read (for a stream: when it is drained or closed) or the call failed. Prompt
 * and answer text are never recorded.
 */
public final class OllamaTracing implements ClientListener {

  /** The instrumentation scope name of the spans. */
  public static final String INSTRUMENTATION_NAME = "io.ollamalan";

  private static final String PROVIDER = "ollama";
  private static final TextMapSetter<CallStart> HEADER_SETTER =
      (call, key, value) -> {
        if (call != null) {
          call.setHeader(key, value);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean routingEvents;
  private final String spanKey =
      OllamaTracing.class.getName() + "@" + Integer.toHexString(System.identityHashCode(this));

  /** Spans of calls in progress by request id, for the decisions that name only the id. */
  private final ConcurrentHashMap<String, Span> inProgress = new ConcurrentHashMap<>();

  private OllamaTracing(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME, io.ollamalan.Version.VERSION);
    TextMapPropagator p = b.propagator;
    if (p == null) {
      p = b.openTelemetry.getPropagators().getTextMapPropagator();
      if (p.fields().isEmpty()) {
        // No propagator configured (the SDK's default): still tell the node which trace it is in.
        p = W3CTraceContextPropagator.getInstance();
      }
    }
    this.propagator = p;
    this.routingEvents = b.routingEvents;
  }

  /** Tracing with {@code openTelemetry}'s tracer and propagators. */
  public static OllamaTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** A builder for tracing with {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  @Override
  public void onCallStart(CallStart call) {
    String model = call.model();
    SpanBuilder sb =
        tracer
            .spanBuilder(GenAi.spanName(call.operation(), model))
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.current())
            .setAttribute(GenAi.PROVIDER_NAME, PROVIDER)
            .setAttribute(GenAi.SYSTEM, PROVIDER)
            .setAttribute(GenAi.OLLAMA_OPERATION, call.operation())
            .setAttribute(GenAi.OLLAMA_REQUEST_ID, call.requestId())
            .setAttribute(GenAi.OLLAMA_STREAMED, call.streamed());
    String op = GenAi.operationName(call.operation());
    if (op != null) {
      sb.setAttribute(GenAi.OPERATION_NAME, op);
    }
    if (model != null && !model.isEmpty()) {
      sb.setAttribute(GenAi.REQUEST_MODEL, model);
    }
    GenAi.requestParameters(sb, call.request());
    Span span = sb.startSpan();
    call.setAttribute(spanKey, span);
    inProgress.put(call.requestId(), span);
    propagator.inject(Context.current().with(span), call, HEADER_SETTER);
  }

  @Override
  public void onDecision(RoutingDecision d) {
    Span span = inProgress.get(d.requestId());
    if (span == null) {
      return;
    }
    URI node = GenAi.nodeUri(d.chosenNodeId());
    if (node != null && !d.hedge()) {
      span.setAttribute(GenAi.SERVER_ADDRESS, host(node));
      span.setAttribute(GenAi.SERVER_PORT, (long) node.getPort());
    }
    if (routingEvents) {
      AttributesBuilder a =
          Attributes.builder()
              .put(GenAi.OLLAMA_NODE, d.chosenNodeId())
              .put(GenAi.ROUTING_ATTEMPT, (long) d.attempt())
              .put(GenAi.ROUTING_HEDGE, d.hedge())
              .put(GenAi.ROUTING_BALANCER, d.balancer())
              .put(GenAi.ROUTING_REASON, d.reason())
              .put(GenAi.ROUTING_CANDIDATES, (long) d.candidates().size());
      if (d.queuedNanos() > 0) {
        a.put(GenAi.ROUTING_QUEUED, d.queuedNanos() / 1e9);
      }
      span.addEvent(GenAi.ROUTING_EVENT, a.build());
    }
  }

  @Override
  public void onAttemptFailed(RoutingDecision d, OllamaException failure, boolean willRetry) {
    Span span = inProgress.get(d.requestId());
    if (span == null || !routingEvents) {
      return;
    }
    span.addEvent(
        GenAi.ATTEMPT_FAILED_EVENT,
        Attributes.builder()
            .put(GenAi.OLLAMA_NODE, d.chosenNodeId())
            .put(GenAi.ROUTING_ATTEMPT, (long) d.attempt())
            .put(GenAi.ERROR_TYPE, errorType(failure))
            .put(GenAi.ATTEMPT_WILL_RETRY, willRetry)
            .build());
  }

  @Override
  public void onCallEnd(CallRecord r) {
    if (!(r.attribute(spanKey) instanceof Span span)) {
      return;
    }
    inProgress.remove(r.requestId(), span);
    if (!r.nodeId().isEmpty()) {
      span.setAttribute(GenAi.OLLAMA_NODE, r.nodeId());
      URI node = GenAi.nodeUri(r.nodeId());
      if (node != null) {
        span.setAttribute(GenAi.SERVER_ADDRESS, host(node));
        span.setAttribute(GenAi.SERVER_PORT, (long) node.getPort());
      }
    }
    span.setAttribute(GenAi.OLLAMA_ATTEMPTS, (long) r.attempts());
    if (r.hedged()) {
      span.setAttribute(GenAi.OLLAMA_HEDGED, true);
    }
    if (r.promptTokens() > 0) {
      span.setAttribute(GenAi.USAGE_INPUT_TOKENS, r.promptTokens());
    }
    if (r.completionTokens() > 0) {
      span.setAttribute(GenAi.USAGE_OUTPUT_TOKENS, r.completionTokens());
    }
    if (r.timeToFirstTokenNanos() > 0) {
      span.setAttribute(GenAi.OLLAMA_TTFT, r.timeToFirstTokenNanos() / 1e9);
    }
    if (r.tokensPerSecond() > 0) {
      span.setAttribute(GenAi.OLLAMA_TOKENS_PER_SECOND, r.tokensPerSecond());
    }
    if (r.loadDurationNanos() > 0) {
      span.setAttribute(GenAi.OLLAMA_LOAD_DURATION, r.loadDurationNanos() / 1e9);
    }
    if (r.failure() != null) {
      span.setAttribute(GenAi.ERROR_TYPE, errorType(r.failure()));
      span.setStatus(StatusCode.ERROR, r.failure().getMessage());
      span.recordException(r.failure());
    }
    span.end();
  }

  /** Spans started and not yet ended; for tests. */
  int spansInProgress() {
    return inProgress.size();
  }

  private static String errorType(OllamaException e) {
    return e.kind().name().toLowerCase(Locale.ROOT);
  }

  private static String host(URI u) {
    String h = u.getHost();
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  @Override
  public String toString() {
    return "OllamaTracing{" + propagator + "}";
  }

  /** Configures {@link OllamaTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private @Nullable TextMapPropagator propagator;
    private boolean routingEvents = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * The propagator that writes the trace context into each request's headers. Default: the
     * OpenTelemetry instance's text-map propagator, or W3C {@code traceparent} alone when it has
     * none configured (the SDK's default).
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /**
     * Whether each routing decision ({@code ollama.routing.decision}: node, attempt, reason,
     * balancer, candidates, queue wait) and failed attempt ({@code ollama.attempt.failed}) becomes
     * a span event; default true. The span's own attributes say where the call ended either way.
     */
    public Builder routingEvents(boolean enabled) {
      this.routingEvents = enabled;
      return this;
    }

    public OllamaTracing build() {
      return new OllamaTracing(this);
    }
  }
}
