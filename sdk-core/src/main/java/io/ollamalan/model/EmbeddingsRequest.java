package io.ollamalan.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to the legacy {@code POST /api/embeddings}: one unnormalized float64 vector for one
 * prompt. Prefer {@link EmbedRequest}.
 */
public final class EmbeddingsRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "prompt", "prompt",
          "keep_alive", "keepAlive",
          "options", "options");

  /**
   * A validated request for {@code model} and {@code prompt}.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static EmbeddingsRequest of(String model, @Nullable String prompt) {
    return builder().model(model).prompt(prompt).build();
  }

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static EmbeddingsRequest of(
      String model,
      @Nullable String prompt,
      @Nullable KeepAlive keepAlive,
      @Nullable Options options) {
    return builder().model(model).prompt(prompt).keepAlive(keepAlive).options(options).build();
  }

  private final String model;
  private final @Nullable String prompt;
  private final @Nullable KeepAlive keepAlive;
  private final @Nullable Options options;
  private final Map<String, Object> extraFields;

  private EmbeddingsRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.prompt = b.prompt;
    this.keepAlive = b.keepAlive;
    this.options = Requests.options(b.options);
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.prompt = prompt;
    b.keepAlive = keepAlive;
    b.options = options;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** The embedding model, e.g. {@code "all-minilm"}. */
  public String model() {
    return model;
  }

  /** The text to embed; null or empty loads the model only. */
  public @Nullable String prompt() {
    return prompt;
  }

  /** How long to keep the model loaded afterwards, or null for the node's setting. */
  public @Nullable KeepAlive keepAlive() {
    return keepAlive;
  }

  /** Modelfile parameters, or null. */
  public @Nullable Options options() {
    return options;
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
    if (!(o instanceof EmbeddingsRequest)) {
      return false;
    }
    EmbeddingsRequest that = (EmbeddingsRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(prompt, that.prompt)
        && Objects.equals(keepAlive, that.keepAlive)
        && Objects.equals(options, that.options)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, prompt, keepAlive, options, extraFields);
  }

  @Override
  public String toString() {
    return "EmbeddingsRequest["
        + "model="
        + model
        + ", prompt="
        + prompt
        + ", keepAlive="
        + keepAlive
        + ", options="
        + options
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link EmbeddingsRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String prompt;
    private @Nullable KeepAlive keepAlive;
    private @Nullable Options options;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The model name, e.g. {@code "llama3.2"}; required. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** The text to embed; default none (load only). */
    public Builder prompt(@Nullable String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Keep-alive; default the node's {@code OLLAMA_KEEP_ALIVE} (5m). */
    public Builder keepAlive(@Nullable KeepAlive keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Modelfile parameters; default the model's. */
    public Builder options(@Nullable Options options) {
      this.options = options;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("EmbeddingsRequest", KNOWN_FIELDS, name);
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
     * @throws IllegalArgumentException if the model is blank
     */
    public EmbeddingsRequest build() {
      Requests.requireModel(model);
      return new EmbeddingsRequest(this);
    }
  }
}
