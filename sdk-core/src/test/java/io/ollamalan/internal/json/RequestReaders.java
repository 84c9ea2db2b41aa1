package io.ollamalan.internal.json;

import static io.ollamalan.internal.json.JsonIn.any;
import static io.ollamalan.internal.json.JsonIn.boolOrNull;
import static io.ollamalan.internal.json.JsonIn.doubleOrNull;
import static io.ollamalan.internal.json.JsonIn.endObject;
import static io.ollamalan.internal.json.JsonIn.intList;
import static io.ollamalan.internal.json.JsonIn.intOrNull;
import static io.ollamalan.internal.json.JsonIn.lenientIntOrNull;
import static io.ollamalan.internal.json.JsonIn.mismatch;
import static io.ollamalan.internal.json.JsonIn.nextElement;
import static io.ollamalan.internal.json.JsonIn.object;
import static io.ollamalan.internal.json.JsonIn.startArray;
import static io.ollamalan.internal.json.JsonIn.startObject;
import static io.ollamalan.internal.json.JsonIn.string;
import static io.ollamalan.internal.json.JsonIn.stringList;
import static io.ollamalan.internal.json.JsonIn.stringMap;
import static io.ollamalan.internal.json.JsonIn.unknown;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoders of the requests, as a node or a test sees them ({@code stream} is read by {@link
 * Json#streamFlag}); the SDK itself only writes requests. {@link #install()} makes {@link
 * Json#read} decode them.
 */
final class RequestReaders {
  private RequestReaders() {}

  /** Registers the request decoders with {@link Json}; idempotent. */
  static void install() {
    Readers.ALL.put(ChatRequest.class, RequestReaders::chatRequest);
    Readers.ALL.put(GenerateRequest.class, RequestReaders::generateRequest);
    Readers.ALL.put(EmbedRequest.class, RequestReaders::embedRequest);
    Readers.ALL.put(EmbeddingsRequest.class, RequestReaders::embeddingsRequest);
    Readers.ALL.put(ShowRequest.class, RequestReaders::showRequest);
    Readers.ALL.put(PullRequest.class, RequestReaders::pullRequest);
    Readers.ALL.put(PushRequest.class, RequestReaders::pushRequest);
    Readers.ALL.put(CreateRequest.class, RequestReaders::createRequest);
    Readers.ALL.put(CopyRequest.class, RequestReaders::copyRequest);
    Readers.ALL.put(DeleteRequest.class, RequestReaders::deleteRequest);
    Readers.ALL.put(Tool.class, RequestReaders::tool);
    Readers.ALL.put(Options.class, RequestReaders::options);
  }

  static List<Message> messages(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<Message> out = new ArrayList<>();
    while (nextElement(p)) {
      Message m = Readers.message(p);
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
    Map<String, Object> unknown = null;
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
          unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    if (function == null) {
      throw mismatch(p, "a tool with a \"function\"");
    }
    return Tool.builder()
        .type(type == null ? Tool.FUNCTION : type)
        .function(function)
        .extraFields(unknown)
        .build();
  }

  private static Tool.Function toolFunction(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "a function object");
    }
    String name = null;
    String description = null;
    Map<String, Object> parameters = null;
    Map<String, Object> unknown = null;
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
          unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return Tool.Function.builder()
        .name(name == null ? "" : name)
        .description(description)
        .parameters(parameters)
        .extraFields(unknown)
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
    Map<String, Object> unknown = null;
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
        case "stream":
          p.skipChildren();
          break;
        default:
          unknown = unknown(unknown, f, p);
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
        .extraFields(unknown)
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
    Map<String, Object> unknown = null;
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
        case "stream":
          p.skipChildren();
          break;
        default:
          unknown = unknown(unknown, f, p);
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
        .extraFields(unknown)
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
    Map<String, Object> unknown = null;
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
          unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return EmbedRequest.builder(model)
        .inputs(input)
        .truncate(truncate)
        .dimensions(dimensions)
        .keepAlive(keepAlive)
        .options(options)
        .extraFields(unknown)
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
    Map<String, Object> unknown = null;
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
          unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return EmbeddingsRequest.builder()
        .model(model)
        .prompt(prompt)
        .keepAlive(keepAlive)
        .options(options)
        .extraFields(unknown)
        .build();
  }

  private static Object[] modelAnd(JsonParser p, String boolField) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String model = null;
    String name = null;
    Boolean flag = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("model")) {
        model = string(p);
      } else if (f.equals("name")) {
        name = string(p);
      } else if (f.equals(boolField)) {
        flag = boolOrNull(p);
      } else if (f.equals("stream")) {
        p.skipChildren();
      } else {
        unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return new Object[] {model == null || model.isEmpty() ? name : model, flag, unknown};
  }

  static ShowRequest showRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, "verbose");
    return ShowRequest.builder()
        .model((String) v[0])
        .verbose((Boolean) v[1])
        .extraFields(extra(v))
        .build();
  }

  static PullRequest pullRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, "insecure");
    return PullRequest.builder()
        .model((String) v[0])
        .insecure((Boolean) v[1])
        .extraFields(extra(v))
        .build();
  }

  static PushRequest pushRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, "insecure");
    return PushRequest.builder()
        .model((String) v[0])
        .insecure((Boolean) v[1])
        .extraFields(extra(v))
        .build();
  }

  static DeleteRequest deleteRequest(JsonParser p) throws IOException {
    Object[] v = modelAnd(p, null);
    return DeleteRequest.builder().model((String) v[0]).extraFields(extra(v)).build();
  }

  private static Map<String, Object> extra(Object[] v) {
    return (Map<String, Object>) v[2];
  }

  static CopyRequest copyRequest(JsonParser p) throws IOException {
    if (!startObject(p)) {
      throw mismatch(p, "an object");
    }
    String source = null;
    String destination = null;
    Map<String, Object> unknown = null;
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (f.equals("source")) {
        source = string(p);
      } else if (f.equals("destination")) {
        destination = string(p);
      } else {
        unknown = unknown(unknown, f, p);
      }
    }
    endObject(p);
    return CopyRequest.builder()
        .source(source)
        .destination(destination)
        .extraFields(unknown)
        .build();
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
    Map<String, Object> unknown = null;
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
        case "stream":
          p.skipChildren();
          break;
        default:
          unknown = unknown(unknown, f, p);
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
    return b.extraFields(unknown).build();
  }
}
