package io.ollamalan.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.CopyRequest;
import io.ollamalan.model.CreateRequest;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbeddingsRequest;
import io.ollamalan.model.Format;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.Message;
import io.ollamalan.model.Options;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.PushRequest;
import io.ollamalan.model.ShowRequest;
import io.ollamalan.model.Think;
import io.ollamalan.model.Tool;
import io.ollamalan.model.ToolCall;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hand-written request encoders, fields in the order of Ollama's Go structs. Null values and empty
 * collections are omitted; {@code ""} and {@code false} that were set are written. The {@code
 * stream} flag is written only when the caller passes one.
 */
final class Writers {
  private Writers() {}

  /** Encodes one request. */
  @FunctionalInterface
  interface Writer<T> {
    void write(JsonGenerator g, T value, @Nullable Boolean stream) throws IOException;
  }

  /** A writer and whether its endpoint streams (and so takes the streaming flag). */
  record Entry(Writer<Object> writer, boolean streams) {}

  static final Map<Class<?>, Entry> ALL = new LinkedHashMap<>();

  static {
    put(ChatRequest.class, Writers::chatRequest, true);
    put(GenerateRequest.class, Writers::generateRequest, true);
    put(PullRequest.class, Writers::pullRequest, true);
    put(PushRequest.class, Writers::pushRequest, true);
    put(CreateRequest.class, Writers::createRequest, true);
    put(EmbedRequest.class, Writers::embedRequest, false);
    put(EmbeddingsRequest.class, Writers::embeddingsRequest, false);
    put(ShowRequest.class, Writers::showRequest, false);
    put(CopyRequest.class, Writers::copyRequest, false);
    put(DeleteRequest.class, Writers::deleteRequest, false);
  }

  @SuppressWarnings("unchecked")
  private static <T> void put(Class<T> type, Writer<T> writer, boolean streams) {
    ALL.put(type, new Entry((Writer<Object>) writer, streams));
  }

  static void chatRequest(JsonGenerator g, ChatRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    if (!r.messages().isEmpty()) {
      g.writeArrayFieldStart("messages");
      for (Message m : r.messages()) {
        message(g, m);
      }
      g.writeEndArray();
    }
    bool(g, "stream", stream);
    format(g, r.format());
    keepAlive(g, r.keepAlive());
    if (!r.tools().isEmpty()) {
      g.writeArrayFieldStart("tools");
      for (Tool t : r.tools()) {
        tool(g, t);
      }
      g.writeEndArray();
    }
    options(g, r.options());
    think(g, r.think());
    bool(g, "truncate", r.truncate());
    bool(g, "shift", r.shift());
    bool(g, "_debug_render_only", r.debugRenderOnly());
    bool(g, "logprobs", r.logprobs());
    integer(g, "top_logprobs", r.topLogprobs());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void generateRequest(JsonGenerator g, GenerateRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    string(g, "prompt", r.prompt());
    string(g, "suffix", r.suffix());
    string(g, "system", r.system());
    string(g, "template", r.template());
    if (!r.context().isEmpty()) {
      g.writeArrayFieldStart("context");
      for (Integer token : r.context()) {
        g.writeNumber(token);
      }
      g.writeEndArray();
    }
    bool(g, "stream", stream);
    bool(g, "raw", r.raw());
    format(g, r.format());
    keepAlive(g, r.keepAlive());
    strings(g, "images", r.images());
    options(g, r.options());
    think(g, r.think());
    bool(g, "truncate", r.truncate());
    bool(g, "shift", r.shift());
    bool(g, "_debug_render_only", r.debugRenderOnly());
    bool(g, "logprobs", r.logprobs());
    integer(g, "top_logprobs", r.topLogprobs());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void embedRequest(JsonGenerator g, EmbedRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    List<String> input = r.input();
    if (input.size() == 1 && !input.get(0).isEmpty()) {
      g.writeStringField("input", input.get(0));
    } else {
      strings(g, "input", input);
    }
    keepAlive(g, r.keepAlive());
    bool(g, "truncate", r.truncate());
    integer(g, "dimensions", r.dimensions());
    options(g, r.options());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void embeddingsRequest(JsonGenerator g, EmbeddingsRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    string(g, "prompt", r.prompt());
    keepAlive(g, r.keepAlive());
    options(g, r.options());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void showRequest(JsonGenerator g, ShowRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    bool(g, "verbose", r.verbose());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void pullRequest(JsonGenerator g, PullRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    bool(g, "insecure", r.insecure());
    bool(g, "stream", stream);
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void pushRequest(JsonGenerator g, PushRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    bool(g, "insecure", r.insecure());
    bool(g, "stream", stream);
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void createRequest(JsonGenerator g, CreateRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    bool(g, "stream", stream);
    string(g, "quantize", r.quantize());
    string(g, "from", r.from());
    stringMap(g, "files", r.files());
    stringMap(g, "adapters", r.adapters());
    string(g, "template", r.template());
    if (r.license().size() == 1) {
      g.writeStringField("license", r.license().get(0));
    } else {
      strings(g, "license", r.license());
    }
    string(g, "system", r.system());
    if (!r.parameters().isEmpty()) {
      g.writeFieldName("parameters");
      any(g, r.parameters());
    }
    if (!r.messages().isEmpty()) {
      g.writeArrayFieldStart("messages");
      for (Message m : r.messages()) {
        message(g, m);
      }
      g.writeEndArray();
    }
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void copyRequest(JsonGenerator g, CopyRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "source", r.source());
    string(g, "destination", r.destination());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  static void deleteRequest(JsonGenerator g, DeleteRequest r, @Nullable Boolean stream)
      throws IOException {
    g.writeStartObject();
    string(g, "model", r.model());
    extra(g, r.extraFields());
    g.writeEndObject();
  }

  // ---- parts ----

  static void message(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", m.role());
    g.writeStringField("content", m.content());
    string(g, "thinking", m.thinking());
    strings(g, "images", m.images());
    if (!m.toolCalls().isEmpty()) {
      g.writeArrayFieldStart("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        toolCall(g, c);
      }
      g.writeEndArray();
    }
    string(g, "tool_name", m.toolName());
    string(g, "tool_call_id", m.toolCallId());
    extra(g, m.extraFields());
    g.writeEndObject();
  }

  static void toolCall(JsonGenerator g, ToolCall c) throws IOException {
    g.writeStartObject();
    string(g, "id", c.id());
    g.writeObjectFieldStart("function");
    g.writeNumberField("index", c.function().index());
    g.writeStringField("name", c.function().name());
    g.writeFieldName("arguments");
    any(g, c.function().arguments());
    extra(g, c.function().extraFields());
    g.writeEndObject();
    extra(g, c.extraFields());
    g.writeEndObject();
  }

  static void tool(JsonGenerator g, Tool t) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", t.type());
    g.writeObjectFieldStart("function");
    g.writeStringField("name", t.function().name());
    string(g, "description", t.function().description());
    g.writeFieldName("parameters");
    any(g, t.function().parameters());
    extra(g, t.function().extraFields());
    g.writeEndObject();
    extra(g, t.extraFields());
    g.writeEndObject();
  }

  static void options(JsonGenerator g, @Nullable Options o) throws IOException {
    if (o == null || o.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("options");
    if (o.numKeep() != null) {
      g.writeFieldName("num_keep");
      g.writeNumber(o.numKeep());
    }
    if (o.seed() != null) {
      g.writeFieldName("seed");
      g.writeNumber(o.seed());
    }
    if (o.numPredict() != null) {
      g.writeFieldName("num_predict");
      g.writeNumber(o.numPredict());
    }
    if (o.topK() != null) {
      g.writeFieldName("top_k");
      g.writeNumber(o.topK());
    }
    if (o.topP() != null) {
      g.writeFieldName("top_p");
      g.writeNumber(o.topP());
    }
    if (o.minP() != null) {
      g.writeFieldName("min_p");
      g.writeNumber(o.minP());
    }
    if (o.typicalP() != null) {
      g.writeFieldName("typical_p");
      g.writeNumber(o.typicalP());
    }
    if (o.repeatLastN() != null) {
      g.writeFieldName("repeat_last_n");
      g.writeNumber(o.repeatLastN());
    }
    if (o.temperature() != null) {
      g.writeFieldName("temperature");
      g.writeNumber(o.temperature());
    }
    if (o.repeatPenalty() != null) {
      g.writeFieldName("repeat_penalty");
      g.writeNumber(o.repeatPenalty());
    }
    if (o.presencePenalty() != null) {
      g.writeFieldName("presence_penalty");
      g.writeNumber(o.presencePenalty());
    }
    if (o.frequencyPenalty() != null) {
      g.writeFieldName("frequency_penalty");
      g.writeNumber(o.frequencyPenalty());
    }
    strings(g, "stop", o.stop());
    if (o.numCtx() != null) {
      g.writeFieldName("num_ctx");
      g.writeNumber(o.numCtx());
    }
    if (o.numBatch() != null) {
      g.writeFieldName("num_batch");
      g.writeNumber(o.numBatch());
    }
    if (o.numGpu() != null) {
      g.writeFieldName("num_gpu");
      g.writeNumber(o.numGpu());
    }
    if (o.mainGpu() != null) {
      g.writeFieldName("main_gpu");
      g.writeNumber(o.mainGpu());
    }
    if (o.useMmap() != null) {
      g.writeFieldName("use_mmap");
      g.writeBoolean(o.useMmap());
    }
    if (o.numThread() != null) {
      g.writeFieldName("num_thread");
      g.writeNumber(o.numThread());
    }
    for (Map.Entry<String, Object> e : o.extra().entrySet()) {
      g.writeFieldName(e.getKey());
      any(g, e.getValue());
    }
    g.writeEndObject();
  }

  /** Whole seconds as a number (-1 forever), anything finer as a Go duration string. */
  static void keepAlive(JsonGenerator g, @Nullable KeepAlive k) throws IOException {
    if (k == null) {
      return;
    }
    g.writeFieldName("keep_alive");
    if (k.isForever()) {
      g.writeNumber(-1);
      return;
    }
    Duration d = k.duration();
    if (d.toNanosPart() == 0) {
      g.writeNumber(d.toSeconds());
    } else {
      g.writeString(k.toGoDuration());
    }
  }

  static void format(JsonGenerator g, @Nullable Format f) throws IOException {
    if (f == null) {
      return;
    }
    g.writeFieldName("format");
    if (f.isJson()) {
      g.writeString("json");
    } else {
      any(g, f.schemaOrNull());
    }
  }

  static void think(JsonGenerator g, @Nullable Think t) throws IOException {
    if (t == null) {
      return;
    }
    g.writeFieldName("think");
    if (t.levelOrNull() != null) {
      g.writeString(t.levelOrNull().wireValue());
    } else {
      g.writeBoolean(t.isEnabled());
    }
  }

  /** Any JSON value held in an open map: String, Number, Boolean, null, Map, Collection. */
  static void any(JsonGenerator g, @Nullable Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String str) {
      g.writeString(str);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON cannot represent " + d);
      }
      if (v instanceof Float f) {
        g.writeNumber(f);
      } else {
        g.writeNumber(d);
      }
    } else if (v instanceof BigDecimal bd) {
      g.writeNumber(bd);
    } else if (v instanceof BigInteger bi) {
      g.writeNumber(bi);
    } else if (v instanceof Number) {
      g.writeNumber(new BigDecimal(v.toString()));
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        any(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Collection<?> list) {
      g.writeStartArray();
      for (Object e : list) {
        any(g, e);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  /** Fields the caller added beyond the typed ones, written as given. */
  private static void extra(JsonGenerator g, Map<String, Object> fields) throws IOException {
    if (fields.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      g.writeFieldName(e.getKey());
      any(g, e.getValue());
    }
  }

  private static void string(JsonGenerator g, String name, @Nullable String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void bool(JsonGenerator g, String name, @Nullable Boolean value)
      throws IOException {
    if (value != null) {
      g.writeBooleanField(name, value);
    }
  }

  private static void integer(JsonGenerator g, String name, @Nullable Integer value)
      throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  private static void strings(JsonGenerator g, String name, @Nullable List<String> values)
      throws IOException {
    if (values == null || values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(name);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  private static void stringMap(JsonGenerator g, String name, Map<String, String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : values.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
