package io.ollamalan.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to {@code POST /api/copy}: copy a model under a new name. Success is HTTP 200 with an
 * empty body.
 */
public final class CopyRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "source", "source",
          "destination", "destination");

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if either name is blank
   */
  public static CopyRequest of(String source, String destination) {
    return builder().source(source).destination(destination).build();
  }

  private final String source;
  private final String destination;
  private final Map<String, Object> extraFields;

  private CopyRequest(Builder b) {
    this.source = Objects.requireNonNull(b.source, "source");
    this.destination = Objects.requireNonNull(b.destination, "destination");
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.source = source;
    b.destination = destination;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** The existing model. */
  public String source() {
    return source;
  }

  /** The new name. */
  public String destination() {
    return destination;
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
    if (!(o instanceof CopyRequest)) {
      return false;
    }
    CopyRequest that = (CopyRequest) o;
    return Objects.equals(source, that.source)
        && Objects.equals(destination, that.destination)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, destination, extraFields);
  }

  @Override
  public String toString() {
    return "CopyRequest["
        + "source="
        + source
        + ", destination="
        + destination
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link CopyRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String source;
    private @Nullable String destination;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The existing model; required. */
    public Builder source(@Nullable String source) {
      this.source = source;
      return this;
    }

    /** The new name; required. */
    public Builder destination(@Nullable String destination) {
      this.destination = destination;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("CopyRequest", KNOWN_FIELDS, name);
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
     * @throws IllegalArgumentException if either name is blank
     */
    public CopyRequest build() {
      if (Values.isBlank(source)) {
        throw new IllegalArgumentException(
            "source must not be blank: pass the existing model name");
      }
      if (Values.isBlank(destination)) {
        throw new IllegalArgumentException(
            "destination must not be blank: pass the new model name");
      }
      return new CopyRequest(this);
    }
  }
}
