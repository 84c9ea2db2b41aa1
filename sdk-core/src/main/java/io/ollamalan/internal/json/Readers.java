package io.ollamalan.internal.json;

import static io.ollamalan.internal.json.JsonIn.bool;
import static io.ollamalan.internal.json.JsonIn.doubleValue;
import static io.ollamalan.internal.json.JsonIn.endObject;
import static io.ollamalan.internal.json.JsonIn.intList;
import static io.ollamalan.internal.json.JsonIn.intValue;
import static io.ollamalan.internal.json.JsonIn.longValue;
import static io.ollamalan.internal.json.JsonIn.mismatch;
import static io.ollamalan.internal.json.JsonIn.nextElement;
import static io.ollamalan.internal.json.JsonIn.object;
import static io.ollamalan.internal.json.JsonIn.startArray;
import static io.ollamalan.internal.json.JsonIn.startObject;
import static io.ollamalan.internal.json.JsonIn.string;
import static io.ollamalan.internal.json.JsonIn.stringList;
import static io.ollamalan.internal.json.JsonIn.timestamp;
import static io.ollamalan.internal.json.JsonIn.unknown;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.DoneReason;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.EmbeddingsResponse;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.Logprob;
import io.ollamalan.model.Message;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PsResponse;
import io.ollamalan.model.ShowResponse;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.ToolCall;
import io.ollamalan.model.VersionResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Hand-written decoders of what is read per token or per vector (chat and generate chunks, their
 * messages, tool calls and log probabilities, embed vectors): a token loop per type with a switch
 * on the field name, unknown fields collected. Chosen over data binding because chunks are decoded
 * millions of times per second and these loops allocate little more than the result; the other
 * responses are bound by {@link ColdReaders}.
 */
final class Readers {
  private Readers() {}

  /** Decodes one value; the parser is on the value's first token. */
  @FunctionalInterface
  interface Reader<T> {
    /** The value at the parser's current token; null only where JSON null is allowed. */
    @Nullable T read(JsonParser p) throws IOException;
  }

  static final Map<Class<?>, Reader<?>> ALL = new ConcurrentHashMap<>();

  static {
    ALL.put(ChatResponse.class, Readers::chatResponse);
    ALL.put(GenerateResponse.class, Readers::generateResponse);
    ALL.put(EmbedResponse.class, Readers::embedResponse);
    ALL.put(Message.class, Readers::message);
    ALL.put(ToolCall.class, Readers::toolCall);
    ColdReaders.register(ALL);
  }

  /**
   * The {@code error} of a decoded top-level response that has no such field of its own: Ollama's
   * error object {@code {"error": "..."}} sent with a success status; null otherwise.
   */
  static @Nullable String errorField(Object value) {
    Map<String, Object> unknown;
    if (value instanceof ChatResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof GenerateResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof EmbedResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof EmbeddingsResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof TagsResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof PsResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof ShowResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof VersionResponse r) {
      unknown = r.unknownFields();
    } else if (value instanceof ProgressResponse r) {
      unknown = r.unknownFields();
    } else {
      return null;
    }
    if (unknown.isEmpty() || !unknown.containsKey("error")) {
      return null;
    }
    Object error = unknown.get("error");
    if (error instanceof Map) {
      Object message = ((Map<?, ?>) error).get("message");
      return message == null ? String.valueOf(error) : String.valueOf(message);
    }
    return String.valueOf(error);
  }

  // ---- chat and generate (hot) ----

  static ChatResponse chatResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    OffsetDateTime createdAt = null;
    Message message = null;
    boolean done = false;
    String doneReason = null;
    List<Logprob> logprobs = List.of();
    long totalDuration = 0;
    long loadDuration = 0;
    long promptEvalCount = 0;
    long promptEvalDuration = 0;
    long evalCount = 0;
    long evalDuration = 0;
    Map<String, Object> debugInfo = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model" -> model = string(p);
        case "created_at" -> createdAt = timestamp(p);
        case "message" -> message = message(p);
        case "done" -> done = bool(p);
        case "done_reason" -> doneReason = doneReason(p);
        case "logprobs" -> logprobs = logprobs(p);
        case "total_duration" -> totalDuration = longValue(p);
        case "load_duration" -> loadDuration = longValue(p);
        case "prompt_eval_count" -> promptEvalCount = longValue(p);
        case "prompt_eval_duration" -> promptEvalDuration = longValue(p);
        case "eval_count" -> evalCount = longValue(p);
        case "eval_duration" -> evalDuration = longValue(p);
        case "_debug_info" -> debugInfo = object(p);
        default -> unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return ChatResponse.builder()
        .model(model)
        .createdAt(createdAt)
        .message(message)
        .done(done)
        .doneReason(doneReason)
        .logprobs(logprobs)
        .totalDuration(totalDuration)
        .loadDuration(loadDuration)
        .promptEvalCount(promptEvalCount)
        .promptEvalDuration(promptEvalDuration)
        .evalCount(evalCount)
        .evalDuration(evalDuration)
        .debugInfo(debugInfo)
        .unknownFields(unknown)
        .build();
  }

  static GenerateResponse generateResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    OffsetDateTime createdAt = null;
    String response = "";
    String thinking = null;
    boolean done = false;
    String doneReason = null;
    List<Integer> context = List.of();
    long totalDuration = 0;
    long loadDuration = 0;
    long promptEvalCount = 0;
    long promptEvalDuration = 0;
    long evalCount = 0;
    long evalDuration = 0;
    List<ToolCall> toolCalls = List.of();
    List<Logprob> logprobs = List.of();
    Map<String, Object> debugInfo = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model" -> model = string(p);
        case "created_at" -> createdAt = timestamp(p);
        case "response" -> response = string(p, "");
        case "thinking" -> thinking = string(p);
        case "done" -> done = bool(p);
        case "done_reason" -> doneReason = doneReason(p);
        case "context" -> context = intList(p);
        case "total_duration" -> totalDuration = longValue(p);
        case "load_duration" -> loadDuration = longValue(p);
        case "prompt_eval_count" -> promptEvalCount = longValue(p);
        case "prompt_eval_duration" -> promptEvalDuration = longValue(p);
        case "eval_count" -> evalCount = longValue(p);
        case "eval_duration" -> evalDuration = longValue(p);
        case "tool_calls" -> toolCalls = toolCalls(p);
        case "logprobs" -> logprobs = logprobs(p);
        case "_debug_info" -> debugInfo = object(p);
        default -> unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return GenerateResponse.builder()
        .model(model)
        .createdAt(createdAt)
        .response(response)
        .thinking(thinking)
        .done(done)
        .doneReason(doneReason)
        .context(context)
        .totalDuration(totalDuration)
        .loadDuration(loadDuration)
        .promptEvalCount(promptEvalCount)
        .promptEvalDuration(promptEvalDuration)
        .evalCount(evalCount)
        .evalDuration(evalDuration)
        .toolCalls(toolCalls)
        .logprobs(logprobs)
        .debugInfo(debugInfo)
        .unknownFields(unknown)
        .build();
  }

  private static @Nullable String doneReason(JsonParser p) throws IOException {
    return string(p, DoneReason.STOP, DoneReason.LENGTH, DoneReason.LOAD, DoneReason.UNLOAD);
  }

  /** A message; null for JSON null. */
  static @Nullable Message message(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String role = null;
    String content = "";
    String thinking = null;
    List<String> images = List.of();
    List<ToolCall> toolCalls = List.of();
    String toolName = null;
    String toolCallId = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "role" -> role = role(p);
        case "content" -> content = string(p, "");
        case "thinking" -> thinking = string(p);
        case "images" -> images = stringList(p);
        case "tool_calls" -> toolCalls = toolCalls(p);
        case "tool_name" -> toolName = string(p);
        case "tool_call_id" -> toolCallId = string(p);
        default -> unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    if (role == null) {
      role = "";
    }
    if (Message.ASSISTANT.equals(role)
        && unknown == null
        && thinking == null
        && images.isEmpty()
        && toolCalls.isEmpty()
        && toolName == null
        && toolCallId == null) {
      return Message.assistant(content);
    }
    return Message.builder(role)
        .content(content)
        .thinking(thinking)
        .images(images)
        .toolCalls(toolCalls)
        .toolName(toolName)
        .toolCallId(toolCallId)
        .extraFields(unknown)
        .build();
  }

  /** The role, lower-cased like Ollama does, sharing the constant strings. */
  private static @Nullable String role(JsonParser p) throws IOException {
    String r = string(p, Message.ASSISTANT, Message.USER, Message.SYSTEM, Message.TOOL);
    if (r == null) {
      return null;
    }
    String lower = r.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case Message.ASSISTANT -> Message.ASSISTANT;
      case Message.USER -> Message.USER;
      case Message.SYSTEM -> Message.SYSTEM;
      case Message.TOOL -> Message.TOOL;
      default -> lower;
    };
  }

  static List<ToolCall> toolCalls(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<ToolCall> out = new ArrayList<>(2);
    while (nextElement(p)) {
      out.add(toolCall(p));
    }
    return out;
  }

  static ToolCall toolCall(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a tool call object");
    }
    String id = null;
    ToolCall.Function function = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "id" -> id = string(p);
        case "function" -> function = toolCallFunction(p);
        default -> unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    if (function == null) {
      throw mismatch(p, "a tool call with a \"function\"");
    }
    return ToolCall.builder().id(id).function(function).extraFields(unknown).build();
  }

  private static ToolCall.Function toolCallFunction(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a function object");
    }
    int index = 0;
    String name = null;
    Map<String, Object> arguments = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "index" -> index = intValue(p);
        case "name" -> name = string(p);
        case "arguments" -> arguments = object(p);
        default -> unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return ToolCall.Function.builder()
        .index(index)
        .name(name)
        .arguments(arguments)
        .extraFields(unknown)
        .build();
  }

  static List<Logprob> logprobs(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<Logprob> out = new ArrayList<>();
    while (nextElement(p)) {
      if (!startObject(p)) {
        continue;
      }
      String token = null;
      double logprob = 0;
      List<Logprob.TopLogprob> top = List.of();
      Map<String, Object> unknown = null;
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        p.nextToken();
        switch (f) {
          case "token" -> token = string(p);
          case "logprob" -> logprob = doubleValue(p);
          case "top_logprobs" -> top = topLogprobs(p);
          default -> unknown = unknown(unknown, f, p);
        }
      }
      endObject(p);
      out.add(
          Logprob.builder()
              .token(token)
              .logprob(logprob)
              .topLogprobs(top)
              .unknownFields(unknown)
              .build());
    }
    return out;
  }

  private static List<Logprob.TopLogprob> topLogprobs(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<Logprob.TopLogprob> out = new ArrayList<>();
    while (nextElement(p)) {
      if (!startObject(p)) {
        continue;
      }
      String token = null;
      double logprob = 0;
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        p.nextToken();
        switch (f) {
          case "token" -> token = string(p);
          case "logprob" -> logprob = doubleValue(p);
          default -> p.skipChildren();
        }
      }
      endObject(p);
      out.add(new Logprob.TopLogprob(token, logprob));
    }
    return out;
  }

  // ---- embeddings ----

  static EmbedResponse embedResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    float[][] embeddings = new float[0][];
    long totalDuration = 0;
    long loadDuration = 0;
    long promptEvalCount = 0;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model" -> model = string(p);
        case "embeddings" -> embeddings = vectors(p);
        case "total_duration" -> totalDuration = longValue(p);
        case "load_duration" -> loadDuration = longValue(p);
        case "prompt_eval_count" -> promptEvalCount = longValue(p);
        default -> unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return EmbedResponse.builder()
        .model(model)
        .ownedEmbeddings(embeddings)
        .totalDuration(totalDuration)
        .loadDuration(loadDuration)
        .promptEvalCount(promptEvalCount)
        .unknownFields(unknown)
        .build();
  }

  /** Reads {@code [[f, ...], ...]} straight into float arrays, sized by the previous vector. */
  private static float[][] vectors(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return new float[0][];
    }
    List<float[]> out = new ArrayList<>();
    int hint = 256;
    while (nextElement(p)) {
      if (!startArray(p)) {
        throw mismatch(p, "an array of numbers");
      }
      float[] v = new float[hint];
      int n = 0;
      while (nextElement(p)) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
          throw mismatch(p, "a number");
        }
        if (n == v.length) {
          v = Arrays.copyOf(v, Math.max(16, n * 2));
        }
        v[n++] = p.getFloatValue();
      }
      if (n != v.length) {
        v = Arrays.copyOf(v, n);
      }
      hint = Math.max(n, 1);
      out.add(v);
    }
    return out.toArray(new float[0][]);
  }
}
