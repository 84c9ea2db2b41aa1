package io.ollamalan.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The response of {@code GET /api/tags}. */
public final class TagsResponse {
  private final List<ModelSummary> models;
  private final Map<String, Object> unknownFields;

  private TagsResponse(Builder b) {
    this.models = Values.list(b.models, "models");
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this response's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.models = models;
    b.unknownFields = unknownFields;
    return b;
  }

  /** Local models, most recently modified first; never null. */
  public List<ModelSummary> models() {
    return models;
  }

  /**
   * The fields of the JSON object that this SDK does not know (for example ones a newer Ollama
   * added), by wire name in the order received, as plain Java values: String, Boolean,
   * Long/Integer/BigInteger, Double, List, Map or null. Empty when every field was recognised;
   * never null.
   */
  public Map<String, Object> unknownFields() {
    return unknownFields;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof TagsResponse)) {
      return false;
    }
    TagsResponse that = (TagsResponse) o;
    return Objects.equals(models, that.models) && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(models, unknownFields);
  }

  @Override
  public String toString() {
    return "TagsResponse["
        + "models="
        + models
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link TagsResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable List<ModelSummary> models = List.of();
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link TagsResponse#models()}. */
    public Builder models(@Nullable List<ModelSummary> models) {
      this.models = models;
      return this;
    }

    /**
     * Sets {@link TagsResponse#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public TagsResponse build() {
      return new TagsResponse(this);
    }
  }
}
