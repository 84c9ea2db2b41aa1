package io.ollamalan.internal.observability;

import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.Options;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanBuilder;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry GenAI semantic conventions as they apply to Ollama's endpoints, and the
 * client's own {@code ollama.*} attributes.
 */
public final class GenAi {
  public static final AttributeKey<String> PROVIDER_NAME =
      AttributeKey.stringKey("gen_ai.provider.name");

  /** The name before {@code gen_ai.provider.name}; many backends still group by it. */
  public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");

  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");
  public static final AttributeKey<Double> REQUEST_TOP_P =
      AttributeKey.doubleKey("gen_ai.request.top_p");
  public static final AttributeKey<Double> REQUEST_TOP_K =
      AttributeKey.doubleKey("gen_ai.request.top_k");
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS =
      AttributeKey.longKey("gen_ai.request.max_tokens");
  public static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");
  public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  public static final AttributeKey<String> OLLAMA_OPERATION =
      AttributeKey.stringKey("ollama.operation");
  public static final AttributeKey<String> OLLAMA_REQUEST_ID =
      AttributeKey.stringKey("ollama.request_id");
  public static final AttributeKey<Boolean> OLLAMA_STREAMED =
      AttributeKey.booleanKey("ollama.streamed");
  public static final AttributeKey<String> OLLAMA_NODE = AttributeKey.stringKey("ollama.node");
  public static final AttributeKey<Long> OLLAMA_ATTEMPTS = AttributeKey.longKey("ollama.attempts");
  public static final AttributeKey<Boolean> OLLAMA_HEDGED =
      AttributeKey.booleanKey("ollama.hedged");
  public static final AttributeKey<Double> OLLAMA_TTFT =
      AttributeKey.doubleKey("ollama.time_to_first_token");
  public static final AttributeKey<Double> OLLAMA_TOKENS_PER_SECOND =
      AttributeKey.doubleKey("ollama.tokens_per_second");
  public static final AttributeKey<Double> OLLAMA_LOAD_DURATION =
      AttributeKey.doubleKey("ollama.load_duration");

  public static final String ROUTING_EVENT = "ollama.routing.decision";
  public static final String ATTEMPT_FAILED_EVENT = "ollama.attempt.failed";
  public static final AttributeKey<Long> ROUTING_ATTEMPT =
      AttributeKey.longKey("ollama.routing.attempt");
  public static final AttributeKey<Boolean> ROUTING_HEDGE =
      AttributeKey.booleanKey("ollama.routing.hedge");
  public static final AttributeKey<String> ROUTING_BALANCER =
      AttributeKey.stringKey("ollama.routing.balancer");
  public static final AttributeKey<String> ROUTING_REASON =
      AttributeKey.stringKey("ollama.routing.reason");
  public static final AttributeKey<Long> ROUTING_CANDIDATES =
      AttributeKey.longKey("ollama.routing.candidates");
  public static final AttributeKey<Double> ROUTING_QUEUED =
      AttributeKey.doubleKey("ollama.routing.queued");
  public static final AttributeKey<Boolean> ATTEMPT_WILL_RETRY =
      AttributeKey.booleanKey("ollama.attempt.will_retry");

  private GenAi() {}

  /**
   * {@code gen_ai.operation.name} for an endpoint: {@code chat}, {@code text_completion} or {@code
   * embeddings}; null for endpoints that do not run a model (tags, pull, ...).
   */
  public static @Nullable String operationName(String operation) {
    return switch (operation) {
      case "chat" -> "chat";
      case "generate" -> "text_completion";
      case "embed", "embeddings" -> "embeddings";
      default -> null;
    };
  }

  /** The span name the conventions ask for: {@code {operation} {model}}; the model may be null. */
  public static String spanName(String operation, @Nullable String model) {
    String op = operationName(operation);
    String name = op != null ? op : "ollama " + operation;
    return model == null || model.isEmpty() ? name : name + " " + model;
  }

  /** {@code gen_ai.request.*} sampling parameters of a chat or generate request. */
  public static void requestParameters(SpanBuilder span, @Nullable Object request) {
    Options o = null;
    if (request instanceof ChatRequest c) {
      o = c.options();
    } else if (request instanceof GenerateRequest g) {
      o = g.options();
    }
    if (o == null) {
      return;
    }
    if (o.temperature() != null) {
      span.setAttribute(REQUEST_TEMPERATURE, o.temperature());
    }
    if (o.topP() != null) {
      span.setAttribute(REQUEST_TOP_P, o.topP());
    }
    if (o.topK() != null) {
      span.setAttribute(REQUEST_TOP_K, o.topK().doubleValue());
    }
    if (o.numPredict() != null && o.numPredict() > 0) {
      span.setAttribute(REQUEST_MAX_TOKENS, o.numPredict().longValue());
    }
    if (o.seed() != null) {
      span.setAttribute(REQUEST_SEED, o.seed().longValue());
    }
    if (o.stop() != null && !o.stop().isEmpty()) {
      span.setAttribute(REQUEST_STOP_SEQUENCES, o.stop());
    }
  }

  /** Host and port of a node id ({@code scheme://host:port[/path]}), or null. */
  public static @Nullable URI nodeUri(@Nullable String nodeId) {
    if (nodeId == null || nodeId.isEmpty()) {
      return null;
    }
    try {
      URI u = URI.create(nodeId);
      return u.getHost() == null ? null : u;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
