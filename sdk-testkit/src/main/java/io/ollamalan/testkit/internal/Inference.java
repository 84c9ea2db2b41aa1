package io.ollamalan.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.ollamalan.testkit.Capability;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.SchedulerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@code /api/generate}, {@code /api/chat}, {@code /api/embed} and {@code /api/embeddings}. */
public final class Inference {

  /** The template every fake model reports; the prompt renderer below follows it in spirit. */
  static final String TEMPLATE = "{{ .Prompt }}";

  /**
   * Nominal durations per token when a rate is unlimited, so metrics stay non-zero and
   * proportional.
   */
  static final long NOMINAL_PREFILL_NANOS = 1_000;

  static final long NOMINAL_DECODE_NANOS = 1_000;

  private final NodeContext node;

  public Inference(NodeContext node) {
    this.node = node;
  }

  /** One generated stream element. */
  static final class Piece {
    static final int THINKING = 0;
    static final int CONTENT = 1;
    static final int TOOL = 2;

    final int kind;
    final String text;
    final @Nullable String toolId;
    final @Nullable String toolName;
    final @Nullable String toolArgs;

    Piece(int kind, String text) {
      this(kind, text, null, null, null);
    }

    Piece(
        int kind,
        String text,
        @Nullable String toolId,
        @Nullable String toolName,
        @Nullable String toolArgs) {
      this.kind = kind;
      this.text = text;
      this.toolId = toolId;
      this.toolName = toolName;
      this.toolArgs = toolArgs;
    }
  }

  /**
   * Everything decided about a generate or chat request before scheduling. Filled in field by field
   * while the request is parsed, before anything reads it: only the optional parts are nullable.
   */
  @SuppressWarnings("NullAway.Init")
  static final class Work {
    Exchange ex;
    FakeModel model;
    String reqModel;
    boolean chat;
    boolean stream;
    boolean load;
    boolean raw;
    int[] prompt;
    Req.Options options;
    boolean thinking;
    @Nullable JsonNode format;
    @Nullable JsonNode tool;
    @Nullable Long keepAlive;
    long t0;
    int[] finalTokens;
  }

  // ---------------------------------------------------------------- generate

  public void generate(Exchange ex) {
    Req r = Req.parse(ex.body(), "GenerateRequest");
    String raw = r.string("model");
    String prompt = r.string("prompt");
    String suffix = r.string("suffix");
    String system = r.string("system");
    String template = r.string("template");
    Boolean stream = r.bool("stream");
    boolean rawMode = r.bool("raw", false);
    Long keepAlive = r.keepAlive();
    Object think = r.think();
    JsonNode context = r.array("context", "[]int");
    if (context != null) {
      for (JsonNode n : context) {
        if (!n.isIntegralNumber()) {
          throw new ApiError(
              400,
              "json: cannot unmarshal "
                  + Req.kind(n)
                  + " into Go struct field GenerateRequest.context of type int");
        }
      }
    }
    r.checkImages("images");
    r.object("options", "map[string]interface {}");
    r.bool("truncate");
    r.bool("shift");
    r.bool("logprobs");
    int topLogprobs = r.integer("top_logprobs");
    if (topLogprobs < 0 || topLogprobs > 20) {
      throw new ApiError(400, "top_logprobs must be between 0 and 20");
    }
    if (raw.isEmpty()) {
      throw new ApiError(404, "model '' not found");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel m = node.find(name);
    if (m == null) {
      throw new ApiError(404, "model '" + raw + "' not found");
    }
    if (rawMode
        && (!template.isEmpty() || !system.isEmpty() || (context != null && context.size() > 0))) {
      throw new ApiError(400, "raw mode does not support template, system, or context");
    }
    if (!m.has(Capability.COMPLETION)) {
      throw new ApiError(400, "\"" + raw + "\" does not support generate");
    }
    if (!suffix.isEmpty() && !m.has(Capability.INSERT)) {
      throw new ApiError(400, name.full() + " does not support insert");
    }
    boolean thinking = resolveThink(think, m, raw);
    if (prompt.isEmpty() && keepAlive != null && keepAlive == 0) {
      node.scheduler().expire(m);
      ex.sendJson(
          200,
          Json.write(
              ex.ctx(),
              128,
              g -> {
                g.writeStartObject();
                g.writeStringField("model", raw);
                g.writeStringField("created_at", GoTime.utc(NodeContext.now()));
                g.writeStringField("response", "");
                g.writeBooleanField("done", true);
                g.writeStringField("done_reason", "unload");
                g.writeEndObject();
              }));
      return;
    }
    Work w = new Work();
    w.ex = ex;
    w.model = m;
    w.reqModel = raw;
    w.stream = stream == null || stream;
    w.load = prompt.isEmpty();
    w.raw = rawMode;
    w.options = r.options();
    w.thinking = thinking;
    w.format = r.raw("format");
    w.keepAlive = keepAlive;
    String text;
    if (rawMode) {
      text = prompt;
    } else {
      StringBuilder sb = new StringBuilder();
      String sys = !system.isEmpty() ? system : m.system();
      if (sys != null) {
        sb.append("<|start|>system\n").append(sys).append("<|end|>\n");
      }
      sb.append("<|start|>user\n").append(prompt);
      if (!suffix.isEmpty()) {
        sb.append("<|suffix|>").append(suffix);
      }
      sb.append("<|end|>\n<|start|>assistant\n");
      text = sb.toString();
    }
    int[] ids = Tokenizer.ids(text);
    if (context != null && context.size() > 0) {
      int[] joined = new int[context.size() + ids.length];
      for (int i = 0; i < context.size(); i++) {
        joined[i] = context.get(i).intValue();
      }
      System.arraycopy(ids, 0, joined, context.size(), ids.length);
      ids = joined;
    }
    w.prompt = ids;
    run(w);
  }

  private static boolean resolveThink(@Nullable Object think, FakeModel m, String raw) {
    if (think == null) {
      return m.has(Capability.THINKING);
    }
    if (Boolean.FALSE.equals(think)) {
      return false;
    }
    if (!m.has(Capability.THINKING)) {
      throw new ApiError(400, "\"" + raw + "\" does not support thinking");
    }
    return true;
  }

  // ---------------------------------------------------------------- chat

  public void chat(Exchange ex) {
    Req r = Req.parse(ex.body(), "ChatRequest");
    String raw = r.string("model");
    JsonNode messages = r.array("messages", "[]api.Message");
    Boolean stream = r.bool("stream");
    Long keepAlive = r.keepAlive();
    Object think = r.think();
    JsonNode tools = r.array("tools", "api.Tools");
    r.object("options", "map[string]interface {}");
    r.bool("truncate");
    r.bool("shift");
    r.bool("logprobs");
    List<String[]> msgs = new ArrayList<>();
    if (messages != null) {
      for (JsonNode msg : messages) {
        if (!msg.isObject()) {
          throw new ApiError(
              400,
              "json: cannot unmarshal "
                  + Req.kind(msg)
                  + " into Go struct field ChatRequest.messages of type api.Message");
        }
        String role = messageString(msg, "role").toLowerCase(Locale.ROOT);
        String content = messageString(msg, "content");
        JsonNode calls = msg.get("tool_calls");
        JsonNode images = msg.get("images");
        if (images != null && !images.isNull() && !images.isArray()) {
          throw new ApiError(
              400,
              "json: cannot unmarshal "
                  + Req.kind(images)
                  + " into Go struct field Message.messages.images of type []api.ImageData");
        }
        msgs.add(
            new String[] {
              role,
              content,
              calls != null && calls.isArray() && calls.size() > 0 ? calls.toString() : null
            });
      }
    }
    int topLogprobs = r.integer("top_logprobs");
    if (topLogprobs < 0 || topLogprobs > 20) {
      throw new ApiError(400, "top_logprobs must be between 0 and 20");
    }
    if (raw.isEmpty()) {
      throw new ApiError(400, "model is required");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel m = node.find(name);
    if (m == null) {
      throw new ApiError(404, "model '" + raw + "' not found");
    }
    if (!m.has(Capability.COMPLETION)) {
      throw new ApiError(400, "\"" + raw + "\" does not support chat");
    }
    boolean hasTools = tools != null && tools.size() > 0;
    if (hasTools && !m.has(Capability.TOOLS)) {
      throw new ApiError(400, name.full() + " does not support tools");
    }
    boolean thinking = resolveThink(think, m, raw);
    if (msgs.isEmpty() && keepAlive != null && keepAlive == 0) {
      node.scheduler().expire(m);
      ex.sendJson(200, loadOrUnloadChat(ex.ctx(), raw, "unload"));
      return;
    }
    Work w = new Work();
    w.ex = ex;
    w.model = m;
    w.reqModel = raw;
    w.chat = true;
    w.stream = stream == null || stream;
    w.load = msgs.isEmpty();
    w.options = r.options();
    w.thinking = thinking;
    w.format = r.raw("format");
    w.keepAlive = keepAlive;
    StringBuilder sb = new StringBuilder();
    boolean systemFirst = !msgs.isEmpty() && msgs.get(0)[0].equals("system");
    if (m.system() != null && !systemFirst) {
      sb.append("<|start|>system\n").append(m.system()).append("<|end|>\n");
    }
    if (hasTools && tools != null) {
      sb.append("<|start|>tools\n").append(tools.toString()).append("<|end|>\n");
    }
    for (String[] msg : msgs) {
      sb.append("<|start|>").append(msg[0]).append('\n').append(msg[1]);
      if (msg[2] != null) {
        sb.append(msg[2]);
      }
      sb.append("<|end|>\n");
    }
    sb.append("<|start|>assistant\n");
    w.prompt = Tokenizer.ids(sb.toString());
    if (tools != null
        && hasTools
        && !msgs.isEmpty()
        && !msgs.get(msgs.size() - 1)[0].equals("tool")) {
      for (JsonNode t : tools) {
        JsonNode fn = t.get("function");
        if (fn != null && fn.hasNonNull("name")) {
          w.tool = fn;
          break;
        }
      }
    }
    run(w);
  }

  private static String messageString(JsonNode msg, String field) {
    JsonNode v = msg.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new ApiError(
          400,
          "json: cannot unmarshal "
              + Req.kind(v)
              + " into Go struct field ChatRequest.messages."
              + field
              + " of type string");
    }
    return v.textValue();
  }

  private static ByteBuf loadOrUnloadChat(ChannelHandlerContext ctx, String model, String reason) {
    return Json.write(
        ctx,
        160,
        g -> {
          g.writeStartObject();
          g.writeStringField("model", model);
          g.writeStringField("created_at", GoTime.utc(NodeContext.now()));
          g.writeObjectFieldStart("message");
          g.writeStringField("role", "assistant");
          g.writeStringField("content", "");
          g.writeEndObject();
          g.writeBooleanField("done", true);
          g.writeStringField("done_reason", reason);
          g.writeEndObject();
        });
  }

  // ---------------------------------------------------------------- scheduling and generation

  private void run(Work w) {
    Exchange ex = w.ex;
    Scheduler s = node.scheduler();
    ScaledClock clock = node.clock();
    w.t0 = clock.now();
    Scheduler.Admission adm;
    try {
      adm = s.admit(w.model, w.keepAlive, w.options.numCtx);
    } catch (SchedulerException e) {
      ex.sendError(e.status(), e.getMessage());
      return;
    }
    ex.onEnd(adm::close);
    ex.when(
        adm.runner(),
        (runner, err) -> {
          if (err != null) {
            scheduleFailed(ex, err);
            return;
          }
          long loadDuration = Math.max(1, adm.grantedAt() - w.t0);
          if (w.load) {
            if (w.chat) {
              ex.sendJson(200, loadOrUnloadChat(ex.ctx(), w.reqModel, "load"));
            } else {
              ex.sendJson(
                  200,
                  Json.write(
                      ex.ctx(),
                      128,
                      g -> {
                        g.writeStartObject();
                        g.writeStringField("model", w.reqModel);
                        g.writeStringField("created_at", GoTime.utc(NodeContext.now()));
                        g.writeStringField("response", "");
                        g.writeBooleanField("done", true);
                        g.writeStringField("done_reason", "load");
                        g.writeEndObject();
                      }));
            }
            return;
          }
          String formatError = formatError(w.format);
          if (formatError != null) {
            if (w.stream) {
              ex.sendStreamError(500, formatError);
            } else {
              ex.sendError(500, formatError);
            }
            return;
          }
          Scheduler.SlotLease lease = s.acquireSlot(runner, w.prompt, true);
          ex.onEnd(() -> lease.release(w.finalTokens));
          ex.when(
              lease.granted(),
              (l, e2) -> {
                if (e2 != null) {
                  scheduleFailed(ex, e2);
                  return;
                }
                generateWith(w, l, loadDuration);
              });
        });
  }

  private static void scheduleFailed(Exchange ex, Throwable err) {
    if (err instanceof SchedulerException) {
      SchedulerException se = (SchedulerException) err;
      ex.sendError(se.status(), se.getMessage());
    } else {
      ex.sendError(500, String.valueOf(err.getMessage()));
    }
  }

  static @Nullable String formatError(@Nullable JsonNode format) {
    if (format == null || format.isNull() || format.isObject()) {
      return null;
    }
    if (format.isTextual() && (format.textValue().isEmpty() || format.textValue().equals("json"))) {
      return null;
    }
    return "invalid format: "
        + GoDuration.quote(format.toString())
        + "; expected \"json\" or a valid JSON Schema object";
  }

  private void generateWith(Work w, Scheduler.SlotLease lease, long loadDuration) {
    Exchange ex = w.ex;
    ScaledClock clock = node.clock();
    SchedulerConfig cfg = node.scheduler().config();
    long slotAt = clock.now();
    int promptCount = w.prompt.length;
    int uncached = promptCount - lease.cachedTokens();
    double prefillRate = cfg.prefillTokensPerSecond();
    double decodeRate = cfg.decodeTokensPerSecond();
    long prefill = prefillRate > 0 ? (long) (uncached * 1e9 / prefillRate) : 0;
    long perToken = decodeRate > 0 ? (long) (1e9 / decodeRate) : 0;
    long seed = TextGen.seed(w.model, w.prompt, w.options.seeded ? w.options.seed : 0);

    List<Piece> pieces = new ArrayList<>();
    if (w.thinking) {
      for (String t : TextGen.thinking()) {
        pieces.add(new Piece(Piece.THINKING, t));
      }
    }
    String doneReason = "stop";
    if (w.tool != null) {
      String fnName = w.tool.get("name").asText();
      String args = TextGen.toolArguments(w.tool.get("parameters"), seed);
      pieces.add(new Piece(Piece.TOOL, "", TextGen.toolCallId(seed), fnName, args));
    } else {
      List<String> content =
          w.format != null
                  && !w.format.isNull()
                  && !(w.format.isTextual() && w.format.textValue().isEmpty())
              ? Tokenizer.split(TextGen.json(w.format, seed))
              : TextGen.reply(w.model, seed);
      for (String t : content) {
        pieces.add(new Piece(Piece.CONTENT, t));
      }
    }
    int limit = w.options.numPredict;
    if (limit >= 0 && pieces.size() > limit && w.tool == null) {
      pieces = new ArrayList<>(pieces.subList(0, limit));
      doneReason = "length";
    }
    int evalCount = 0;
    List<int[]> generatedIds = new ArrayList<>(pieces.size());
    for (Piece p : pieces) {
      int[] ids =
          p.kind == Piece.TOOL
              ? Tokenizer.ids(p.toolName + p.toolArgs)
              : new int[] {Tokenizer.id(p.text)};
      generatedIds.add(ids);
      evalCount += ids.length;
    }
    int[] all = new int[promptCount + evalCount];
    System.arraycopy(w.prompt, 0, all, 0, promptCount);
    int pos = promptCount;
    for (int[] ids : generatedIds) {
      System.arraycopy(ids, 0, all, pos, ids.length);
      pos += ids.length;
    }
    final int n = pieces.size();
    final List<Piece> out = pieces;
    final long promptDuration =
        prefill > 0 ? prefill : Math.max(1, uncached * NOMINAL_PREFILL_NANOS);
    final long evalDuration =
        perToken > 0 ? n * perToken : Math.max(1, evalCount * NOMINAL_DECODE_NANOS);
    final int evalTotal = evalCount;
    final String reason = doneReason;
    final boolean paced = prefill > 0 || perToken > 0;
    final long finalDue = slotAt + prefill + n * perToken;

    Final fin =
        () -> {
          w.finalTokens = all;
          long total = Math.max(clock.now() - w.t0, loadDuration + promptDuration + evalDuration);
          return new long[] {
            total, loadDuration, promptCount, promptDuration, evalTotal, evalDuration
          };
        };

    if (!w.stream) {
      Runnable respond =
          () -> {
            long[] metrics = fin.metrics();
            ex.sendJson(
                200,
                Json.write(
                    ex.ctx(),
                    512 + (w.raw || w.chat ? 0 : all.length * 7),
                    g -> writeFinal(g, w, out, reason, all, metrics, true)));
          };
      if (paced) {
        ex.at(clock, finalDue, respond);
      } else {
        respond.run();
      }
      return;
    }
    ex.stream(
        clock,
        new Exchange.LineSource() {
          int i;
          boolean done;

          @Override
          public long nextDue() {
            if (!paced) {
              return Long.MIN_VALUE;
            }
            return slotAt + prefill + Math.min(i + 1, n) * perToken;
          }

          @Override
          public @Nullable ByteBuf next(ChannelHandlerContext ctx) {
            if (i < n) {
              Piece p = out.get(i++);
              return Json.write(ctx, 160, g -> writeChunk(g, w, p));
            }
            if (done) {
              return null;
            }
            done = true;
            long[] metrics = fin.metrics();
            return Json.write(
                ctx,
                320 + (w.raw || w.chat ? 0 : all.length * 7),
                g -> writeFinal(g, w, out, reason, all, metrics, false));
          }
        },
        node.faults().take(ex.path(), true));
  }

  private interface Final {
    long[] metrics();
  }

  private static void writeChunk(JsonGenerator g, Work w, Piece p) throws IOException {
    g.writeStartObject();
    g.writeStringField("model", w.reqModel);
    g.writeStringField("created_at", GoTime.utc(NodeContext.now()));
    if (w.chat) {
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      g.writeStringField("content", p.kind == Piece.CONTENT ? p.text : "");
      if (p.kind == Piece.THINKING) {
        g.writeStringField("thinking", p.text);
      }
      if (p.kind == Piece.TOOL) {
        g.writeArrayFieldStart("tool_calls");
        writeToolCall(g, p);
        g.writeEndArray();
      }
      g.writeEndObject();
    } else {
      g.writeStringField("response", p.kind == Piece.CONTENT ? p.text : "");
      if (p.kind == Piece.THINKING) {
        g.writeStringField("thinking", p.text);
      }
    }
    g.writeBooleanField("done", false);
    g.writeEndObject();
  }

  private static void writeToolCall(JsonGenerator g, Piece p) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", p.toolId);
    g.writeObjectFieldStart("function");
    g.writeNumberField("index", 0);
    g.writeStringField("name", p.toolName);
    g.writeFieldName("arguments");
    g.writeRawValue(p.toolArgs);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeFinal(
      JsonGenerator g,
      Work w,
      List<Piece> pieces,
      String reason,
      int[] context,
      long[] m,
      boolean aggregate)
      throws IOException {
    StringBuilder content = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    Piece tool = null;
    if (aggregate) {
      for (Piece p : pieces) {
        if (p.kind == Piece.CONTENT) {
          content.append(p.text);
        } else if (p.kind == Piece.THINKING) {
          thinking.append(p.text);
        } else {
          tool = p;
        }
      }
    }
    g.writeStartObject();
    g.writeStringField("model", w.reqModel);
    g.writeStringField("created_at", GoTime.utc(NodeContext.now()));
    if (w.chat) {
      g.writeObjectFieldStart("message");
      g.writeStringField("role", "assistant");
      g.writeStringField("content", content.toString());
      if (thinking.length() > 0) {
        g.writeStringField("thinking", thinking.toString());
      }
      if (tool != null) {
        g.writeArrayFieldStart("tool_calls");
        writeToolCall(g, tool);
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeBooleanField("done", true);
      g.writeStringField("done_reason", reason);
    } else {
      g.writeStringField("response", content.toString());
      if (thinking.length() > 0) {
        g.writeStringField("thinking", thinking.toString());
      }
      g.writeBooleanField("done", true);
      g.writeStringField("done_reason", reason);
      if (!w.raw) {
        g.writeArrayFieldStart("context");
        for (int id : context) {
          g.writeNumber(id);
        }
        g.writeEndArray();
      }
    }
    Json.metrics(g, m[0], m[1], (int) m[2], m[3], (int) m[4], m[5]);
    g.writeEndObject();
  }

  // ---------------------------------------------------------------- embeddings

  public void embed(Exchange ex) {
    Req r = Req.parse(ex.body(), "EmbedRequest");
    String raw = r.string("model");
    Boolean truncate = r.bool("truncate");
    int dimensions = r.integer("dimensions");
    Long keepAlive = r.keepAlive();
    r.object("options", "map[string]interface {}");
    JsonNode input = r.raw("input");
    List<String> inputs = new ArrayList<>();
    if (input != null) {
      if (input.isTextual()) {
        if (!input.textValue().isEmpty()) {
          inputs.add(input.textValue());
        }
      } else if (input.isArray()) {
        for (JsonNode n : input) {
          if (!n.isTextual()) {
            throw new ApiError(400, "invalid input type");
          }
          inputs.add(n.textValue());
        }
      } else {
        throw new ApiError(400, "invalid input type");
      }
    }
    if (raw.isEmpty()) {
      throw new ApiError(404, "model '' not found");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel m = node.find(name);
    if (m == null) {
      throw new ApiError(404, "model \"" + raw + "\" not found, try pulling it first");
    }
    Req.Options options = r.options();
    boolean trunc = truncate == null || truncate;
    embedRun(
        ex,
        m,
        keepAlive,
        options.numCtx,
        (runner, loadDuration, t0, clock) -> {
          if (inputs.isEmpty()) {
            ex.sendJson(
                200,
                Json.write(
                    ex.ctx(),
                    64,
                    g -> {
                      g.writeStartObject();
                      g.writeStringField("model", raw);
                      g.writeArrayFieldStart("embeddings");
                      g.writeEndArray();
                      g.writeEndObject();
                    }));
            return null;
          }
          int ctxLen = runnerContext(runner);
          List<String> texts = new ArrayList<>(inputs.size());
          int tokens = 0;
          for (String in : inputs) {
            List<String> toks = Tokenizer.split(in);
            if (toks.size() > ctxLen) {
              if (!trunc) {
                throw new ApiError(400, "the input length exceeds the context length");
              }
              toks = toks.subList(0, ctxLen);
              texts.add(String.join("", toks));
            } else {
              texts.add(in);
            }
            tokens += toks.size();
          }
          int total = tokens;
          return new EmbedPlan(
              total,
              () -> {
                long elapsed = clock.now() - t0;
                ex.sendJson(
                    200,
                    Json.write(
                        ex.ctx(),
                        64 + texts.size() * m.dimensions() * 12,
                        g -> {
                          g.writeStartObject();
                          g.writeStringField("model", raw);
                          g.writeArrayFieldStart("embeddings");
                          for (String t : texts) {
                            g.writeStartArray();
                            for (float f : TextGen.embedding(m, t, dimensions)) {
                              GoJson.writeFloat32(g, f);
                            }
                            g.writeEndArray();
                          }
                          g.writeEndArray();
                          long prompt = prefillNanos(total);
                          Json.metrics(
                              g,
                              Math.max(elapsed, loadDuration + prompt),
                              loadDuration,
                              total,
                              0,
                              0,
                              0);
                          g.writeEndObject();
                        }));
              });
        });
  }

  public void embeddings(Exchange ex) {
    Req r = Req.parse(ex.body(), "EmbeddingRequest");
    String raw = r.string("model");
    String prompt = r.string("prompt");
    Long keepAlive = r.keepAlive();
    r.object("options", "map[string]interface {}");
    if (raw.isEmpty()) {
      throw new ApiError(400, "model is required");
    }
    ModelName name = ModelName.parse(raw);
    if (name == null) {
      throw new ApiError(400, "invalid model name");
    }
    FakeModel m = node.find(name);
    if (m == null) {
      throw new ApiError(404, "model \"" + raw + "\" not found, try pulling it first");
    }
    Req.Options options = r.options();
    embedRun(
        ex,
        m,
        keepAlive,
        options.numCtx,
        (runner, loadDuration, t0, clock) -> {
          int tokens = prompt.isEmpty() ? 0 : Tokenizer.count(prompt);
          return new EmbedPlan(
              tokens,
              () ->
                  ex.sendJson(
                      200,
                      Json.write(
                          ex.ctx(),
                          64 + m.dimensions() * 22,
                          g -> {
                            g.writeStartObject();
                            g.writeArrayFieldStart("embedding");
                            if (!prompt.isEmpty()) {
                              for (double d : TextGen.rawEmbedding(m, prompt)) {
                                GoJson.writeFloat64(g, d);
                              }
                            }
                            g.writeEndArray();
                            g.writeEndObject();
                          })));
        });
  }

  private static int runnerContext(Scheduler.Runner runner) {
    return runner.numCtx;
  }

  private long prefillNanos(int tokens) {
    double rate = node.scheduler().config().prefillTokensPerSecond();
    return rate > 0 ? (long) (tokens * 1e9 / rate) : Math.max(1, tokens * NOMINAL_PREFILL_NANOS);
  }

  /** What to do once an embedding request holds a slot: evaluate {@code tokens}, then respond. */
  private static final class EmbedPlan {
    final int tokens;
    final Runnable respond;

    EmbedPlan(int tokens, Runnable respond) {
      this.tokens = tokens;
      this.respond = respond;
    }
  }

  private interface EmbedStep {
    @Nullable EmbedPlan plan(
        Scheduler.Runner runner, long loadDuration, long t0, ScaledClock clock);
  }

  private void embedRun(
      Exchange ex, FakeModel m, @Nullable Long keepAlive, int numCtx, EmbedStep step) {
    Scheduler s = node.scheduler();
    ScaledClock clock = node.clock();
    long t0 = clock.now();
    Scheduler.Admission adm;
    try {
      adm = s.admit(m, keepAlive, numCtx);
    } catch (SchedulerException e) {
      ex.sendError(e.status(), e.getMessage());
      return;
    }
    ex.onEnd(adm::close);
    ex.when(
        adm.runner(),
        (runner, err) -> {
          if (err != null) {
            scheduleFailed(ex, err);
            return;
          }
          long loadDuration = Math.max(1, adm.grantedAt() - t0);
          EmbedPlan plan = step.plan(runner, loadDuration, t0, clock);
          if (plan == null) {
            return;
          }
          if (plan.tokens == 0) {
            plan.respond.run();
            return;
          }
          Scheduler.SlotLease lease = s.acquireSlot(runner, new int[0], false);
          ex.onEnd(() -> lease.release(null));
          ex.when(
              lease.granted(),
              (l, e2) -> {
                if (e2 != null) {
                  scheduleFailed(ex, e2);
                  return;
                }
                double rate = s.config().prefillTokensPerSecond();
                if (rate > 0) {
                  ex.at(clock, clock.now() + (long) (plan.tokens * 1e9 / rate), plan.respond);
                } else {
                  plan.respond.run();
                }
              });
        });
  }
}
