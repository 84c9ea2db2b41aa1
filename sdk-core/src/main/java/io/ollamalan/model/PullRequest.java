package io.ollamalan.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to {@code POST /api/pull}: download a model from a registry. The answer is a sequence
 * of {@link ProgressResponse}s (or the last one when not streaming).
 */
public final class PullRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "insecure", "insecure",
          "stream", null);

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static PullRequest of(String model) {
    return builder().model(model).build();
  }

  /** This request with {@code insecure} set. */
  public PullRequest withInsecure(@Nullable Boolean insecure) {
    return toBuilder().insecure(insecure).build();
  }

  private final String model;
  private final @Nullable Boolean insecure;
  private final Map<String, Object> extraFields;

  private PullRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.insecure = b.insecure;
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
    b.insecure = insecure;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** The model name, e.g. {@code "llama3.2"} or {@code "llama3.2:3b"}. */
  public String model() {
    return model;
  }

  /** Allow an insecure (HTTP or self-signed) registry; null means false. */
  public @Nullable Boolean insecure() {
    return insecure;
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
    if (!(o instanceof PullRequest)) {
      return false;
    }
    PullRequest that = (PullRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(insecure, that.insecure)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, insecure, extraFields);
  }

  @Override
  public String toString() {
    return "PullRequest["
        + "model="
        + model
        + ", insecure="
        + insecure
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link PullRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable Boolean insecure;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The model name, e.g. {@code "llama3.2"}; required. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Allow an insecure (HTTP or self-signed) registry; Ollama's default false. */
    public Builder insecure(@Nullable Boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("PullRequest", KNOWN_FIELDS, name);
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
    public PullRequest build() {
      Requests.requireModel(model);
      return new PullRequest(this);
    }
  }
}
