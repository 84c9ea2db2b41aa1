package io.ollamalan.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to {@code POST /api/create}: make a model from another model or from uploaded blobs.
 * The answer is a sequence of {@link ProgressResponse}s (or the last one when not streaming).
 */
public final class CreateRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "from", "from",
          "files", "files",
          "adapters", "adapters",
          "template", "template",
          "license", "license",
          "system", "system",
          "parameters", "parameters",
          "messages", "messages",
          "quantize", "quantize",
          "stream", null);

  private final String model;
  private final @Nullable String from;
  private final Map<String, String> files;
  private final Map<String, String> adapters;
  private final @Nullable String template;
  private final List<String> license;
  private final @Nullable String system;
  private final Map<String, Object> parameters;
  private final List<Message> messages;
  private final @Nullable String quantize;
  private final Map<String, Object> extraFields;

  private CreateRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.from = b.from;
    this.files = Values.stringMap(b.files, "files");
    this.adapters = Values.stringMap(b.adapters, "adapters");
    this.template = b.template;
    this.license = Values.list(b.license, "license");
    this.system = b.system;
    this.parameters = Values.jsonObject(b.parameters, "parameters");
    this.messages = Values.list(b.messages, "messages");
    this.quantize = b.quantize;
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set; {@link Builder#model} must be set before building. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for a model named {@code model}. */
  public static Builder builder(String model) {
    return new Builder().model(model);
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.from = from;
    b.files.putAll(files);
    b.adapters.putAll(adapters);
    b.template = template;
    b.license.addAll(license);
    b.system = system;
    b.parameters.putAll(parameters);
    b.messages.addAll(messages);
    b.quantize = quantize;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** The new model's name. */
  public String model() {
    return model;
  }

  /** An existing model to start from, or null. */
  public @Nullable String from() {
    return from;
  }

  /**
   * File name to blob digest ({@code "sha256:..."}) of uploaded GGUF or safetensors files; never
   * null.
   */
  public Map<String, String> files() {
    return files;
  }

  /** File name to blob digest of LoRA adapters; never null. */
  public Map<String, String> adapters() {
    return adapters;
  }

  /** The prompt template, or null. */
  public @Nullable String template() {
    return template;
  }

  /** License texts; sent as a string when there is one; never null. */
  public List<String> license() {
    return license;
  }

  /** The system prompt, or null. */
  public @Nullable String system() {
    return system;
  }

  /** Modelfile parameters, e.g. {@code "temperature": 0.7}; never null. */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** MESSAGEs to bake in; never null. */
  public List<Message> messages() {
    return messages;
  }

  /**
   * Quantize a float16/float32 model, e.g. {@code "q4_K_M"}, {@code "q4_K_S"}, {@code "q8_0"}; or
   * null.
   */
  public @Nullable String quantize() {
    return quantize;
  }

  /**
   * Fields this SDK has no typed setter for yet, by wire name, written to the wire as-is after the
   * typed fields, in insertion order (see {@link Builder#extraField}); never null.
   */
  public Map<String, Object> extraFields() {
    return extraFields;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof CreateRequest)) {
      return false;
    }
    CreateRequest that = (CreateRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(from, that.from)
        && Objects.equals(files, that.files)
        && Objects.equals(adapters, that.adapters)
        && Objects.equals(template, that.template)
        && Objects.equals(license, that.license)
        && Objects.equals(system, that.system)
        && Objects.equals(parameters, that.parameters)
        && Objects.equals(messages, that.messages)
        && Objects.equals(quantize, that.quantize)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        model,
        from,
        files,
        adapters,
        template,
        license,
        system,
        parameters,
        messages,
        quantize,
        extraFields);
  }

  @Override
  public String toString() {
    return "CreateRequest["
        + "model="
        + model
        + ", from="
        + from
        + ", files="
        + files
        + ", adapters="
        + adapters
        + ", template="
        + template
        + ", license="
        + license
        + ", system="
        + system
        + ", parameters="
        + parameters
        + ", messages="
        + messages
        + ", quantize="
        + quantize
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link CreateRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String from;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> adapters = new LinkedHashMap<>();
    private @Nullable String template;
    private final List<String> license = new ArrayList<>();
    private @Nullable String system;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private @Nullable String quantize;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The new model's name; required. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** The model to start from. */
    public Builder from(@Nullable String from) {
      this.from = from;
      return this;
    }

    /** Adds an uploaded file: its name and blob digest {@code "sha256:<64 hex>"}. */
    public Builder file(String name, String digest) {
      files.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(digest, "digest"));
      return this;
    }

    /** Adds a LoRA adapter file: its name and blob digest. */
    public Builder adapter(String name, String digest) {
      adapters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(digest, "digest"));
      return this;
    }

    /** The prompt template. */
    public Builder template(@Nullable String template) {
      this.template = template;
      return this;
    }

    /** Adds a license text. */
    public Builder license(String license) {
      this.license.add(Objects.requireNonNull(license, "license"));
      return this;
    }

    /** The system prompt. */
    public Builder system(@Nullable String system) {
      this.system = system;
      return this;
    }

    /** Sets a Modelfile parameter, e.g. {@code parameter("temperature", 0.7)}. */
    public Builder parameter(String name, @Nullable Object value) {
      parameters.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** Adds a MESSAGE. */
    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Quantization type, e.g. {@code "q4_K_M"}. */
    public Builder quantize(@Nullable String quantize) {
      this.quantize = quantize;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("CreateRequest", KNOWN_FIELDS, name);
      if (extraFields == null) {
        extraFields = new LinkedHashMap<>(4);
      }
      extraFields.put(name, value);
      return this;
    }

    /** Replaces all extra fields with {@code fields} (see {@link #extraField}). */
    public Builder extraFields(@Nullable Map<String, ?> fields) {
      extraFields = null;
      if (fields != null) {
        fields.forEach(this::extraField);
      }
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the model is blank or neither {@code from} nor a file is
     *     given (Ollama: {@code neither 'from' or 'files' was specified})
     */
    public CreateRequest build() {
      Requests.requireModel(model);
      if (Values.isBlank(from) && files.isEmpty()) {
        throw new IllegalArgumentException(
            "from or files must be given (neither 'from' or 'files' was specified)");
      }
      return new CreateRequest(this);
    }
  }
}
