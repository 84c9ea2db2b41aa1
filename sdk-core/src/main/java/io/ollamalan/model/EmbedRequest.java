package io.ollamalan.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to {@code POST /api/embed}: one embedding vector per input. On the wire a single
 * non-empty input is sent as a JSON string and anything else as an array; the node treats both
 * alike. No input loads the model.
 */
public final class EmbedRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "input", "input",
          "truncate", "truncate",
          "dimensions", "dimensions",
          "keep_alive", "keepAlive",
          "options", "options");

  private final String model;
  private final List<String> input;
  private final @Nullable Boolean truncate;
  private final @Nullable Integer dimensions;
  private final @Nullable KeepAlive keepAlive;
  private final @Nullable Options options;
  private final Map<String, Object> extraFields;

  private EmbedRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.input = Values.list(b.input, "input");
    this.truncate = b.truncate;
    this.dimensions = b.dimensions;
    this.keepAlive = b.keepAlive;
    this.options = Requests.options(b.options);
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set; {@link Builder#model} must be set before building. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for {@code model}, e.g. {@code "all-minilm"}. */
  public static Builder builder(String model) {
    return new Builder().model(model);
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.input.addAll(input);
    b.truncate = truncate;
    b.dimensions = dimensions;
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

  /** The texts to embed; never null. */
  public List<String> input() {
    return input;
  }

  /**
   * Truncate inputs longer than the context; null means Ollama's default, true. With false an
   * over-long input fails with HTTP 400 {@code the input length exceeds the context length}.
   */
  public @Nullable Boolean truncate() {
    return truncate;
  }

  /**
   * Truncate and re-normalize vectors to this many dimensions; null means the model's full size.
   */
  public @Nullable Integer dimensions() {
    return dimensions;
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
    if (!(o instanceof EmbedRequest)) {
      return false;
    }
    EmbedRequest that = (EmbedRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(input, that.input)
        && Objects.equals(truncate, that.truncate)
        && Objects.equals(dimensions, that.dimensions)
        && Objects.equals(keepAlive, that.keepAlive)
        && Objects.equals(options, that.options)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, input, truncate, dimensions, keepAlive, options, extraFields);
  }

  @Override
  public String toString() {
    return "EmbedRequest["
        + "model="
        + model
        + ", input="
        + input
        + ", truncate="
        + truncate
        + ", dimensions="
        + dimensions
        + ", keepAlive="
        + keepAlive
        + ", options="
        + options
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link EmbedRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private final List<String> input = new ArrayList<>();
    private @Nullable Boolean truncate;
    private @Nullable Integer dimensions;
    private @Nullable KeepAlive keepAlive;
    private @Nullable Options options;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The model name, e.g. {@code "llama3.2"}; required. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Appends one input text. */
    public Builder input(String text) {
      input.add(Objects.requireNonNull(text, "input"));
      return this;
    }

    /** Appends input texts. */
    public Builder inputs(List<String> texts) {
      texts.forEach(this::input);
      return this;
    }

    /** Appends input texts. */
    public Builder inputs(String... texts) {
      return inputs(Arrays.asList(texts));
    }

    /** Truncate over-long inputs; Ollama's default true. */
    public Builder truncate(@Nullable Boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /** Output dimensions; default the model's full size. */
    public Builder dimensions(@Nullable Integer dimensions) {
      this.dimensions = dimensions;
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
      Requests.checkExtraField("EmbedRequest", KNOWN_FIELDS, name);
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
     * @throws IllegalArgumentException if the model is blank or {@code dimensions} is not positive
     */
    public EmbedRequest build() {
      Requests.requireModel(model);
      if (dimensions != null && dimensions <= 0) {
        throw new IllegalArgumentException("dimensions must be positive, was " + dimensions);
      }
      return new EmbedRequest(this);
    }
  }
}
