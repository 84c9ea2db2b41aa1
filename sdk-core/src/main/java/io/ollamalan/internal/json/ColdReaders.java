package io.ollamalan.internal.json;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ollamalan.model.EmbeddingsResponse;
import io.ollamalan.model.Message;
import io.ollamalan.model.ModelDetails;
import io.ollamalan.model.ModelSummary;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PsResponse;
import io.ollamalan.model.RunningModel;
import io.ollamalan.model.ShowResponse;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.VersionResponse;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Decoders of the responses that are read a few times per operation (tags, ps, show, version,
 * progress, legacy embeddings): Jackson data binding into internal mirror classes, then the model's
 * builders. Only chat and generate chunks, messages and embed vectors, which are read per token or
 * per vector, keep the hand-written loops of {@link Readers}. The mirror classes keep Jackson off
 * the public types; their names follow the wire through the snake-case naming strategy.
 */
final class ColdReaders {
  private ColdReaders() {}

  private static ObjectMapper mapper(JsonFactory factory) {
    SimpleModule module = new SimpleModule("ollama-wire");
    module.addDeserializer(OffsetDateTime.class, new Timestamp());
    module.addDeserializer(Message.class, new HotMessage());
    return JsonMapper.builder(factory)
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .disable(MapperFeature.AUTO_DETECT_GETTERS)
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .addModule(module)
        .build();
  }

  private static final ObjectMapper MAPPER = mapper(Json.FACTORY);

  /** Registers the cold types' readers. */
  static void register(Map<Class<?>, Readers.Reader<?>> into) {
    into.put(TagsResponse.class, reader(Tags.class, Tags::toModel));
    into.put(PsResponse.class, reader(Ps.class, Ps::toModel));
    into.put(ShowResponse.class, reader(Show.class, Show::toModel));
    into.put(VersionResponse.class, reader(Version.class, Version::toModel));
    into.put(ProgressResponse.class, reader(Progress.class, Progress::toModel));
    into.put(EmbeddingsResponse.class, reader(Embeddings.class, Embeddings::toModel));
    into.put(ModelDetails.class, reader(Details.class, Details::toModel));
  }

  private static <D, T> Readers.Reader<T> reader(Class<D> mirror, Function<D, T> toModel) {
    return p -> {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw JsonIn.mismatch(p, "an object");
      }
      try {
        return toModel.apply(MAPPER.readValue(p, mirror));
      } catch (DatabindException e) {
        throw mismatch(e, p);
      }
    };
  }

  /**
   * A data-binding failure in the terms the hand-written readers use. The parser is still on the
   * offending token, so {@link Json} reports its path and the bytes around it.
   */
  private static JsonIn.Mismatch mismatch(DatabindException e, JsonParser p) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof JsonIn.Mismatch m) {
        return m;
      }
    }
    JsonToken t = p.currentToken();
    if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
      return new JsonIn.Mismatch(
          "expected "
              + expected(mie.getTargetType())
              + (t == null ? " but the input ended" : " but found " + JsonIn.describe(t)),
          t == null);
    }
    return new JsonIn.Mismatch(e.getOriginalMessage(), t == null);
  }

  private static String expected(Class<?> type) {
    if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type.isArray() || List.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  /** RFC 3339 timestamps as Ollama writes them (Go's {@code time.Time}). */
  private static final class Timestamp extends StdDeserializer<OffsetDateTime> {
    private static final long serialVersionUID = 1L;

    Timestamp() {
      super(OffsetDateTime.class);
    }

    @Override
    public @Nullable OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return JsonIn.timestamp(p);
    }
  }

  /** Messages (in show) decode with the same loop as chat messages. */
  private static final class HotMessage extends StdDeserializer<Message> {
    private static final long serialVersionUID = 1L;

    HotMessage() {
      super(Message.class);
    }

    @Override
    public @Nullable Message deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return Readers.message(p);
    }
  }

  /** Collects the fields no mirror property takes, in arrival order. */
  abstract static class Open {
    @Nullable Map<String, Object> unknown;

    @JsonAnySetter
    void unknown(String name, Object value) {
      if (unknown == null) {
        unknown = new LinkedHashMap<>(4);
      }
      unknown.put(name, value);
    }
  }

  static final class Details extends Open {
    public @Nullable String parentModel;
    public @Nullable String format;
    public @Nullable String family;
    public @Nullable List<String> families;
    public @Nullable String parameterSize;
    public @Nullable String quantizationLevel;
    public @Nullable Long contextLength;
    public @Nullable Long embeddingLength;

    ModelDetails toModel() {
      return ModelDetails.builder()
          .parentModel(parentModel)
          .format(format)
          .family(family)
          .families(families)
          .parameterSize(parameterSize)
          .quantizationLevel(quantizationLevel)
          .contextLength(contextLength)
          .embeddingLength(embeddingLength)
          .unknownFields(unknown)
          .build();
    }
  }

  static @Nullable ModelDetails details(@Nullable Details d) {
    return d == null ? null : d.toModel();
  }

  static final class Summary extends Open {
    public @Nullable String name;
    public @Nullable String model;
    public @Nullable OffsetDateTime modifiedAt;
    public long size;
    public @Nullable String digest;
    public @Nullable Details details;
    public @Nullable List<String> capabilities;

    ModelSummary toModel() {
      return ModelSummary.builder()
          .name(name)
          .model(model)
          .modifiedAt(modifiedAt)
          .size(size)
          .digest(digest)
          .details(details(details))
          .capabilities(capabilities)
          .unknownFields(unknown)
          .build();
    }
  }

  static final class Tags extends Open {
    public @Nullable List<Summary> models;

    TagsResponse toModel() {
      List<ModelSummary> out = new ArrayList<>(models == null ? 0 : models.size());
      if (models != null) {
        for (Summary s : models) {
          out.add(s.toModel());
        }
      }
      return TagsResponse.builder().models(out).unknownFields(unknown).build();
    }
  }

  static final class Running extends Open {
    public @Nullable String name;
    public @Nullable String model;
    public long size;
    public @Nullable String digest;
    public @Nullable Details details;
    public @Nullable OffsetDateTime expiresAt;
    public long sizeVram;
    public long contextLength;

    RunningModel toModel() {
      return RunningModel.builder()
          .name(name)
          .model(model)
          .size(size)
          .digest(digest)
          .details(details(details))
          .expiresAt(expiresAt)
          .sizeVram(sizeVram)
          .contextLength(contextLength)
          .unknownFields(unknown)
          .build();
    }
  }

  static final class Ps extends Open {
    public @Nullable List<Running> models;

    PsResponse toModel() {
      List<RunningModel> out = new ArrayList<>(models == null ? 0 : models.size());
      if (models != null) {
        for (Running r : models) {
          out.add(r.toModel());
        }
      }
      return PsResponse.builder().models(out).unknownFields(unknown).build();
    }
  }

  static final class Show extends Open {
    /** A string, or (from some servers) an array of license texts. */
    public @Nullable Object license;

    public @Nullable String modelfile;
    public @Nullable String parameters;
    public @Nullable String template;
    public @Nullable String system;
    public @Nullable Details details;
    public @Nullable List<Message> messages;
    public @Nullable Map<String, Object> modelInfo;
    public @Nullable Map<String, Object> projectorInfo;
    public @Nullable List<String> capabilities;
    public @Nullable OffsetDateTime modifiedAt;

    ShowResponse toModel() {
      String text;
      if (license instanceof List) {
        List<String> parts = new ArrayList<>();
        for (Object o : (List<?>) license) {
          parts.add(String.valueOf(o));
        }
        text = String.join("\n", parts);
      } else {
        text = license == null ? null : String.valueOf(license);
      }
      return ShowResponse.builder()
          .license(text)
          .modelfile(modelfile)
          .parameters(parameters)
          .template(template)
          .system(system)
          .details(details(details))
          .messages(messages)
          .modelInfo(modelInfo)
          .projectorInfo(projectorInfo)
          .capabilities(capabilities)
          .modifiedAt(modifiedAt)
          .unknownFields(unknown)
          .build();
    }
  }

  static final class Version extends Open {
    public @Nullable String version;

    VersionResponse toModel() {
      return VersionResponse.builder().version(version).unknownFields(unknown).build();
    }
  }

  static final class Progress extends Open {
    public @Nullable String status;
    public @Nullable String digest;
    public long total;
    public long completed;

    ProgressResponse toModel() {
      return ProgressResponse.builder()
          .status(status)
          .digest(digest)
          .total(total)
          .completed(completed)
          .unknownFields(unknown)
          .build();
    }
  }

  static final class Embeddings extends Open {
    public double @Nullable [] embedding;

    EmbeddingsResponse toModel() {
      return EmbeddingsResponse.builder().embedding(embedding).unknownFields(unknown).build();
    }
  }
}
