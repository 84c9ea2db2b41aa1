package io.ollamalan.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What a model is built from ({@code details} in tags, ps and show). */
public final class ModelDetails {
  private final @Nullable String parentModel;
  private final @Nullable String format;
  private final @Nullable String family;
  private final List<String> families;
  private final @Nullable String parameterSize;
  private final @Nullable String quantizationLevel;
  private final @Nullable Long contextLength;
  private final @Nullable Long embeddingLength;
  private final Map<String, Object> unknownFields;

  private ModelDetails(Builder b) {
    this.parentModel = b.parentModel;
    this.format = b.format;
    this.family = b.family;
    this.families = Values.list(b.families, "families");
    this.parameterSize = b.parameterSize;
    this.quantizationLevel = b.quantizationLevel;
    this.contextLength = b.contextLength;
    this.embeddingLength = b.embeddingLength;
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this details's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.parentModel = parentModel;
    b.format = format;
    b.family = family;
    b.families = families;
    b.parameterSize = parameterSize;
    b.quantizationLevel = quantizationLevel;
    b.contextLength = contextLength;
    b.embeddingLength = embeddingLength;
    b.unknownFields = unknownFields;
    return b;
  }

  /** The model it was created from, often {@code ""}; null when absent. */
  public @Nullable String parentModel() {
    return parentModel;
  }

  /** The file format, e.g. {@code "gguf"}; null when absent. */
  public @Nullable String format() {
    return format;
  }

  /** The architecture family, e.g. {@code "llama"}; null when absent. */
  public @Nullable String family() {
    return family;
  }

  /** All families; never null. */
  public List<String> families() {
    return families;
  }

  /** E.g. {@code "3.2B"}; null when absent. */
  public @Nullable String parameterSize() {
    return parameterSize;
  }

  /** E.g. {@code "Q4_K_M"}; null when absent. */
  public @Nullable String quantizationLevel() {
    return quantizationLevel;
  }

  /** The model's trained context length in tokens, or null (Ollama v0.30+). */
  public @Nullable Long contextLength() {
    return contextLength;
  }

  /** The embedding size, or null (Ollama v0.30+). */
  public @Nullable Long embeddingLength() {
    return embeddingLength;
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
    if (!(o instanceof ModelDetails)) {
      return false;
    }
    ModelDetails that = (ModelDetails) o;
    return Objects.equals(parentModel, that.parentModel)
        && Objects.equals(format, that.format)
        && Objects.equals(family, that.family)
        && Objects.equals(families, that.families)
        && Objects.equals(parameterSize, that.parameterSize)
        && Objects.equals(quantizationLevel, that.quantizationLevel)
        && Objects.equals(contextLength, that.contextLength)
        && Objects.equals(embeddingLength, that.embeddingLength)
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        parentModel,
        format,
        family,
        families,
        parameterSize,
        quantizationLevel,
        contextLength,
        embeddingLength,
        unknownFields);
  }

  @Override
  public String toString() {
    return "ModelDetails["
        + "parentModel="
        + parentModel
        + ", format="
        + format
        + ", family="
        + family
        + ", families="
        + families
        + ", parameterSize="
        + parameterSize
        + ", quantizationLevel="
        + quantizationLevel
        + ", contextLength="
        + contextLength
        + ", embeddingLength="
        + embeddingLength
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link ModelDetails}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String parentModel;
    private @Nullable String format;
    private @Nullable String family;
    private @Nullable List<String> families = List.of();
    private @Nullable String parameterSize;
    private @Nullable String quantizationLevel;
    private @Nullable Long contextLength;
    private @Nullable Long embeddingLength;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link ModelDetails#parentModel()}. */
    public Builder parentModel(@Nullable String parentModel) {
      this.parentModel = parentModel;
      return this;
    }

    /** Sets {@link ModelDetails#format()}. */
    public Builder format(@Nullable String format) {
      this.format = format;
      return this;
    }

    /** Sets {@link ModelDetails#family()}. */
    public Builder family(@Nullable String family) {
      this.family = family;
      return this;
    }

    /** Sets {@link ModelDetails#families()}. */
    public Builder families(@Nullable List<String> families) {
      this.families = families;
      return this;
    }

    /** Sets {@link ModelDetails#parameterSize()}. */
    public Builder parameterSize(@Nullable String parameterSize) {
      this.parameterSize = parameterSize;
      return this;
    }

    /** Sets {@link ModelDetails#quantizationLevel()}. */
    public Builder quantizationLevel(@Nullable String quantizationLevel) {
      this.quantizationLevel = quantizationLevel;
      return this;
    }

    /** Sets {@link ModelDetails#contextLength()}. */
    public Builder contextLength(@Nullable Long contextLength) {
      this.contextLength = contextLength;
      return this;
    }

    /** Sets {@link ModelDetails#embeddingLength()}. */
    public Builder embeddingLength(@Nullable Long embeddingLength) {
      this.embeddingLength = embeddingLength;
      return this;
    }

    /**
     * Sets {@link ModelDetails#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public ModelDetails build() {
      return new ModelDetails(this);
    }
  }
}
