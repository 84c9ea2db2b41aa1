package io.ollamalan.grpc.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.grpc.v1.Embedding;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.CopyRequest;
import io.ollamalan.model.CreateRequest;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.EmbeddingsRequest;
import io.ollamalan.model.EmbeddingsResponse;
import io.ollamalan.model.Format;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.Logprob;
import io.ollamalan.model.Message;
import io.ollamalan.model.ModelDetails;
import io.ollamalan.model.ModelSummary;
import io.ollamalan.model.Options;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PsResponse;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.PushRequest;
import io.ollamalan.model.RunningModel;
import io.ollamalan.model.ShowRequest;
import io.ollamalan.model.ShowResponse;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.Think;
import io.ollamalan.model.Tool;
import io.ollamalan.model.ToolCall;
import io.ollamalan.model.VersionResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every conversion between the SDK's model types and the ollama.api.v1 messages, in both
 * directions, in one place: the client maps requests to protos and protos back to responses; the
 * gateway does the reverse. Absent proto fields map to the model's absent values (null or empty),
 * never to a default the caller did not choose. A field added to a message is mapped here once for
 * both sides.
 *
 * <p>Requests read from a proto are checked (a model name, a role per message, consistent oneofs)
 * and bad input throws {@link IllegalArgumentException} naming the field; answers read from a proto
 * are taken as they come.
 */
public final class ProtoMapper {

  private ProtoMapper() {}

  // Requests: model -> proto (the client's direction)

  public static io.ollamalan.grpc.v1.ChatRequest toProto(ChatRequest r) {
    io.ollamalan.grpc.v1.ChatRequest.Builder b =
        io.ollamalan.grpc.v1.ChatRequest.newBuilder().setModel(nz(r.model()));
    r.messages().forEach(m -> b.addMessages(toProto(m)));
    r.tools().forEach(t -> b.addTools(toProto(t)));
    if (r.format() != null) {
      b.setFormat(toProto(r.format()));
    }
    if (r.options() != null) {
      b.setOptions(toProto(r.options()));
    }
    if (r.keepAlive() != null) {
      b.setKeepAlive(toProto(r.keepAlive()));
    }
    if (r.think() != null) {
      b.setThink(toProto(r.think()));
    }
    if (r.truncate() != null) {
      b.setTruncate(r.truncate());
    }
    if (r.shift() != null) {
      b.setShift(r.shift());
    }
    if (r.logprobs() != null) {
      b.setLogprobs(r.logprobs());
    }
    if (r.topLogprobs() != null) {
      b.setTopLogprobs(r.topLogprobs());
    }
    if (r.debugRenderOnly() != null) {
      b.setDebugRenderOnly(r.debugRenderOnly());
    }
    if (!r.extraFields().isEmpty()) {
      b.setExtraFields(struct(r.extraFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.GenerateRequest toProto(GenerateRequest r) {
    io.ollamalan.grpc.v1.GenerateRequest.Builder b =
        io.ollamalan.grpc.v1.GenerateRequest.newBuilder()
            .setModel(nz(r.model()))
            .setPrompt(nz(r.prompt()))
            .setSuffix(nz(r.suffix()))
            .setSystem(nz(r.system()))
            .setTemplate(nz(r.template()));
    r.images().forEach(i -> b.addImages(image(i)));
    if (r.context() != null) {
      b.addAllContext(r.context());
    }
    if (r.format() != null) {
      b.setFormat(toProto(r.format()));
    }
    if (r.options() != null) {
      b.setOptions(toProto(r.options()));
    }
    if (r.raw() != null) {
      b.setRaw(r.raw());
    }
    if (r.keepAlive() != null) {
      b.setKeepAlive(toProto(r.keepAlive()));
    }
    if (r.think() != null) {
      b.setThink(toProto(r.think()));
    }
    if (r.truncate() != null) {
      b.setTruncate(r.truncate());
    }
    if (r.shift() != null) {
      b.setShift(r.shift());
    }
    if (r.logprobs() != null) {
      b.setLogprobs(r.logprobs());
    }
    if (r.topLogprobs() != null) {
      b.setTopLogprobs(r.topLogprobs());
    }
    if (r.debugRenderOnly() != null) {
      b.setDebugRenderOnly(r.debugRenderOnly());
    }
    if (!r.extraFields().isEmpty()) {
      b.setExtraFields(struct(r.extraFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.EmbedRequest toProto(EmbedRequest r) {
    io.ollamalan.grpc.v1.EmbedRequest.Builder b =
        io.ollamalan.grpc.v1.EmbedRequest.newBuilder()
            .setModel(nz(r.model()))
            .addAllInput(r.input());
    if (r.truncate() != null) {
      b.setTruncate(r.truncate());
    }
    if (r.dimensions() != null) {
      b.setDimensions(r.dimensions());
    }
    if (r.keepAlive() != null) {
      b.setKeepAlive(toProto(r.keepAlive()));
    }
    if (r.options() != null) {
      b.setOptions(toProto(r.options()));
    }
    if (!r.extraFields().isEmpty()) {
      b.setExtraFields(struct(r.extraFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.EmbeddingsRequest toProto(EmbeddingsRequest r) {
    io.ollamalan.grpc.v1.EmbeddingsRequest.Builder b =
        io.ollamalan.grpc.v1.EmbeddingsRequest.newBuilder()
            .setModel(nz(r.model()))
            .setPrompt(nz(r.prompt()));
    if (r.keepAlive() != null) {
      b.setKeepAlive(toProto(r.keepAlive()));
    }
    if (r.options() != null) {
      b.setOptions(toProto(r.options()));
    }
    if (!r.extraFields().isEmpty()) {
      b.setExtraFields(struct(r.extraFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ShowRequest toProto(ShowRequest r) {
    io.ollamalan.grpc.v1.ShowRequest.Builder b =
        io.ollamalan.grpc.v1.ShowRequest.newBuilder().setModel(nz(r.model()));
    if (r.verbose() != null) {
      b.setVerbose(r.verbose());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.PullRequest toProto(PullRequest r) {
    io.ollamalan.grpc.v1.PullRequest.Builder b =
        io.ollamalan.grpc.v1.PullRequest.newBuilder().setModel(nz(r.model()));
    if (r.insecure() != null) {
      b.setInsecure(r.insecure());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.PushRequest toProto(PushRequest r) {
    io.ollamalan.grpc.v1.PushRequest.Builder b =
        io.ollamalan.grpc.v1.PushRequest.newBuilder().setModel(nz(r.model()));
    if (r.insecure() != null) {
      b.setInsecure(r.insecure());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.CreateRequest toProto(CreateRequest r) {
    io.ollamalan.grpc.v1.CreateRequest.Builder b =
        io.ollamalan.grpc.v1.CreateRequest.newBuilder()
            .setModel(nz(r.model()))
            .setFrom(nz(r.from()))
            .setTemplate(nz(r.template()))
            .setSystem(nz(r.system()))
            .setQuantize(nz(r.quantize()));
    if (r.files() != null) {
      b.putAllFiles(r.files());
    }
    if (r.adapters() != null) {
      b.putAllAdapters(r.adapters());
    }
    if (r.license() != null) {
      b.addAllLicense(r.license());
    }
    if (r.parameters() != null && !r.parameters().isEmpty()) {
      b.setParameters(struct(r.parameters()));
    }
    if (r.messages() != null) {
      r.messages().forEach(m -> b.addMessages(toProto(m)));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.CopyRequest toProto(CopyRequest r) {
    return io.ollamalan.grpc.v1.CopyRequest.newBuilder()
        .setSource(nz(r.source()))
        .setDestination(nz(r.destination()))
        .build();
  }

  public static io.ollamalan.grpc.v1.DeleteRequest toProto(DeleteRequest r) {
    return io.ollamalan.grpc.v1.DeleteRequest.newBuilder().setModel(nz(r.model())).build();
  }

  public static io.ollamalan.grpc.v1.Message toProto(Message m) {
    io.ollamalan.grpc.v1.Message.Builder b =
        io.ollamalan.grpc.v1.Message.newBuilder()
            .setRole(nz(m.role()))
            .setContent(nz(m.content()))
            .setThinking(nz(m.thinking()))
            .setToolName(nz(m.toolName()))
            .setToolCallId(nz(m.toolCallId()));
    if (m.images() != null) {
      m.images().forEach(i -> b.addImages(image(i)));
    }
    if (m.toolCalls() != null) {
      m.toolCalls().forEach(c -> b.addToolCalls(toProto(c)));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ToolCall toProto(ToolCall c) {
    io.ollamalan.grpc.v1.ToolCall.Builder b =
        io.ollamalan.grpc.v1.ToolCall.newBuilder().setId(nz(c.id()));
    if (c.function() != null) {
      io.ollamalan.grpc.v1.ToolCall.Function.Builder f =
          io.ollamalan.grpc.v1.ToolCall.Function.newBuilder()
              .setIndex(c.function().index())
              .setName(nz(c.function().name()));
      if (c.function().arguments() != null) {
        f.setArguments(struct(c.function().arguments()));
      }
      b.setFunction(f);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.Tool toProto(Tool t) {
    io.ollamalan.grpc.v1.Tool.Builder b =
        io.ollamalan.grpc.v1.Tool.newBuilder().setType(nz(t.type()));
    if (t.function() != null) {
      io.ollamalan.grpc.v1.Tool.Function.Builder f =
          io.ollamalan.grpc.v1.Tool.Function.newBuilder()
              .setName(nz(t.function().name()))
              .setDescription(nz(t.function().description()));
      if (t.function().parameters() != null) {
        f.setParameters(struct(t.function().parameters()));
      }
      b.setFunction(f);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.Format toProto(Format f) {
    io.ollamalan.grpc.v1.Format.Builder b = io.ollamalan.grpc.v1.Format.newBuilder();
    Map<String, Object> schema = f.schemaOrNull();
    if (schema != null) {
      b.setSchema(struct(schema));
    } else {
      b.setJson(f.isJson());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.Think toProto(Think t) {
    io.ollamalan.grpc.v1.Think.Builder b = io.ollamalan.grpc.v1.Think.newBuilder();
    if (t.levelOrNull() != null) {
      b.setLevel(t.levelOrNull().wireValue());
    } else {
      b.setEnabled(t.isEnabled());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.KeepAlive toProto(KeepAlive k) {
    io.ollamalan.grpc.v1.KeepAlive.Builder b = io.ollamalan.grpc.v1.KeepAlive.newBuilder();
    if (k.isForever()) {
      b.setForever(true);
    } else {
      Duration d = k.duration();
      b.setDuration(
          com.google.protobuf.Duration.newBuilder()
              .setSeconds(d.getSeconds())
              .setNanos(d.getNano())
              .build());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.Options toProto(Options o) {
    io.ollamalan.grpc.v1.Options.Builder b = io.ollamalan.grpc.v1.Options.newBuilder();
    if (o.numKeep() != null) {
      b.setNumKeep(o.numKeep());
    }
    if (o.seed() != null) {
      b.setSeed(o.seed());
    }
    if (o.numPredict() != null) {
      b.setNumPredict(o.numPredict());
    }
    if (o.topK() != null) {
      b.setTopK(o.topK());
    }
    if (o.topP() != null) {
      b.setTopP(o.topP());
    }
    if (o.minP() != null) {
      b.setMinP(o.minP());
    }
    if (o.typicalP() != null) {
      b.setTypicalP(o.typicalP());
    }
    if (o.repeatLastN() != null) {
      b.setRepeatLastN(o.repeatLastN());
    }
    if (o.temperature() != null) {
      b.setTemperature(o.temperature());
    }
    if (o.repeatPenalty() != null) {
      b.setRepeatPenalty(o.repeatPenalty());
    }
    if (o.presencePenalty() != null) {
      b.setPresencePenalty(o.presencePenalty());
    }
    if (o.frequencyPenalty() != null) {
      b.setFrequencyPenalty(o.frequencyPenalty());
    }
    if (o.stop() != null) {
      b.addAllStop(o.stop());
    }
    if (o.numCtx() != null) {
      b.setNumCtx(o.numCtx());
    }
    if (o.numBatch() != null) {
      b.setNumBatch(o.numBatch());
    }
    if (o.numGpu() != null) {
      b.setNumGpu(o.numGpu());
    }
    if (o.mainGpu() != null) {
      b.setMainGpu(o.mainGpu());
    }
    if (o.useMmap() != null) {
      b.setUseMmap(o.useMmap());
    }
    if (o.numThread() != null) {
      b.setNumThread(o.numThread());
    }
    if (o.extra() != null && !o.extra().isEmpty()) {
      b.setExtra(struct(o.extra()));
    }
    return b.build();
  }

  // Requests: proto -> model (the gateway's direction). Bad input throws IllegalArgumentException
  // naming the field, which the gateway turns into INVALID_ARGUMENT.

  public static ChatRequest fromProto(io.ollamalan.grpc.v1.ChatRequest p) {
    ChatRequest.Builder b = ChatRequest.builder(requireModel(p.getModel()));
    if (p.hasExtraFields()) {
      b.extraFields(map(p.getExtraFields()));
    }
    List<Message> messages = new ArrayList<>(p.getMessagesCount());
    p.getMessagesList().forEach(m -> messages.add(requestMessage(m)));
    b.messages(messages);
    if (p.getToolsCount() > 0) {
      List<Tool> tools = new ArrayList<>(p.getToolsCount());
      p.getToolsList().forEach(t -> tools.add(fromProto(t)));
      b.tools(tools);
    }
    if (p.hasFormat()) {
      b.format(fromProto(p.getFormat()));
    }
    if (p.hasOptions()) {
      b.options(fromProto(p.getOptions()));
    }
    if (p.hasKeepAlive()) {
      b.keepAlive(fromProto(p.getKeepAlive()));
    }
    if (p.hasThink()) {
      b.think(fromProto(p.getThink()));
    }
    if (p.hasTruncate()) {
      b.truncate(p.getTruncate());
    }
    if (p.hasShift()) {
      b.shift(p.getShift());
    }
    if (p.hasLogprobs()) {
      b.logprobs(p.getLogprobs());
    }
    if (p.hasTopLogprobs()) {
      b.topLogprobs(p.getTopLogprobs());
    }
    if (p.hasDebugRenderOnly()) {
      b.debugRenderOnly(p.getDebugRenderOnly());
    }
    return b.build();
  }

  public static GenerateRequest fromProto(io.ollamalan.grpc.v1.GenerateRequest p) {
    GenerateRequest.Builder b =
        GenerateRequest.builder(requireModel(p.getModel()))
            .prompt(p.getPrompt())
            .suffix(emptyToNull(p.getSuffix()))
            .system(emptyToNull(p.getSystem()))
            .template(emptyToNull(p.getTemplate()));
    if (p.hasExtraFields()) {
      b.extraFields(map(p.getExtraFields()));
    }
    if (p.getImagesCount() > 0) {
      b.images(base64(requireImages(p.getImagesList())));
    }
    if (p.getContextCount() > 0) {
      b.context(p.getContextList());
    }
    if (p.hasFormat()) {
      b.format(fromProto(p.getFormat()));
    }
    if (p.hasOptions()) {
      b.options(fromProto(p.getOptions()));
    }
    if (p.hasRaw()) {
      b.raw(p.getRaw());
    }
    if (p.hasKeepAlive()) {
      b.keepAlive(fromProto(p.getKeepAlive()));
    }
    if (p.hasThink()) {
      b.think(fromProto(p.getThink()));
    }
    if (p.hasTruncate()) {
      b.truncate(p.getTruncate());
    }
    if (p.hasShift()) {
      b.shift(p.getShift());
    }
    if (p.hasLogprobs()) {
      b.logprobs(p.getLogprobs());
    }
    if (p.hasTopLogprobs()) {
      b.topLogprobs(p.getTopLogprobs());
    }
    if (p.hasDebugRenderOnly()) {
      b.debugRenderOnly(p.getDebugRenderOnly());
    }
    return b.build();
  }

  public static EmbedRequest fromProto(io.ollamalan.grpc.v1.EmbedRequest p) {
    if (p.getInputCount() == 0) {
      throw new IllegalArgumentException("input: give at least one text to embed");
    }
    EmbedRequest.Builder b = EmbedRequest.builder(requireModel(p.getModel()));
    if (p.hasExtraFields()) {
      b.extraFields(map(p.getExtraFields()));
    }
    b.inputs(p.getInputList());
    if (p.hasTruncate()) {
      b.truncate(p.getTruncate());
    }
    if (p.hasDimensions()) {
      b.dimensions(p.getDimensions());
    }
    if (p.hasKeepAlive()) {
      b.keepAlive(fromProto(p.getKeepAlive()));
    }
    if (p.hasOptions()) {
      b.options(fromProto(p.getOptions()));
    }
    return b.build();
  }

  public static EmbeddingsRequest fromProto(io.ollamalan.grpc.v1.EmbeddingsRequest p) {
    EmbeddingsRequest.Builder b =
        EmbeddingsRequest.builder().model(requireModel(p.getModel())).prompt(p.getPrompt());
    if (p.hasKeepAlive()) {
      b.keepAlive(fromProto(p.getKeepAlive()));
    }
    if (p.hasOptions()) {
      b.options(fromProto(p.getOptions()));
    }
    if (p.hasExtraFields()) {
      b.extraFields(map(p.getExtraFields()));
    }
    return b.build();
  }

  public static ShowRequest fromProto(io.ollamalan.grpc.v1.ShowRequest p) {
    return ShowRequest.builder()
        .model(requireModel(p.getModel()))
        .verbose(p.hasVerbose() ? p.getVerbose() : null)
        .build();
  }

  public static PullRequest fromProto(io.ollamalan.grpc.v1.PullRequest p) {
    return PullRequest.builder()
        .model(requireModel(p.getModel()))
        .insecure(p.hasInsecure() ? p.getInsecure() : null)
        .build();
  }

  public static PushRequest fromProto(io.ollamalan.grpc.v1.PushRequest p) {
    return PushRequest.builder()
        .model(requireModel(p.getModel()))
        .insecure(p.hasInsecure() ? p.getInsecure() : null)
        .build();
  }

  public static CopyRequest fromProto(io.ollamalan.grpc.v1.CopyRequest p) {
    if (p.getSource().isEmpty() || p.getDestination().isEmpty()) {
      throw new IllegalArgumentException("source and destination: both model names are required");
    }
    return CopyRequest.builder().source(p.getSource()).destination(p.getDestination()).build();
  }

  public static DeleteRequest fromProto(io.ollamalan.grpc.v1.DeleteRequest p) {
    return DeleteRequest.builder().model(requireModel(p.getModel())).build();
  }

  public static CreateRequest fromProto(io.ollamalan.grpc.v1.CreateRequest p) {
    CreateRequest.Builder b = CreateRequest.builder(requireModel(p.getModel()));
    b.from(emptyToNull(p.getFrom()));
    p.getFilesMap().forEach(b::file);
    p.getAdaptersMap().forEach(b::adapter);
    b.template(emptyToNull(p.getTemplate()));
    p.getLicenseList().forEach(b::license);
    b.system(emptyToNull(p.getSystem()));
    if (p.hasParameters()) {
      map(p.getParameters()).forEach(b::parameter);
    }
    p.getMessagesList().forEach(m -> b.message(requestMessage(m)));
    b.quantize(emptyToNull(p.getQuantize()));
    return b.build();
  }

  /** The model name a request must carry, e.g. of a load or unload request. */
  public static String requireModel(@Nullable String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model: required, e.g. \"llama3.2\"");
    }
    return model;
  }

  /**
   * A message a caller sent: the same mapping as a message of an answer, after the checks an answer
   * from a node needs not pass (a role, no empty image, named tool calls).
   */
  private static Message requestMessage(io.ollamalan.grpc.v1.Message p) {
    if (p.getRole().isEmpty()) {
      throw new IllegalArgumentException(
          "messages.role: every message needs a role (system, user, assistant or tool)");
    }
    requireImages(p.getImagesList());
    for (io.ollamalan.grpc.v1.ToolCall c : p.getToolCallsList()) {
      if (c.getFunction().getName().isEmpty()) {
        throw new IllegalArgumentException("tool_calls.function.name: required");
      }
    }
    return fromProto(p);
  }

  public static Tool fromProto(io.ollamalan.grpc.v1.Tool p) {
    io.ollamalan.grpc.v1.Tool.Function f = p.getFunction();
    if (f.getName().isEmpty()) {
      throw new IllegalArgumentException("tools.function.name: required");
    }
    return Tool.builder()
        .type(p.getType().isEmpty() ? Tool.FUNCTION : p.getType())
        .function(
            Tool.Function.builder()
                .name(f.getName())
                .description(emptyToNull(f.getDescription()))
                .parameters(map(f.getParameters()))
                .build())
        .build();
  }

  public static Format fromProto(io.ollamalan.grpc.v1.Format p) {
    switch (p.getKindCase()) {
      case JSON:
        if (!p.getJson()) {
          throw new IllegalArgumentException(
              "format.json: set it to true for JSON mode, or leave format unset for free text");
        }
        return Format.json();
      case SCHEMA:
        return Format.schema(map(p.getSchema()));
      default:
        throw new IllegalArgumentException("format: set json or schema, or leave format unset");
    }
  }

  public static Think fromProto(io.ollamalan.grpc.v1.Think p) {
    switch (p.getKindCase()) {
      case ENABLED:
        return p.getEnabled() ? Think.enabled() : Think.disabled();
      case LEVEL:
        String level = p.getLevel().toLowerCase(Locale.ROOT);
        if (level.equals("true") || level.equals("false")) {
          throw new IllegalArgumentException("think.level: use enabled for true or false");
        }
        return Think.parse(level);
      default:
        throw new IllegalArgumentException("think: set enabled or level, or leave think unset");
    }
  }

  public static KeepAlive fromProto(io.ollamalan.grpc.v1.KeepAlive p) {
    switch (p.getKindCase()) {
      case FOREVER:
        if (!p.getForever()) {
          throw new IllegalArgumentException(
              "keep_alive.forever: set it to true, or give a duration");
        }
        return KeepAlive.forever();
      case DURATION:
        com.google.protobuf.Duration d = p.getDuration();
        if (d.getSeconds() < 0 || d.getNanos() < 0) {
          throw new IllegalArgumentException(
              "keep_alive.duration: must not be negative; use forever to keep the model loaded");
        }
        return KeepAlive.of(Duration.ofSeconds(d.getSeconds(), d.getNanos()));
      default:
        throw new IllegalArgumentException(
            "keep_alive: set duration or forever, or leave keep_alive unset");
    }
  }

  public static Options fromProto(io.ollamalan.grpc.v1.Options p) {
    Options.Builder b = Options.builder();
    if (p.hasNumKeep()) {
      b.numKeep(p.getNumKeep());
    }
    if (p.hasSeed()) {
      b.seed(p.getSeed());
    }
    if (p.hasNumPredict()) {
      b.numPredict(p.getNumPredict());
    }
    if (p.hasTopK()) {
      b.topK(p.getTopK());
    }
    if (p.hasTopP()) {
      b.topP(p.getTopP());
    }
    if (p.hasMinP()) {
      b.minP(p.getMinP());
    }
    if (p.hasTypicalP()) {
      b.typicalP(p.getTypicalP());
    }
    if (p.hasRepeatLastN()) {
      b.repeatLastN(p.getRepeatLastN());
    }
    if (p.hasTemperature()) {
      b.temperature(p.getTemperature());
    }
    if (p.hasRepeatPenalty()) {
      b.repeatPenalty(p.getRepeatPenalty());
    }
    if (p.hasPresencePenalty()) {
      b.presencePenalty(p.getPresencePenalty());
    }
    if (p.hasFrequencyPenalty()) {
      b.frequencyPenalty(p.getFrequencyPenalty());
    }
    if (p.getStopCount() > 0) {
      b.stop(p.getStopList());
    }
    if (p.hasNumCtx()) {
      b.numCtx(p.getNumCtx());
    }
    if (p.hasNumBatch()) {
      b.numBatch(p.getNumBatch());
    }
    if (p.hasNumGpu()) {
      b.numGpu(p.getNumGpu());
    }
    if (p.hasMainGpu()) {
      b.mainGpu(p.getMainGpu());
    }
    if (p.hasUseMmap()) {
      b.useMmap(p.getUseMmap());
    }
    if (p.hasNumThread()) {
      b.numThread(p.getNumThread());
    }
    if (p.hasExtra()) {
      map(p.getExtra()).forEach(b::extra);
    }
    return b.build();
  }

  // Responses: proto -> model (the client's direction)

  public static ChatResponse fromProto(io.ollamalan.grpc.v1.ChatResponse p) {
    io.ollamalan.grpc.v1.Metrics m = p.getMetrics();
    return ChatResponse.builder()
        .model(p.getModel())
        .createdAt(p.hasCreatedAt() ? time(p.getCreatedAt()) : null)
        .message(p.hasMessage() ? fromProto(p.getMessage()) : null)
        .done(p.getDone())
        .doneReason(emptyToNull(p.getDoneReason()))
        .logprobs(logprobs(p.getLogprobsList()))
        .totalDuration(m.getTotalDuration())
        .loadDuration(m.getLoadDuration())
        .promptEvalCount(m.getPromptEvalCount())
        .promptEvalDuration(m.getPromptEvalDuration())
        .evalCount(m.getEvalCount())
        .evalDuration(m.getEvalDuration())
        .debugInfo(p.hasDebugInfo() ? map(p.getDebugInfo()) : null)
        .unknownFields(p.hasUnrecognizedFields() ? map(p.getUnrecognizedFields()) : null)
        .build();
  }

  public static GenerateResponse fromProto(io.ollamalan.grpc.v1.GenerateResponse p) {
    io.ollamalan.grpc.v1.Metrics m = p.getMetrics();
    List<ToolCall> calls = new ArrayList<>(p.getToolCallsCount());
    p.getToolCallsList().forEach(c -> calls.add(fromProto(c)));
    return GenerateResponse.builder()
        .model(p.getModel())
        .createdAt(p.hasCreatedAt() ? time(p.getCreatedAt()) : null)
        .response(p.getResponse())
        .thinking(emptyToNull(p.getThinking()))
        .done(p.getDone())
        .doneReason(emptyToNull(p.getDoneReason()))
        .context(p.getContextCount() == 0 ? null : List.copyOf(p.getContextList()))
        .totalDuration(m.getTotalDuration())
        .loadDuration(m.getLoadDuration())
        .promptEvalCount(m.getPromptEvalCount())
        .promptEvalDuration(m.getPromptEvalDuration())
        .evalCount(m.getEvalCount())
        .evalDuration(m.getEvalDuration())
        .toolCalls(calls)
        .logprobs(logprobs(p.getLogprobsList()))
        .debugInfo(p.hasDebugInfo() ? map(p.getDebugInfo()) : null)
        .unknownFields(p.hasUnrecognizedFields() ? map(p.getUnrecognizedFields()) : null)
        .build();
  }

  public static EmbedResponse fromProto(io.ollamalan.grpc.v1.EmbedResponse p) {
    float[][] vectors = new float[p.getEmbeddingsCount()][];
    for (int i = 0; i < vectors.length; i++) {
      Embedding e = p.getEmbeddings(i);
      float[] v = new float[e.getValuesCount()];
      for (int k = 0; k < v.length; k++) {
        v[k] = e.getValues(k);
      }
      vectors[i] = v;
    }
    return EmbedResponse.builder()
        .model(p.getModel())
        .ownedEmbeddings(vectors)
        .totalDuration(p.getTotalDuration())
        .loadDuration(p.getLoadDuration())
        .promptEvalCount(p.getPromptEvalCount())
        .unknownFields(p.hasUnrecognizedFields() ? map(p.getUnrecognizedFields()) : null)
        .build();
  }

  public static EmbeddingsResponse fromProto(io.ollamalan.grpc.v1.EmbeddingsResponse p) {
    double[] v = new double[p.getEmbeddingCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = p.getEmbedding(i);
    }
    return EmbeddingsResponse.builder()
        .embedding(v)
        .unknownFields(p.hasUnrecognizedFields() ? map(p.getUnrecognizedFields()) : null)
        .build();
  }

  public static TagsResponse fromProto(io.ollamalan.grpc.v1.ListResponse p) {
    List<ModelSummary> models = new ArrayList<>(p.getModelsCount());
    for (io.ollamalan.grpc.v1.ModelSummary s : p.getModelsList()) {
      models.add(
          ModelSummary.builder()
              .name(s.getName())
              .model(s.getModel())
              .modifiedAt(s.hasModifiedAt() ? time(s.getModifiedAt()) : null)
              .size(s.getSize())
              .digest(s.getDigest())
              .details(s.hasDetails() ? fromProto(s.getDetails()) : null)
              .capabilities(List.copyOf(s.getCapabilitiesList()))
              .build());
    }
    return TagsResponse.builder().models(models).build();
  }

  public static ShowResponse fromProto(io.ollamalan.grpc.v1.ShowResponse p) {
    List<Message> messages = new ArrayList<>(p.getMessagesCount());
    p.getMessagesList().forEach(m -> messages.add(fromProto(m)));
    return ShowResponse.builder()
        .license(emptyToNull(p.getLicense()))
        .modelfile(emptyToNull(p.getModelfile()))
        .parameters(emptyToNull(p.getParameters()))
        .template(emptyToNull(p.getTemplate()))
        .system(emptyToNull(p.getSystem()))
        .details(p.hasDetails() ? fromProto(p.getDetails()) : null)
        .messages(messages)
        .modelInfo(p.hasModelInfo() ? map(p.getModelInfo()) : null)
        .projectorInfo(p.hasProjectorInfo() ? map(p.getProjectorInfo()) : null)
        .capabilities(List.copyOf(p.getCapabilitiesList()))
        .modifiedAt(p.hasModifiedAt() ? time(p.getModifiedAt()) : null)
        .unknownFields(p.hasUnrecognizedFields() ? map(p.getUnrecognizedFields()) : null)
        .build();
  }

  public static PsResponse fromProto(io.ollamalan.grpc.v1.PsResponse p) {
    List<RunningModel> models = new ArrayList<>(p.getModelsCount());
    for (io.ollamalan.grpc.v1.RunningModel r : p.getModelsList()) {
      models.add(
          RunningModel.builder()
              .name(r.getName())
              .model(r.getModel())
              .size(r.getSize())
              .digest(r.getDigest())
              .details(r.hasDetails() ? fromProto(r.getDetails()) : null)
              .expiresAt(r.hasExpiresAt() ? time(r.getExpiresAt()) : null)
              .sizeVram(r.getSizeVram())
              .contextLength(r.getContextLength())
              .build());
    }
    return PsResponse.builder().models(models).build();
  }

  public static VersionResponse fromProto(io.ollamalan.grpc.v1.VersionResponse p) {
    return VersionResponse.builder().version(p.getVersion()).build();
  }

  public static ProgressResponse fromProto(io.ollamalan.grpc.v1.ProgressResponse p) {
    return ProgressResponse.builder()
        .status(p.getStatus())
        .digest(emptyToNull(p.getDigest()))
        .total(p.getTotal())
        .completed(p.getCompleted())
        .build();
  }

  public static ModelDetails fromProto(io.ollamalan.grpc.v1.ModelDetails d) {
    return ModelDetails.builder()
        .parentModel(emptyToNull(d.getParentModel()))
        .format(emptyToNull(d.getFormat()))
        .family(emptyToNull(d.getFamily()))
        .families(List.copyOf(d.getFamiliesList()))
        .parameterSize(emptyToNull(d.getParameterSize()))
        .quantizationLevel(emptyToNull(d.getQuantizationLevel()))
        .contextLength(d.hasContextLength() ? d.getContextLength() : null)
        .embeddingLength(d.hasEmbeddingLength() ? d.getEmbeddingLength() : null)
        .build();
  }

  public static Message fromProto(io.ollamalan.grpc.v1.Message p) {
    List<ToolCall> calls = new ArrayList<>(p.getToolCallsCount());
    p.getToolCallsList().forEach(c -> calls.add(fromProto(c)));
    return Message.builder(p.getRole())
        .content(p.getContent())
        .thinking(emptyToNull(p.getThinking()))
        .images(base64(p.getImagesList()))
        .toolCalls(calls)
        .toolName(emptyToNull(p.getToolName()))
        .toolCallId(emptyToNull(p.getToolCallId()))
        .build();
  }

  public static ToolCall fromProto(io.ollamalan.grpc.v1.ToolCall p) {
    io.ollamalan.grpc.v1.ToolCall.Function f = p.getFunction();
    return ToolCall.builder()
        .id(emptyToNull(p.getId()))
        .function(
            ToolCall.Function.builder()
                .index(f.getIndex())
                .name(f.getName())
                .arguments(f.hasArguments() ? map(f.getArguments()) : Map.of())
                .build())
        .build();
  }

  public static FleetSnapshot fromProto(io.ollamalan.grpc.v1.FleetSnapshot p) {
    List<NodeStatus> nodes = new ArrayList<>(p.getNodesCount());
    for (io.ollamalan.grpc.v1.NodeStatus s : p.getNodesList()) {
      List<LoadedModel> loaded = new ArrayList<>(s.getLoadedModelsCount());
      for (io.ollamalan.grpc.v1.LoadedModel m : s.getLoadedModelsList()) {
        loaded.add(
            new LoadedModel(
                m.getName(),
                m.getSize(),
                m.getSizeVram(),
                m.hasExpiresAt() ? time(m.getExpiresAt()) : null,
                m.getContextLength()));
      }
      Node node =
          new Node(
              URI.create(s.getId()),
              s.getWeight() < 1 ? Node.DEFAULT_WEIGHT : s.getWeight(),
              s.getZone(),
              s.getLabelsMap());
      nodes.add(
          new NodeStatus(
              node,
              fromProto(s.getState()),
              // A status without the time it entered its state: the epoch, as "long ago".
              s.hasStateSince() ? instant(s.getStateSince()) : java.time.Instant.EPOCH,
              s.getVersion(),
              java.util.Set.copyOf(s.getInstalledModelsList()),
              loaded,
              s.getInventoryKnown(),
              s.getInFlight(),
              s.getLastError(),
              s.hasLastErrorAt() ? instant(s.getLastErrorAt()) : null,
              s.hasLatency()
                  ? Duration.ofSeconds(s.getLatency().getSeconds(), s.getLatency().getNanos())
                  : Duration.ZERO,
              s.getConsecutiveFailures(),
              s.getBreakerState().isEmpty() ? "UNKNOWN" : s.getBreakerState(),
              s.getConcurrencyLimit()));
    }
    return new FleetSnapshot(
        p.hasTakenAt() ? instant(p.getTakenAt()) : Instant.now(), nodes, p.getQueued());
  }

  public static NodeState fromProto(io.ollamalan.grpc.v1.NodeState s) {
    switch (s) {
      case NODE_STATE_UP:
        return NodeState.UP;
      case NODE_STATE_DEGRADED:
        return NodeState.DEGRADED;
      case NODE_STATE_DOWN:
        return NodeState.DOWN;
      case NODE_STATE_DRAINING:
        return NodeState.DRAINING;
      default:
        return NodeState.UNKNOWN;
    }
  }

  private static List<Logprob> logprobs(List<io.ollamalan.grpc.v1.Logprob> list) {
    List<Logprob> out = new ArrayList<>(list.size());
    for (io.ollamalan.grpc.v1.Logprob l : list) {
      List<Logprob.TopLogprob> top = new ArrayList<>(l.getTopLogprobsCount());
      l.getTopLogprobsList()
          .forEach(t -> top.add(new Logprob.TopLogprob(t.getToken(), t.getLogprob())));
      out.add(
          Logprob.builder().token(l.getToken()).logprob(l.getLogprob()).topLogprobs(top).build());
    }
    return out;
  }

  // Answers: model -> proto (the gateway's direction)

  public static io.ollamalan.grpc.v1.ChatResponse toProto(ChatResponse r) {
    io.ollamalan.grpc.v1.ChatResponse.Builder b =
        io.ollamalan.grpc.v1.ChatResponse.newBuilder()
            .setModel(nz(r.model()))
            .setDone(r.done())
            .setDoneReason(nz(r.doneReason()));
    if (r.createdAt() != null) {
      b.setCreatedAt(timestamp(r.createdAt()));
    }
    if (r.message() != null) {
      b.setMessage(toProto(r.message()));
    }
    r.logprobs().forEach(l -> b.addLogprobs(toProto(l)));
    if (r.done()) {
      b.setMetrics(
          metrics(
              r.totalDuration(),
              r.loadDuration(),
              r.promptEvalCount(),
              r.promptEvalDuration(),
              r.evalCount(),
              r.evalDuration()));
    }
    if (!r.debugInfo().isEmpty()) {
      b.setDebugInfo(struct(r.debugInfo()));
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(struct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.GenerateResponse toProto(GenerateResponse r) {
    io.ollamalan.grpc.v1.GenerateResponse.Builder b =
        io.ollamalan.grpc.v1.GenerateResponse.newBuilder()
            .setModel(nz(r.model()))
            .setResponse(nz(r.response()))
            .setThinking(nz(r.thinking()))
            .setDone(r.done())
            .setDoneReason(nz(r.doneReason()))
            .addAllContext(r.context());
    if (r.createdAt() != null) {
      b.setCreatedAt(timestamp(r.createdAt()));
    }
    r.toolCalls().forEach(c -> b.addToolCalls(toProto(c)));
    r.logprobs().forEach(l -> b.addLogprobs(toProto(l)));
    if (r.done()) {
      b.setMetrics(
          metrics(
              r.totalDuration(),
              r.loadDuration(),
              r.promptEvalCount(),
              r.promptEvalDuration(),
              r.evalCount(),
              r.evalDuration()));
    }
    if (!r.debugInfo().isEmpty()) {
      b.setDebugInfo(struct(r.debugInfo()));
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(struct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.EmbedResponse toProto(EmbedResponse r) {
    io.ollamalan.grpc.v1.EmbedResponse.Builder b =
        io.ollamalan.grpc.v1.EmbedResponse.newBuilder()
            .setModel(nz(r.model()))
            .setTotalDuration(r.totalDuration())
            .setLoadDuration(r.loadDuration())
            .setPromptEvalCount(r.promptEvalCount());
    for (float[] vector : r.embeddings()) {
      Embedding.Builder e = Embedding.newBuilder();
      for (float v : vector) {
        e.addValues(v);
      }
      b.addEmbeddings(e);
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(struct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.EmbeddingsResponse toProto(EmbeddingsResponse r) {
    io.ollamalan.grpc.v1.EmbeddingsResponse.Builder b =
        io.ollamalan.grpc.v1.EmbeddingsResponse.newBuilder();
    for (double v : r.embedding()) {
      b.addEmbedding(v);
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(struct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ListResponse toProto(TagsResponse r) {
    io.ollamalan.grpc.v1.ListResponse.Builder b = io.ollamalan.grpc.v1.ListResponse.newBuilder();
    for (ModelSummary m : r.models()) {
      io.ollamalan.grpc.v1.ModelSummary.Builder s =
          io.ollamalan.grpc.v1.ModelSummary.newBuilder()
              .setName(nz(m.name()))
              .setModel(nz(m.model()))
              .setSize(m.size())
              .setDigest(nz(m.digest()))
              .addAllCapabilities(m.capabilities());
      if (m.modifiedAt() != null) {
        s.setModifiedAt(timestamp(m.modifiedAt()));
      }
      if (m.details() != null) {
        s.setDetails(toProto(m.details()));
      }
      b.addModels(s);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ShowResponse toProto(ShowResponse r) {
    io.ollamalan.grpc.v1.ShowResponse.Builder b =
        io.ollamalan.grpc.v1.ShowResponse.newBuilder()
            .setLicense(nz(r.license()))
            .setModelfile(nz(r.modelfile()))
            .setParameters(nz(r.parameters()))
            .setTemplate(nz(r.template()))
            .setSystem(nz(r.system()))
            .addAllCapabilities(r.capabilities());
    if (r.details() != null) {
      b.setDetails(toProto(r.details()));
    }
    r.messages().forEach(m -> b.addMessages(toProto(m)));
    if (r.modelInfo() != null && !r.modelInfo().isEmpty()) {
      b.setModelInfo(struct(r.modelInfo()));
    }
    if (r.projectorInfo() != null && !r.projectorInfo().isEmpty()) {
      b.setProjectorInfo(struct(r.projectorInfo()));
    }
    if (r.modifiedAt() != null) {
      b.setModifiedAt(timestamp(r.modifiedAt()));
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(struct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.VersionResponse toProto(VersionResponse r) {
    return io.ollamalan.grpc.v1.VersionResponse.newBuilder().setVersion(nz(r.version())).build();
  }

  public static io.ollamalan.grpc.v1.PsResponse toProto(PsResponse r) {
    io.ollamalan.grpc.v1.PsResponse.Builder b = io.ollamalan.grpc.v1.PsResponse.newBuilder();
    for (RunningModel m : r.models()) {
      io.ollamalan.grpc.v1.RunningModel.Builder s =
          io.ollamalan.grpc.v1.RunningModel.newBuilder()
              .setName(nz(m.name()))
              .setModel(nz(m.model()))
              .setSize(m.size())
              .setDigest(nz(m.digest()))
              .setSizeVram(m.sizeVram())
              .setContextLength(m.contextLength());
      if (m.details() != null) {
        s.setDetails(toProto(m.details()));
      }
      if (m.expiresAt() != null) {
        s.setExpiresAt(timestamp(m.expiresAt()));
      }
      b.addModels(s);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ProgressResponse toProto(ProgressResponse r) {
    return io.ollamalan.grpc.v1.ProgressResponse.newBuilder()
        .setStatus(nz(r.status()))
        .setDigest(nz(r.digest()))
        .setTotal(r.total())
        .setCompleted(r.completed())
        .build();
  }

  public static io.ollamalan.grpc.v1.FleetSnapshot toProto(FleetSnapshot s) {
    io.ollamalan.grpc.v1.FleetSnapshot.Builder b =
        io.ollamalan.grpc.v1.FleetSnapshot.newBuilder()
            .setTakenAt(timestamp(s.takenAt()))
            .setQueued(s.queued());
    for (NodeStatus n : s.nodes()) {
      io.ollamalan.grpc.v1.NodeStatus.Builder nb =
          io.ollamalan.grpc.v1.NodeStatus.newBuilder()
              .setId(n.node().id())
              .setWeight(n.node().weight())
              .setZone(nz(n.node().zone()))
              .putAllLabels(n.node().labels())
              .setState(toProto(n.state()))
              .setVersion(nz(n.version()))
              .addAllInstalledModels(n.installedModels())
              .setInventoryKnown(n.inventoryKnown())
              .setInFlight(n.inFlight())
              .setLastError(nz(n.lastError()))
              .setConsecutiveFailures(n.consecutiveFailures())
              .setBreakerState(nz(n.breakerState()))
              .setConcurrencyLimit(n.concurrencyLimit());
      if (n.stateSince() != null) {
        nb.setStateSince(timestamp(n.stateSince()));
      }
      if (n.lastErrorAt() != null) {
        nb.setLastErrorAt(timestamp(n.lastErrorAt()));
      }
      if (n.latency() != null) {
        nb.setLatency(
            com.google.protobuf.Duration.newBuilder()
                .setSeconds(n.latency().getSeconds())
                .setNanos(n.latency().getNano()));
      }
      for (LoadedModel m : n.loadedModels()) {
        io.ollamalan.grpc.v1.LoadedModel.Builder lb =
            io.ollamalan.grpc.v1.LoadedModel.newBuilder()
                .setName(nz(m.name()))
                .setSize(m.size())
                .setSizeVram(m.sizeVram())
                .setContextLength(m.contextLength());
        if (m.expiresAt() != null) {
          lb.setExpiresAt(timestamp(m.expiresAt()));
        }
        nb.addLoadedModels(lb);
      }
      b.addNodes(nb);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.Logprob toProto(Logprob l) {
    io.ollamalan.grpc.v1.Logprob.Builder b =
        io.ollamalan.grpc.v1.Logprob.newBuilder().setToken(nz(l.token())).setLogprob(l.logprob());
    for (Logprob.TopLogprob t : l.topLogprobs()) {
      b.addTopLogprobs(
          io.ollamalan.grpc.v1.Logprob.TopLogprob.newBuilder()
              .setToken(nz(t.token()))
              .setLogprob(t.logprob()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ModelDetails toProto(ModelDetails d) {
    io.ollamalan.grpc.v1.ModelDetails.Builder b =
        io.ollamalan.grpc.v1.ModelDetails.newBuilder()
            .setParentModel(nz(d.parentModel()))
            .setFormat(nz(d.format()))
            .setFamily(nz(d.family()))
            .addAllFamilies(d.families())
            .setParameterSize(nz(d.parameterSize()))
            .setQuantizationLevel(nz(d.quantizationLevel()));
    if (d.contextLength() != null) {
      b.setContextLength(d.contextLength());
    }
    if (d.embeddingLength() != null) {
      b.setEmbeddingLength(d.embeddingLength());
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.NodeState toProto(@Nullable NodeState s) {
    if (s == null) {
      return io.ollamalan.grpc.v1.NodeState.NODE_STATE_UNSPECIFIED;
    }
    switch (s) {
      case UNKNOWN:
        return io.ollamalan.grpc.v1.NodeState.NODE_STATE_UNKNOWN;
      case UP:
        return io.ollamalan.grpc.v1.NodeState.NODE_STATE_UP;
      case DEGRADED:
        return io.ollamalan.grpc.v1.NodeState.NODE_STATE_DEGRADED;
      case DOWN:
        return io.ollamalan.grpc.v1.NodeState.NODE_STATE_DOWN;
      case DRAINING:
        return io.ollamalan.grpc.v1.NodeState.NODE_STATE_DRAINING;
      default:
        return io.ollamalan.grpc.v1.NodeState.NODE_STATE_UNSPECIFIED;
    }
  }

  private static io.ollamalan.grpc.v1.Metrics metrics(
      long total, long load, long promptCount, long promptDuration, long count, long duration) {
    return io.ollamalan.grpc.v1.Metrics.newBuilder()
        .setTotalDuration(total)
        .setLoadDuration(load)
        .setPromptEvalCount(promptCount)
        .setPromptEvalDuration(promptDuration)
        .setEvalCount(count)
        .setEvalDuration(duration)
        .build();
  }

  // Values

  /** A base64 image of the JSON API as raw bytes. */
  static ByteString image(String base64) {
    try {
      return ByteString.copyFrom(Base64.getMimeDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "an image is not valid base64 ("
              + e.getMessage()
              + "): give the image's bytes base64"
              + "-encoded, without a data: URL prefix",
          e);
    }
  }

  private static List<ByteString> requireImages(List<ByteString> images) {
    for (ByteString image : images) {
      if (image.isEmpty()) {
        throw new IllegalArgumentException("images: an image is empty");
      }
    }
    return images;
  }

  private static List<String> base64(List<ByteString> images) {
    List<String> out = new ArrayList<>(images.size());
    images.forEach(i -> out.add(Base64.getEncoder().encodeToString(i.toByteArray())));
    return out;
  }

  public static OffsetDateTime time(Timestamp t) {
    return instant(t).atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  public static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  public static Timestamp timestamp(OffsetDateTime t) {
    return timestamp(t.toInstant());
  }

  /** A JSON object as a Struct. */
  public static Struct struct(Map<String, ?> map) {
    Struct.Builder b = Struct.newBuilder();
    map.forEach((k, v) -> b.putFields(k, value(v)));
    return b.build();
  }

  /** A Struct as the plain Java values the model types use. */
  public static Map<String, Object> map(Struct s) {
    Map<String, Object> m = new LinkedHashMap<>();
    s.getFieldsMap().forEach((k, v) -> m.put(k, javaValue(v)));
    return m;
  }

  static Value value(Object v) {
    if (v == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (v instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    if (v instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
      return Value.newBuilder().setStringValue(v.toString()).build();
    }
    if (v instanceof Map<?, ?> map) {
      Struct.Builder s = Struct.newBuilder();
      map.forEach((k, x) -> s.putFields(String.valueOf(k), value(x)));
      return Value.newBuilder().setStructValue(s).build();
    }
    if (v instanceof Iterable<?> list) {
      ListValue.Builder l = ListValue.newBuilder();
      list.forEach(x -> l.addValues(value(x)));
      return Value.newBuilder().setListValue(l).build();
    }
    throw new IllegalArgumentException(
        "cannot send a value of type "
            + v.getClass().getName()
            + " as JSON: use maps, lists, strings, numbers, booleans or null");
  }

  /**
   * Integral numbers up to 2^53 (the largest a double holds exactly) come back as Long, as from
   * JSON, others as Double: protobuf keeps every number as a double, and Ollama's Go decoder
   * refuses {@code 3.0} for an integer field.
   */
  static @Nullable Object javaValue(Value v) {
    switch (v.getKindCase()) {
      case BOOL_VALUE:
        return v.getBoolValue();
      case NUMBER_VALUE:
        double d = v.getNumberValue();
        if (d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15) {
          return (long) d;
        }
        return d;
      case STRING_VALUE:
        return v.getStringValue();
      case STRUCT_VALUE:
        return map(v.getStructValue());
      case LIST_VALUE:
        List<Object> l = new ArrayList<>(v.getListValue().getValuesCount());
        v.getListValue().getValuesList().forEach(x -> l.add(javaValue(x)));
        return l;
      default:
        return null;
    }
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
