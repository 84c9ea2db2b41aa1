package io.ollamalan.gateway.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.NodeStatus;
import io.ollamalan.grpc.v1.Embedding;
import io.ollamalan.grpc.v1.ListResponse;
import io.ollamalan.grpc.v1.NodeState;
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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every conversion between the ollama.api.v1 messages and the SDK's model types, in both directions
 * the gateway needs: requests from proto to model, answers from model to proto. Nothing else in the
 * gateway constructs model objects, so a change of the model API is an edit here.
 *
 * <p>Bad input throws {@link IllegalArgumentException} naming the field, which the services turn
 * into {@code INVALID_ARGUMENT}.
 */
public final class ProtoMapping {

  /** Largest integer a double holds exactly: whole numbers up to it go back to JSON as integers. */
  private static final double MAX_EXACT = 9007199254740992d;

  private ProtoMapping() {}

  // Requests: proto -> model

  /** A chat request for the fleet. */
  public static ChatRequest chatRequest(io.ollamalan.grpc.v1.ChatRequest p) {
    ChatRequest.Builder b = ChatRequest.builder(requireModel(p.getModel()));
    if (p.hasExtraFields()) {
      b.extraFields(structToMap(p.getExtraFields()));
    }
    List<Message> messages = new ArrayList<>(p.getMessagesCount());
    for (io.ollamalan.grpc.v1.Message m : p.getMessagesList()) {
      messages.add(message(m));
    }
    b.messages(messages);
    if (p.getToolsCount() > 0) {
      List<Tool> tools = new ArrayList<>(p.getToolsCount());
      for (io.ollamalan.grpc.v1.Tool t : p.getToolsList()) {
        tools.add(tool(t));
      }
      b.tools(tools);
    }
    if (p.hasFormat()) {
      b.format(format(p.getFormat()));
    }
    if (p.hasOptions()) {
      b.options(options(p.getOptions()));
    }
    if (p.hasKeepAlive()) {
      b.keepAlive(keepAlive(p.getKeepAlive()));
    }
    if (p.hasThink()) {
      b.think(think(p.getThink()));
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

  /** A generate request for the fleet. */
  public static GenerateRequest generateRequest(io.ollamalan.grpc.v1.GenerateRequest p) {
    GenerateRequest.Builder b =
        GenerateRequest.builder(requireModel(p.getModel()))
            .prompt(p.getPrompt())
            .suffix(emptyToNull(p.getSuffix()))
            .system(emptyToNull(p.getSystem()))
            .template(emptyToNull(p.getTemplate()));
    if (p.hasExtraFields()) {
      b.extraFields(structToMap(p.getExtraFields()));
    }
    if (p.getImagesCount() > 0) {
      b.images(base64(p.getImagesList()));
    }
    if (p.getContextCount() > 0) {
      b.context(p.getContextList());
    }
    if (p.hasFormat()) {
      b.format(format(p.getFormat()));
    }
    if (p.hasOptions()) {
      b.options(options(p.getOptions()));
    }
    if (p.hasRaw()) {
      b.raw(p.getRaw());
    }
    if (p.hasKeepAlive()) {
      b.keepAlive(keepAlive(p.getKeepAlive()));
    }
    if (p.hasThink()) {
      b.think(think(p.getThink()));
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

  /** An embed request for the fleet. */
  public static EmbedRequest embedRequest(io.ollamalan.grpc.v1.EmbedRequest p) {
    if (p.getInputCount() == 0) {
      throw new IllegalArgumentException("input: give at least one text to embed");
    }
    EmbedRequest.Builder b = EmbedRequest.builder(requireModel(p.getModel()));
    if (p.hasExtraFields()) {
      b.extraFields(structToMap(p.getExtraFields()));
    }
    b.inputs(p.getInputList());
    if (p.hasTruncate()) {
      b.truncate(p.getTruncate());
    }
    if (p.hasDimensions()) {
      b.dimensions(p.getDimensions());
    }
    if (p.hasKeepAlive()) {
      b.keepAlive(keepAlive(p.getKeepAlive()));
    }
    if (p.hasOptions()) {
      b.options(options(p.getOptions()));
    }
    return b.build();
  }

  /** A legacy embeddings request for the fleet. */
  public static EmbeddingsRequest embeddingsRequest(io.ollamalan.grpc.v1.EmbeddingsRequest p) {
    EmbeddingsRequest.Builder b =
        EmbeddingsRequest.builder().model(requireModel(p.getModel())).prompt(p.getPrompt());
    if (p.hasKeepAlive()) {
      b.keepAlive(keepAlive(p.getKeepAlive()));
    }
    if (p.hasOptions()) {
      b.options(options(p.getOptions()));
    }
    if (p.hasExtraFields()) {
      b.extraFields(structToMap(p.getExtraFields()));
    }
    return b.build();
  }

  public static ShowRequest showRequest(io.ollamalan.grpc.v1.ShowRequest p) {
    return ShowRequest.builder()
        .model(requireModel(p.getModel()))
        .verbose(p.hasVerbose() ? p.getVerbose() : null)
        .build();
  }

  public static PullRequest pullRequest(io.ollamalan.grpc.v1.PullRequest p) {
    return PullRequest.builder()
        .model(requireModel(p.getModel()))
        .insecure(p.hasInsecure() ? p.getInsecure() : null)
        .build();
  }

  public static PushRequest pushRequest(io.ollamalan.grpc.v1.PushRequest p) {
    return PushRequest.builder()
        .model(requireModel(p.getModel()))
        .insecure(p.hasInsecure() ? p.getInsecure() : null)
        .build();
  }

  public static CopyRequest copyRequest(io.ollamalan.grpc.v1.CopyRequest p) {
    if (p.getSource().isEmpty() || p.getDestination().isEmpty()) {
      throw new IllegalArgumentException("source and destination: both model names are required");
    }
    return CopyRequest.builder().source(p.getSource()).destination(p.getDestination()).build();
  }

  public static DeleteRequest deleteRequest(io.ollamalan.grpc.v1.DeleteRequest p) {
    return DeleteRequest.builder().model(requireModel(p.getModel())).build();
  }

  public static CreateRequest createRequest(io.ollamalan.grpc.v1.CreateRequest p) {
    CreateRequest.Builder b = CreateRequest.builder(requireModel(p.getModel()));
    b.from(emptyToNull(p.getFrom()));
    p.getFilesMap().forEach(b::file);
    p.getAdaptersMap().forEach(b::adapter);
    b.template(emptyToNull(p.getTemplate()));
    for (String license : p.getLicenseList()) {
      b.license(license);
    }
    b.system(emptyToNull(p.getSystem()));
    if (p.hasParameters()) {
      structToMap(p.getParameters()).forEach(b::parameter);
    }
    for (io.ollamalan.grpc.v1.Message m : p.getMessagesList()) {
      b.message(message(m));
    }
    b.quantize(emptyToNull(p.getQuantize()));
    return b.build();
  }

  /** The model name of a load or unload request. */
  public static String modelName(String model) {
    return requireModel(model);
  }

  static Message message(io.ollamalan.grpc.v1.Message p) {
    if (p.getRole().isEmpty()) {
      throw new IllegalArgumentException(
          "messages.role: every message needs a role (system, user, assistant or tool)");
    }
    Message.Builder b =
        Message.builder(p.getRole())
            .content(p.getContent())
            .thinking(emptyToNull(p.getThinking()))
            .toolName(emptyToNull(p.getToolName()))
            .toolCallId(emptyToNull(p.getToolCallId()));
    if (p.getImagesCount() > 0) {
      b.images(base64(p.getImagesList()));
    }
    if (p.getToolCallsCount() > 0) {
      List<ToolCall> calls = new ArrayList<>(p.getToolCallsCount());
      for (io.ollamalan.grpc.v1.ToolCall c : p.getToolCallsList()) {
        calls.add(toolCall(c));
      }
      b.toolCalls(calls);
    }
    return b.build();
  }

  static ToolCall toolCall(io.ollamalan.grpc.v1.ToolCall p) {
    io.ollamalan.grpc.v1.ToolCall.Function f = p.getFunction();
    if (f.getName().isEmpty()) {
      throw new IllegalArgumentException("tool_calls.function.name: required");
    }
    return ToolCall.builder()
        .id(emptyToNull(p.getId()))
        .function(
            ToolCall.Function.builder()
                .index(f.getIndex())
                .name(f.getName())
                .arguments(structToMap(f.getArguments()))
                .build())
        .build();
  }

  static Tool tool(io.ollamalan.grpc.v1.Tool p) {
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
                .parameters(structToMap(f.getParameters()))
                .build())
        .build();
  }

  static Format format(io.ollamalan.grpc.v1.Format p) {
    switch (p.getKindCase()) {
      case JSON:
        if (!p.getJson()) {
          throw new IllegalArgumentException(
              "format.json: set it to true for JSON mode, or leave format unset for free text");
        }
        return Format.json();
      case SCHEMA:
        return Format.schema(structToMap(p.getSchema()));
      default:
        throw new IllegalArgumentException("format: set json or schema, or leave format unset");
    }
  }

  static Think think(io.ollamalan.grpc.v1.Think p) {
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

  static KeepAlive keepAlive(io.ollamalan.grpc.v1.KeepAlive p) {
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

  static Options options(io.ollamalan.grpc.v1.Options p) {
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
      structToMap(p.getExtra()).forEach(b::extra);
    }
    return b.build();
  }

  // Answers: model -> proto

  public static io.ollamalan.grpc.v1.ChatResponse chatResponse(ChatResponse r) {
    io.ollamalan.grpc.v1.ChatResponse.Builder b =
        io.ollamalan.grpc.v1.ChatResponse.newBuilder()
            .setModel(nullToEmpty(r.model()))
            .setDone(r.done())
            .setDoneReason(nullToEmpty(r.doneReason()));
    if (r.createdAt() != null) {
      b.setCreatedAt(timestamp(r.createdAt()));
    }
    if (r.message() != null) {
      b.setMessage(message(r.message()));
    }
    for (Logprob l : r.logprobs()) {
      b.addLogprobs(logprob(l));
    }
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
      b.setDebugInfo(mapToStruct(r.debugInfo()));
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(mapToStruct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.GenerateResponse generateResponse(GenerateResponse r) {
    io.ollamalan.grpc.v1.GenerateResponse.Builder b =
        io.ollamalan.grpc.v1.GenerateResponse.newBuilder()
            .setModel(nullToEmpty(r.model()))
            .setResponse(nullToEmpty(r.response()))
            .setThinking(nullToEmpty(r.thinking()))
            .setDone(r.done())
            .setDoneReason(nullToEmpty(r.doneReason()))
            .addAllContext(r.context());
    if (r.createdAt() != null) {
      b.setCreatedAt(timestamp(r.createdAt()));
    }
    for (ToolCall c : r.toolCalls()) {
      b.addToolCalls(toolCall(c));
    }
    for (Logprob l : r.logprobs()) {
      b.addLogprobs(logprob(l));
    }
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
      b.setDebugInfo(mapToStruct(r.debugInfo()));
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(mapToStruct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.EmbedResponse embedResponse(EmbedResponse r) {
    io.ollamalan.grpc.v1.EmbedResponse.Builder b =
        io.ollamalan.grpc.v1.EmbedResponse.newBuilder()
            .setModel(nullToEmpty(r.model()))
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
      b.setUnrecognizedFields(mapToStruct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.EmbeddingsResponse embeddingsResponse(EmbeddingsResponse r) {
    io.ollamalan.grpc.v1.EmbeddingsResponse.Builder b =
        io.ollamalan.grpc.v1.EmbeddingsResponse.newBuilder();
    for (double v : r.embedding()) {
      b.addEmbedding(v);
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(mapToStruct(r.unknownFields()));
    }
    return b.build();
  }

  public static ListResponse listResponse(TagsResponse r) {
    ListResponse.Builder b = ListResponse.newBuilder();
    for (ModelSummary m : r.models()) {
      io.ollamalan.grpc.v1.ModelSummary.Builder s =
          io.ollamalan.grpc.v1.ModelSummary.newBuilder()
              .setName(nullToEmpty(m.name()))
              .setModel(nullToEmpty(m.model()))
              .setSize(m.size())
              .setDigest(nullToEmpty(m.digest()))
              .addAllCapabilities(m.capabilities());
      if (m.modifiedAt() != null) {
        s.setModifiedAt(timestamp(m.modifiedAt()));
      }
      if (m.details() != null) {
        s.setDetails(details(m.details()));
      }
      b.addModels(s);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ShowResponse showResponse(ShowResponse r) {
    io.ollamalan.grpc.v1.ShowResponse.Builder b =
        io.ollamalan.grpc.v1.ShowResponse.newBuilder()
            .setLicense(nullToEmpty(r.license()))
            .setModelfile(nullToEmpty(r.modelfile()))
            .setParameters(nullToEmpty(r.parameters()))
            .setTemplate(nullToEmpty(r.template()))
            .setSystem(nullToEmpty(r.system()))
            .addAllCapabilities(r.capabilities());
    if (r.details() != null) {
      b.setDetails(details(r.details()));
    }
    for (Message m : r.messages()) {
      b.addMessages(message(m));
    }
    if (r.modelInfo() != null && !r.modelInfo().isEmpty()) {
      b.setModelInfo(mapToStruct(r.modelInfo()));
    }
    if (r.projectorInfo() != null && !r.projectorInfo().isEmpty()) {
      b.setProjectorInfo(mapToStruct(r.projectorInfo()));
    }
    if (r.modifiedAt() != null) {
      b.setModifiedAt(timestamp(r.modifiedAt()));
    }
    if (!r.unknownFields().isEmpty()) {
      b.setUnrecognizedFields(mapToStruct(r.unknownFields()));
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.VersionResponse versionResponse(VersionResponse r) {
    return io.ollamalan.grpc.v1.VersionResponse.newBuilder()
        .setVersion(nullToEmpty(r.version()))
        .build();
  }

  public static io.ollamalan.grpc.v1.PsResponse psResponse(PsResponse r) {
    io.ollamalan.grpc.v1.PsResponse.Builder b = io.ollamalan.grpc.v1.PsResponse.newBuilder();
    for (RunningModel m : r.models()) {
      io.ollamalan.grpc.v1.RunningModel.Builder s =
          io.ollamalan.grpc.v1.RunningModel.newBuilder()
              .setName(nullToEmpty(m.name()))
              .setModel(nullToEmpty(m.model()))
              .setSize(m.size())
              .setDigest(nullToEmpty(m.digest()))
              .setSizeVram(m.sizeVram())
              .setContextLength(m.contextLength());
      if (m.details() != null) {
        s.setDetails(details(m.details()));
      }
      if (m.expiresAt() != null) {
        s.setExpiresAt(timestamp(m.expiresAt()));
      }
      b.addModels(s);
    }
    return b.build();
  }

  public static io.ollamalan.grpc.v1.ProgressResponse progress(ProgressResponse r) {
    return io.ollamalan.grpc.v1.ProgressResponse.newBuilder()
        .setStatus(nullToEmpty(r.status()))
        .setDigest(nullToEmpty(r.digest()))
        .setTotal(r.total())
        .setCompleted(r.completed())
        .build();
  }

  public static io.ollamalan.grpc.v1.FleetSnapshot fleet(FleetSnapshot s) {
    io.ollamalan.grpc.v1.FleetSnapshot.Builder b =
        io.ollamalan.grpc.v1.FleetSnapshot.newBuilder()
            .setTakenAt(timestamp(s.takenAt()))
            .setQueued(s.queued());
    for (NodeStatus n : s.nodes()) {
      io.ollamalan.grpc.v1.NodeStatus.Builder nb =
          io.ollamalan.grpc.v1.NodeStatus.newBuilder()
              .setId(n.node().id())
              .setWeight(n.node().weight())
              .setZone(nullToEmpty(n.node().zone()))
              .putAllLabels(n.node().labels())
              .setState(nodeState(n.state()))
              .setVersion(nullToEmpty(n.version()))
              .addAllInstalledModels(n.installedModels())
              .setInventoryKnown(n.inventoryKnown())
              .setInFlight(n.inFlight())
              .setLastError(nullToEmpty(n.lastError()))
              .setConsecutiveFailures(n.consecutiveFailures())
              .setBreakerState(nullToEmpty(n.breakerState()))
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
                .setName(nullToEmpty(m.name()))
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

  static io.ollamalan.grpc.v1.Message message(Message m) {
    io.ollamalan.grpc.v1.Message.Builder b =
        io.ollamalan.grpc.v1.Message.newBuilder()
            .setRole(nullToEmpty(m.role()))
            .setContent(nullToEmpty(m.content()))
            .setThinking(nullToEmpty(m.thinking()))
            .setToolName(nullToEmpty(m.toolName()))
            .setToolCallId(nullToEmpty(m.toolCallId()));
    for (String image : m.images()) {
      b.addImages(ByteString.copyFrom(Base64.getDecoder().decode(image)));
    }
    for (ToolCall c : m.toolCalls()) {
      b.addToolCalls(toolCall(c));
    }
    return b.build();
  }

  static io.ollamalan.grpc.v1.ToolCall toolCall(ToolCall c) {
    return io.ollamalan.grpc.v1.ToolCall.newBuilder()
        .setId(nullToEmpty(c.id()))
        .setFunction(
            io.ollamalan.grpc.v1.ToolCall.Function.newBuilder()
                .setIndex(c.function().index())
                .setName(c.function().name())
                .setArguments(mapToStruct(c.function().arguments())))
        .build();
  }

  static io.ollamalan.grpc.v1.Logprob logprob(Logprob l) {
    io.ollamalan.grpc.v1.Logprob.Builder b =
        io.ollamalan.grpc.v1.Logprob.newBuilder()
            .setToken(nullToEmpty(l.token()))
            .setLogprob(l.logprob());
    for (Logprob.TopLogprob t : l.topLogprobs()) {
      b.addTopLogprobs(
          io.ollamalan.grpc.v1.Logprob.TopLogprob.newBuilder()
              .setToken(nullToEmpty(t.token()))
              .setLogprob(t.logprob()));
    }
    return b.build();
  }

  static io.ollamalan.grpc.v1.ModelDetails details(ModelDetails d) {
    io.ollamalan.grpc.v1.ModelDetails.Builder b =
        io.ollamalan.grpc.v1.ModelDetails.newBuilder()
            .setParentModel(nullToEmpty(d.parentModel()))
            .setFormat(nullToEmpty(d.format()))
            .setFamily(nullToEmpty(d.family()))
            .addAllFamilies(d.families())
            .setParameterSize(nullToEmpty(d.parameterSize()))
            .setQuantizationLevel(nullToEmpty(d.quantizationLevel()));
    if (d.contextLength() != null) {
      b.setContextLength(d.contextLength());
    }
    if (d.embeddingLength() != null) {
      b.setEmbeddingLength(d.embeddingLength());
    }
    return b.build();
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

  static NodeState nodeState(io.ollamalan.NodeState s) {
    if (s == null) {
      return NodeState.NODE_STATE_UNSPECIFIED;
    }
    switch (s) {
      case UNKNOWN:
        return NodeState.NODE_STATE_UNKNOWN;
      case UP:
        return NodeState.NODE_STATE_UP;
      case DEGRADED:
        return NodeState.NODE_STATE_DEGRADED;
      case DOWN:
        return NodeState.NODE_STATE_DOWN;
      case DRAINING:
        return NodeState.NODE_STATE_DRAINING;
      default:
        return NodeState.NODE_STATE_UNSPECIFIED;
    }
  }

  // JSON values

  /**
   * A Struct as plain Java values. Whole numbers come back as {@link Long} because protobuf keeps
   * every number as a double and Ollama's Go decoder refuses {@code 3.0} for an integer field.
   */
  public static Map<String, Object> structToMap(Struct s) {
    Map<String, Object> out = new LinkedHashMap<>();
    s.getFieldsMap().forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  private static @Nullable Object value(Value v) {
    switch (v.getKindCase()) {
      case NULL_VALUE:
      case KIND_NOT_SET:
        return null;
      case BOOL_VALUE:
        return v.getBoolValue();
      case NUMBER_VALUE:
        double d = v.getNumberValue();
        if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
          return (long) d;
        }
        return d;
      case STRING_VALUE:
        return v.getStringValue();
      case STRUCT_VALUE:
        return structToMap(v.getStructValue());
      case LIST_VALUE:
        List<Object> list = new ArrayList<>(v.getListValue().getValuesCount());
        for (Value e : v.getListValue().getValuesList()) {
          list.add(value(e));
        }
        return list;
      default:
        throw new IllegalArgumentException("Unsupported JSON value: " + v.getKindCase());
    }
  }

  /** Plain Java JSON values (maps, lists, strings, numbers, booleans, null) as a Struct. */
  public static Struct mapToStruct(Map<String, ?> map) {
    Struct.Builder b = Struct.newBuilder();
    map.forEach((k, v) -> b.putFields(k, toValue(v)));
    return b.build();
  }

  private static Value toValue(Object o) {
    Value.Builder b = Value.newBuilder();
    if (o == null) {
      return b.setNullValue(NullValue.NULL_VALUE).build();
    }
    if (o instanceof Boolean) {
      return b.setBoolValue((Boolean) o).build();
    }
    if (o instanceof Number) {
      return b.setNumberValue(((Number) o).doubleValue()).build();
    }
    if (o instanceof CharSequence) {
      return b.setStringValue(o.toString()).build();
    }
    if (o instanceof Map) {
      Struct.Builder s = Struct.newBuilder();
      ((Map<?, ?>) o).forEach((k, v) -> s.putFields(String.valueOf(k), toValue(v)));
      return b.setStructValue(s).build();
    }
    if (o instanceof Iterable) {
      ListValue.Builder l = ListValue.newBuilder();
      for (Object e : (Iterable<?>) o) {
        l.addValues(toValue(e));
      }
      return b.setListValue(l).build();
    }
    return b.setStringValue(o.toString()).build();
  }

  // Small helpers

  private static String requireModel(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model: required, e.g. \"llama3.2\"");
    }
    return model;
  }

  private static List<String> base64(List<ByteString> images) {
    List<String> out = new ArrayList<>(images.size());
    for (ByteString image : images) {
      if (image.isEmpty()) {
        throw new IllegalArgumentException("images: an image is empty");
      }
      out.add(Base64.getEncoder().encodeToString(image.toByteArray()));
    }
    return out;
  }

  private static Timestamp timestamp(OffsetDateTime t) {
    return timestamp(t.toInstant());
  }

  private static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private static String nullToEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
