package io.ollamalan.internal.json;

import static io.ollamalan.internal.json.JsonIn.any;
import static io.ollamalan.internal.json.JsonIn.bool;
import static io.ollamalan.internal.json.JsonIn.boolOrNull;
import static io.ollamalan.internal.json.JsonIn.doubleOrNull;
import static io.ollamalan.internal.json.JsonIn.doubleValue;
import static io.ollamalan.internal.json.JsonIn.endObject;
import static io.ollamalan.internal.json.JsonIn.intList;
import static io.ollamalan.internal.json.JsonIn.intOrNull;
import static io.ollamalan.internal.json.JsonIn.intValue;
import static io.ollamalan.internal.json.JsonIn.lenientIntOrNull;
import static io.ollamalan.internal.json.JsonIn.longOrNull;
import static io.ollamalan.internal.json.JsonIn.longValue;
import static io.ollamalan.internal.json.JsonIn.mismatch;
import static io.ollamalan.internal.json.JsonIn.nextElement;
import static io.ollamalan.internal.json.JsonIn.object;
import static io.ollamalan.internal.json.JsonIn.startArray;
import static io.ollamalan.internal.json.JsonIn.startObject;
import static io.ollamalan.internal.json.JsonIn.string;
import static io.ollamalan.internal.json.JsonIn.stringList;
import static io.ollamalan.internal.json.JsonIn.stringMap;
import static io.ollamalan.internal.json.JsonIn.timestamp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.CopyRequest;
import io.ollamalan.model.CreateRequest;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.DoneReason;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-written decoders: a token loop per type with a switch on the field name, unknown fields
 * skipped. Chosen over reflective data binding because chat and generate chunks are decoded
 * millions of times per second and these loops allocate little more than the result.
 */
final class Readers {
  private Readers() {}

  /** Decodes one value; the parser is on the value's first token. */
  @FunctionalInterface
  interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  static final Map<Class<?>, Reader<?>> ALL = new LinkedHashMap<>();

  static {
    ALL.put(ChatResponse.class, Readers::chatResponse);
    ALL.put(GenerateResponse.class, Readers::generateResponse);
    ALL.put(EmbedResponse.class, Readers::embedResponse);
    ALL.put(EmbeddingsResponse.class, Readers::embeddingsResponse);
    ALL.put(TagsResponse.class, Readers::tagsResponse);
    ALL.put(PsResponse.class, Readers::psResponse);
    ALL.put(ShowResponse.class, Readers::showResponse);
    ALL.put(VersionResponse.class, Readers::versionResponse);
    ALL.put(ProgressResponse.class, Readers::progressResponse);
    ALL.put(Message.class, Readers::message);
    ALL.put(ToolCall.class, Readers::toolCall);
    ALL.put(Tool.class, Readers::tool);
    ALL.put(Options.class, Readers::options);
    ALL.put(ModelDetails.class, Readers::modelDetails);
    ALL.put(ChatRequest.class, Readers::chatRequest);
    ALL.put(GenerateRequest.class, Readers::generateRequest);
    ALL.put(EmbedRequest.class, Readers::embedRequest);
    ALL.put(EmbeddingsRequest.class, Readers::embeddingsRequest);
    ALL.put(ShowRequest.class, Readers::showRequest);
    ALL.put(PullRequest.class, Readers::pullRequest);
    ALL.put(PushRequest.class, Readers::pushRequest);
    ALL.put(CreateRequest.class, Readers::createRequest);
    ALL.put(CopyRequest.class, Readers::copyRequest);
    ALL.put(DeleteRequest.class, Readers::deleteRequest);
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
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "created_at":
          createdAt = timestamp(p);
          break;
        case "message":
          message = message(p);
          break;
        case "done":
          done = bool(p);
          break;
        case "done_reason":
          doneReason = doneReason(p);
          break;
        case "logprobs":
          logprobs = logprobs(p);
          break;
        case "total_duration":
          totalDuration = longValue(p);
          break;
        case "load_duration":
          loadDuration = longValue(p);
          break;
        case "prompt_eval_count":
          promptEvalCount = longValue(p);
          break;
        case "prompt_eval_duration":
          promptEvalDuration = longValue(p);
          break;
        case "eval_count":
          evalCount = longValue(p);
          break;
        case "eval_duration":
          evalDuration = longValue(p);
          break;
        case "_debug_info":
          debugInfo = object(p);
          break;
        default:
          p.skipChildren();
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
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "created_at":
          createdAt = timestamp(p);
          break;
        case "response":
          response = string(p, "");
          break;
        case "thinking":
          thinking = string(p);
          break;
        case "done":
          done = bool(p);
          break;
        case "done_reason":
          doneReason = doneReason(p);
          break;
        case "context":
          context = intList(p);
          break;
        case "total_duration":
          totalDuration = longValue(p);
          break;
        case "load_duration":
          loadDuration = longValue(p);
          break;
        case "prompt_eval_count":
          promptEvalCount = longValue(p);
          break;
        case "prompt_eval_duration":
          promptEvalDuration = longValue(p);
          break;
        case "eval_count":
          evalCount = longValue(p);
          break;
        case "eval_duration":
          evalDuration = longValue(p);
          break;
        case "tool_calls":
          toolCalls = toolCalls(p);
          break;
        case "logprobs":
          logprobs = logprobs(p);
          break;
        case "_debug_info":
          debugInfo = object(p);
          break;
        default:
          p.skipChildren();
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
        .build();
  }

  private static String doneReason(JsonParser p) throws IOException {
    return string(p, DoneReason.STOP, DoneReason.LENGTH, DoneReason.LOAD, DoneReason.UNLOAD);
  }

  static Message message(JsonParser p) throws IOException {
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
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "role":
          role = role(p);
          break;
        case "content":
          content = string(p, "");
          break;
        case "thinking":
          thinking = string(p);
          break;
        case "images":
          images = stringList(p);
          break;
        case "tool_calls":
          toolCalls = toolCalls(p);
          break;
        case "tool_name":
          toolName = string(p);
          break;
        case "tool_call_id":
          toolCallId = string(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    if (role == null) {
      role = "";
    }
    if (role == Message.ASSISTANT
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
        .build();
  }

  /** The role, lower-cased like Ollama does, sharing the constant strings. */
  private static String role(JsonParser p) throws IOException {
    String r = string(p, Message.ASSISTANT, Message.USER, Message.SYSTEM, Message.TOOL);
    if (r == null) {
      return null;
    }
    switch (r.toLowerCase(Locale.ROOT)) {
      case Message.ASSISTANT:
        return Message.ASSISTANT;
      case Message.USER:
        return Message.USER;
      case Message.SYSTEM:
        return Message.SYSTEM;
      case Message.TOOL:
        return Message.TOOL;
      default:
        return r.toLowerCase(Locale.ROOT);
    }
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
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "id":
          id = string(p);
          break;
        case "function":
          function = toolCallFunction(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    if (function == null) {
      throw mismatch(p, "a tool call with a \"function\"");
    }
    return ToolCall.builder().id(id).function(function).build();
  }

  private static ToolCall.Function toolCallFunction(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a function object");
    }
    int index = 0;
    String name = null;
    Map<String, Object> arguments = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "index":
          index = intValue(p);
          break;
        case "name":
          name = string(p);
          break;
        case "arguments":
          arguments = object(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return ToolCall.Function.builder().index(index).name(name).arguments(arguments).build();
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
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        p.nextToken();
        switch (f) {
          case "token":
            token = string(p);
            break;
          case "logprob":
            logprob = doubleValue(p);
            break;
          case "top_logprobs":
            top = topLogprobs(p);
            break;
          default:
            p.skipChildren();
        }
      }
      endObject(p);
      out.add(Logprob.builder().token(token).logprob(logprob).topLogprobs(top).build());
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
          case "token":
            token = string(p);
            break;
          case "logprob":
            logprob = doubleValue(p);
            break;
          default:
            p.skipChildren();
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
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "embeddings":
          embeddings = vectors(p);
          break;
        case "total_duration":
          totalDuration = longValue(p);
          break;
        case "load_duration":
          loadDuration = longValue(p);
          break;
        case "prompt_eval_count":
          promptEvalCount = longValue(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return EmbedResponse.builder()
        .model(model)
        .ownedEmbeddings(embeddings)
        .totalDuration(totalDuration)
        .loadDuration(loadDuration)
        .promptEvalCount(promptEvalCount)
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

  static EmbeddingsResponse embeddingsResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    double[] embedding = new double[0];
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("embedding")) {
        if (startArray(p)) {
          double[] v = new double[1024];
          int n = 0;
          while (nextElement(p)) {
            JsonToken t = p.currentToken();
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
              throw mismatch(p, "a number");
            }
            if (n == v.length) {
              v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = p.getDoubleValue();
          }
          embedding = Arrays.copyOf(v, n);
        }
      } else {
        p.skipChildren();
      }
    }
    endObject(p);
    return EmbeddingsResponse.builder().embedding(embedding).build();
  }

  // ---- model management ----

  static ModelDetails modelDetails(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    String parentModel = null;
    String format = null;
    String family = null;
    List<String> families = List.of();
    String parameterSize = null;
    String quantizationLevel = null;
    Long contextLength = null;
    Long embeddingLength = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "parent_model":
          parentModel = string(p);
          break;
        case "format":
          format = string(p);
          break;
        case "family":
          family = string(p);
          break;
        case "families":
          families = stringList(p);
          break;
        case "parameter_size":
          parameterSize = string(p);
          break;
        case "quantization_level":
          quantizationLevel = string(p);
          break;
        case "context_length":
          contextLength = longOrNull(p);
          break;
        case "embedding_length":
          embeddingLength = longOrNull(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return ModelDetails.builder()
        .parentModel(parentModel)
        .format(format)
        .family(family)
        .families(families)
        .parameterSize(parameterSize)
        .quantizationLevel(quantizationLevel)
        .contextLength(contextLength)
        .embeddingLength(embeddingLength)
        .build();
  }

  static TagsResponse tagsResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    List<ModelSummary> models = List.of();
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("models") && startArray(p)) {
        models = new ArrayList<>();
        while (nextElement(p)) {
          models.add(modelSummary(p));
        }
      } else {
        p.skipChildren();
      }
    }
    endObject(p);
    return TagsResponse.builder().models(models).build();
  }

  private static ModelSummary modelSummary(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a model object");
    }
    String name = null;
    String model = null;
    OffsetDateTime modifiedAt = null;
    long size = 0;
    String digest = null;
    ModelDetails details = null;
    List<String> capabilities = List.of();
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "name":
          name = string(p);
          break;
        case "model":
          model = string(p);
          break;
        case "modified_at":
          modifiedAt = timestamp(p);
          break;
        case "size":
          size = longValue(p);
          break;
        case "digest":
          digest = string(p);
          break;
        case "details":
          details = modelDetails(p);
          break;
        case "capabilities":
          capabilities = stringList(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return ModelSummary.builder()
        .name(name)
        .model(model)
        .modifiedAt(modifiedAt)
        .size(size)
        .digest(digest)
        .details(details)
        .capabilities(capabilities)
        .build();
  }

  static PsResponse psResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    List<RunningModel> models = List.of();
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("models") && startArray(p)) {
        models = new ArrayList<>();
        while (nextElement(p)) {
          models.add(runningModel(p));
        }
      } else {
        p.skipChildren();
      }
    }
    endObject(p);
    return PsResponse.builder().models(models).build();
  }

  private static RunningModel runningModel(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a model object");
    }
    String name = null;
    String model = null;
    long size = 0;
    String digest = null;
    ModelDetails details = null;
    OffsetDateTime expiresAt = null;
    long sizeVram = 0;
    long contextLength = 0;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "name":
          name = string(p);
          break;
        case "model":
          model = string(p);
          break;
        case "size":
          size = longValue(p);
          break;
        case "digest":
          digest = string(p);
          break;
        case "details":
          details = modelDetails(p);
          break;
        case "expires_at":
          expiresAt = timestamp(p);
          break;
        case "size_vram":
          sizeVram = longValue(p);
          break;
        case "context_length":
          contextLength = longValue(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return RunningModel.builder()
        .name(name)
        .model(model)
        .size(size)
        .digest(digest)
        .details(details)
        .expiresAt(expiresAt)
        .sizeVram(sizeVram)
        .contextLength(contextLength)
        .build();
  }

  static ShowResponse showResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String license = null;
    String modelfile = null;
    String parameters = null;
    String template = null;
    String system = null;
    ModelDetails details = null;
    List<Message> messages = List.of();
    Map<String, Object> modelInfo = null;
    Map<String, Object> projectorInfo = null;
    List<String> capabilities = List.of();
    OffsetDateTime modifiedAt = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "license":
          license =
              p.currentToken() == JsonToken.START_ARRAY
                  ? String.join("\n", stringList(p))
                  : string(p);
          break;
        case "modelfile":
          modelfile = string(p);
          break;
        case "parameters":
          parameters = string(p);
          break;
        case "template":
          template = string(p);
          break;
        case "system":
          system = string(p);
          break;
        case "details":
          details = modelDetails(p);
          break;
        case "messages":
          messages = messages(p);
          break;
        case "model_info":
          modelInfo = object(p);
          break;
        case "projector_info":
          projectorInfo = object(p);
          break;
        case "capabilities":
          capabilities = stringList(p);
          break;
        case "modified_at":
          modifiedAt = timestamp(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return ShowResponse.builder()
        .license(license)
        .modelfile(modelfile)
        .parameters(parameters)
        .template(template)
        .system(system)
        .details(details)
        .messages(messages)
        .modelInfo(modelInfo)
        .projectorInfo(projectorInfo)
        .capabilities(capabilities)
        .modifiedAt(modifiedAt)
        .build();
  }

  static VersionResponse versionResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String version = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("version")) {
        version = string(p);
      } else {
        p.skipChildren();
      }
    }
    endObject(p);
    return VersionResponse.builder().version(version).build();
  }

  static ProgressResponse progressResponse(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String status = null;
    String digest = null;
    long total = 0;
    long completed = 0;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "status":
          status = string(p);
          break;
        case "digest":
          digest = string(p);
          break;
        case "total":
          total = longValue(p);
          break;
        case "completed":
          completed = longValue(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return ProgressResponse.builder()
        .status(status)
        .digest(digest)
        .total(total)
        .completed(completed)
        .build();
  }

  // ---- request parts ----

  static List<Message> messages(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<Message> out = new ArrayList<>();
    while (nextElement(p)) {
      Message m = message(p);
      if (m == null) {
        throw mismatch(p, "a message object");
      }
      out.add(m);
    }
    return out;
  }

  static Tool tool(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a tool object");
    }
    String type = Tool.FUNCTION;
    Tool.Function function = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "type":
          type = string(p);
          break;
        case "function":
          function = toolFunction(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    if (function == null) {
      throw mismatch(p, "a tool with a \"function\"");
    }
    return Tool.builder().type(type == null ? Tool.FUNCTION : type).function(function).build();
  }

  private static Tool.Function toolFunction(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a function object");
    }
    String name = null;
    String description = null;
    Map<String, Object> parameters = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "name":
          name = string(p);
          break;
        case "description":
          description = string(p);
          break;
        case "parameters":
          parameters = object(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return Tool.Function.builder()
        .name(name == null ? "" : name)
        .description(description)
        .parameters(parameters)
        .build();
  }

  private static List<Tool> tools(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<Tool> out = new ArrayList<>();
    while (nextElement(p)) {
      out.add(tool(p));
    }
    return out;
  }

  static Options options(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    Integer numKeep = null;
    Integer seed = null;
    Integer numPredict = null;
    Integer topK = null;
    Double topP = null;
    Double minP = null;
    Double typicalP = null;
    Integer repeatLastN = null;
    Double temperature = null;
    Double repeatPenalty = null;
    Double presencePenalty = null;
    Double frequencyPenalty = null;
    List<String> stop = null;
    Integer numCtx = null;
    Integer numBatch = null;
    Integer numGpu = null;
    Integer mainGpu = null;
    Boolean useMmap = null;
    Integer numThread = null;
    Map<String, Object> extra = new LinkedHashMap<>();
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "num_keep":
          numKeep = lenientIntOrNull(p);
          break;
        case "seed":
          seed = lenientIntOrNull(p);
          break;
        case "num_predict":
          numPredict = lenientIntOrNull(p);
          break;
        case "top_k":
          topK = lenientIntOrNull(p);
          break;
        case "top_p":
          topP = doubleOrNull(p);
          break;
        case "min_p":
          minP = doubleOrNull(p);
          break;
        case "typical_p":
          typicalP = doubleOrNull(p);
          break;
        case "repeat_last_n":
          repeatLastN = lenientIntOrNull(p);
          break;
        case "temperature":
          temperature = doubleOrNull(p);
          break;
        case "repeat_penalty":
          repeatPenalty = doubleOrNull(p);
          break;
        case "presence_penalty":
          presencePenalty = doubleOrNull(p);
          break;
        case "frequency_penalty":
          frequencyPenalty = doubleOrNull(p);
          break;
        case "stop":
          stop = stringList(p);
          break;
        case "num_ctx":
          numCtx = lenientIntOrNull(p);
          break;
        case "num_batch":
          numBatch = lenientIntOrNull(p);
          break;
        case "num_gpu":
          numGpu = lenientIntOrNull(p);
          break;
        case "main_gpu":
          mainGpu = lenientIntOrNull(p);
          break;
        case "use_mmap":
          useMmap = boolOrNull(p);
          break;
        case "num_thread":
          numThread = lenientIntOrNull(p);
          break;
        default:
          extra.put(f, any(p));
      }
    }
    endObject(p);
    Options.Builder b =
        Options.builder()
            .numKeep(numKeep)
            .seed(seed)
            .numPredict(numPredict)
            .topK(topK)
            .topP(topP)
            .minP(minP)
            .typicalP(typicalP)
            .repeatLastN(repeatLastN)
            .temperature(temperature)
            .repeatPenalty(repeatPenalty)
            .presencePenalty(presencePenalty)
            .frequencyPenalty(frequencyPenalty)
            .stop(stop)
            .numCtx(numCtx)
            .numBatch(numBatch)
            .numGpu(numGpu)
            .mainGpu(mainGpu)
            .useMmap(useMmap)
            .numThread(numThread);
    extra.forEach(b::extra);
    return b.build();
  }

  static KeepAlive keepAlive(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        BigDecimal seconds = p.getDecimalValue();
        if (seconds.signum() < 0) {
          return KeepAlive.forever();
        }
        BigDecimal nanos = seconds.movePointRight(9);
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
          return KeepAlive.forever();
        }
        return KeepAlive.of(Duration.ofNanos(nanos.longValue()));
      case VALUE_STRING:
        try {
          return KeepAlive.parse(p.getText());
        } catch (IllegalArgumentException e) {
          throw new JsonIn.Mismatch("invalid keep_alive: " + e.getMessage(), false);
        }
      default:
        throw mismatch(p, "a number of seconds or a duration string");
    }
  }

  static Format format(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if (s.isEmpty() || s.equals("null")) {
        return null;
      }
      if (s.equals("json")) {
        return Format.json();
      }
      String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
      throw new JsonIn.Mismatch(
          "invalid format: \"" + shown + "\"; expected \"json\" or a valid JSON Schema object",
          false);
    }
    if (t == JsonToken.START_OBJECT) {
      return Format.schema(object(p));
    }
    throw mismatch(p, "\"json\" or a JSON schema object");
  }

  static Think think(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_NULL:
        return null;
      case VALUE_TRUE:
        return Think.enabled();
      case VALUE_FALSE:
        return Think.disabled();
      case VALUE_STRING:
        try {
          return Think.parse(p.getText());
        } catch (IllegalArgumentException e) {
          throw new JsonIn.Mismatch(e.getMessage(), false);
        }
      default:
        throw mismatch(p, "a boolean or \"low\", \"medium\", \"high\", \"max\"");
    }
  }

  // ---- requests (as a node or a test sees them; "stream" is read by Json.streamFlag) ----

  static ChatRequest chatRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    List<Message> messages = List.of();
    List<Tool> tools = List.of();
    Format format = null;
    Options options = null;
    KeepAlive keepAlive = null;
    Think think = null;
    Boolean truncate = null;
    Boolean shift = null;
    Boolean logprobs = null;
    Integer topLogprobs = null;
    Boolean debugRenderOnly = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "messages":
          messages = messages(p);
          break;
        case "tools":
          tools = tools(p);
          break;
        case "format":
          format = format(p);
          break;
        case "options":
          options = options(p);
          break;
        case "keep_alive":
          keepAlive = keepAlive(p);
          break;
        case "think":
          think = think(p);
          break;
        case "truncate":
          truncate = boolOrNull(p);
          break;
        case "shift":
          shift = boolOrNull(p);
          break;
        case "logprobs":
          logprobs = boolOrNull(p);
          break;
        case "top_logprobs":
          topLogprobs = intOrNull(p);
          break;
        case "_debug_render_only":
          debugRenderOnly = boolOrNull(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return ChatRequest.builder()
        .model(model)
        .messages(messages)
        .tools(tools)
        .format(format)
        .options(options)
        .keepAlive(keepAlive)
        .think(think)
        .truncate(truncate)
        .shift(shift)
        .logprobs(logprobs)
        .topLogprobs(topLogprobs)
        .debugRenderOnly(debugRenderOnly)
        .build();
  }

  static GenerateRequest generateRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    String prompt = null;
    String suffix = null;
    List<String> images = List.of();
    Format format = null;
    Options options = null;
    String system = null;
    String template = null;
    List<Integer> context = List.of();
    Boolean raw = null;
    KeepAlive keepAlive = null;
    Think think = null;
    Boolean truncate = null;
    Boolean shift = null;
    Boolean logprobs = null;
    Integer topLogprobs = null;
    Boolean debugRenderOnly = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "prompt":
          prompt = string(p);
          break;
        case "suffix":
          suffix = string(p);
          break;
        case "images":
          images = stringList(p);
          break;
        case "format":
          format = format(p);
          break;
        case "options":
          options = options(p);
          break;
        case "system":
          system = string(p);
          break;
        case "template":
          template = string(p);
          break;
        case "context":
          context = intList(p);
          break;
        case "raw":
          raw = boolOrNull(p);
          break;
        case "keep_alive":
          keepAlive = keepAlive(p);
          break;
        case "think":
          think = think(p);
          break;
        case "truncate":
          truncate = boolOrNull(p);
          break;
        case "shift":
          shift = boolOrNull(p);
          break;
        case "logprobs":
          logprobs = boolOrNull(p);
          break;
        case "top_logprobs":
          topLogprobs = intOrNull(p);
          break;
        case "_debug_render_only":
          debugRenderOnly = boolOrNull(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return GenerateRequest.builder()
        .model(model)
        .prompt(prompt)
        .suffix(suffix)
        .images(images)
        .format(format)
        .options(options)
        .system(system)
        .template(template)
        .context(context)
        .raw(raw)
        .keepAlive(keepAlive)
        .think(think)
        .truncate(truncate)
        .shift(shift)
        .logprobs(logprobs)
        .topLogprobs(topLogprobs)
        .debugRenderOnly(debugRenderOnly)
        .build();
  }

  static EmbedRequest embedRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    List<String> input = List.of();
    Boolean truncate = null;
    Integer dimensions = null;
    KeepAlive keepAlive = null;
    Options options = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "input":
          JsonToken t = p.currentToken();
          if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            input = s.isEmpty() ? List.of() : List.of(s);
          } else if (t == JsonToken.START_ARRAY || t == JsonToken.VALUE_NULL) {
            input = stringList(p);
          } else {
            throw mismatch(p, "a string or an array of strings (invalid input type)");
          }
          break;
        case "truncate":
          truncate = boolOrNull(p);
          break;
        case "dimensions":
          dimensions = intOrNull(p);
          break;
        case "keep_alive":
          keepAlive = keepAlive(p);
          break;
        case "options":
          options = options(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return EmbedRequest.builder(model)
        .inputs(input)
        .truncate(truncate)
        .dimensions(dimensions)
        .keepAlive(keepAlive)
        .options(options)
        .build();
  }

  static EmbeddingsRequest embeddingsRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    String prompt = null;
    KeepAlive keepAlive = null;
    Options options = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "prompt":
          prompt = string(p);
          break;
        case "keep_alive":
          keepAlive = keepAlive(p);
          break;
        case "options":
          options = options(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    return EmbeddingsRequest.of(model, prompt, keepAlive, options);
  }

  /** Reads {@code model} (or the deprecated {@code name}) and one optional boolean field. */
  private static Object[] modelAnd(JsonParser p, String boolField) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    String name = null;
    Boolean flag = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("model")) {
        model = string(p);
      } else if (f.equals("name")) {
        name = string(p);
      } else if (f.equals(boolField)) {
        flag = boolOrNull(p);
      } else {
        p.skipChildren();
      }
    }
    endObject(p);
    return new Object[] {model == null || model.isEmpty() ? name : model, flag};
  }

  static ShowRequest showRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, "verbose");
    return ShowRequest.of((String) v[0], (Boolean) v[1]);
  }

  static PullRequest pullRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, "insecure");
    return PullRequest.of((String) v[0]).withInsecure((Boolean) v[1]);
  }

  static PushRequest pushRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, "insecure");
    return PushRequest.of((String) v[0]).withInsecure((Boolean) v[1]);
  }

  static DeleteRequest deleteRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, null);
    return DeleteRequest.of((String) v[0]);
  }

  static CopyRequest copyRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String source = null;
    String destination = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("source")) {
        source = string(p);
      } else if (f.equals("destination")) {
        destination = string(p);
      } else {
        p.skipChildren();
      }
    }
    endObject(p);
    return CopyRequest.of(source, destination);
  }

  static CreateRequest createRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    String from = null;
    Map<String, String> files = Map.of();
    Map<String, String> adapters = Map.of();
    String template = null;
    List<String> license = List.of();
    String system = null;
    Map<String, Object> parameters = null;
    List<Message> messages = List.of();
    String quantize = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      switch (f) {
        case "model":
          model = string(p);
          break;
        case "name":
          if (model == null) {
            model = string(p);
          }
          break;
        case "from":
          from = string(p);
          break;
        case "files":
          files = stringMap(p);
          break;
        case "adapters":
          adapters = stringMap(p);
          break;
        case "template":
          template = string(p);
          break;
        case "license":
          if (p.currentToken() == JsonToken.VALUE_STRING) {
            license = List.of(p.getText());
          } else {
            license = stringList(p);
          }
          break;
        case "system":
          system = string(p);
          break;
        case "parameters":
          parameters = object(p);
          break;
        case "messages":
          messages = messages(p);
          break;
        case "quantize":
          quantize = string(p);
          break;
        default:
          p.skipChildren();
      }
    }
    endObject(p);
    CreateRequest.Builder b =
        CreateRequest.builder(model)
            .from(from)
            .template(template)
            .system(system)
            .quantize(quantize);
    files.forEach(b::file);
    adapters.forEach(b::adapter);
    license.forEach(b::license);
    if (parameters != null) {
      parameters.forEach(b::parameter);
    }
    messages.forEach(b::message);
    return b.build();
  }
}
