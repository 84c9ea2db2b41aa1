package io.ollamalan.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A request to {@code POST /api/show}. */
public final class ShowRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "verbose", "verbose");

  /**
   * A validated request for {@code model}.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static ShowRequest of(String model) {
    return builder().model(model).build();
  }

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static ShowRequest of(String model, @Nullable Boolean verbose) {
    return builder().model(model).verbose(verbose).build();
  }

  private final String model;
  private final @Nullable Boolean verbose;
  private final Map<String, Object> extraFields;

  private ShowRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.verbose = b.verbose;
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
    b.verbose = verbose;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** The model name. */
  public String model() {
    return model;
  }

  /**
   * Include long arrays (e.g. the tokenizer vocabulary) in {@code model_info}; null means false,
   * which replaces arrays longer than 5 elements with {@code []}.
   */
  public @Nullable Boolean verbose() {
    return verbose;
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
    if (!(o instanceof ShowRequest)) {
      return false;
    }
    ShowRequest that = (ShowRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(verbose, that.verbose)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, verbose, extraFields);
  }

  @Override
  public String toString() {
    return "ShowRequest["
        + "model="
        + model
        + ", verbose="
        + verbose
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link ShowRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable Boolean verbose;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The model name, e.g. {@code "llama3.2"}; required. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Include long arrays in {@code model_info}; Ollama's default false. */
    public Builder verbose(@Nullable Boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("ShowRequest", KNOWN_FIELDS, name);
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
    public ShowRequest build() {
      Requests.requireModel(model);
      return new ShowRequest(this);
    }
  }
}
