package io.ollamalan.spring.ai;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.embedding.EmbeddingOptions;

/**
 * Options of {@link OllamaLanEmbeddingModel}. A {@code null} option is not sent and the node uses
 * its default. Immutable; build one with {@link #builder()}.
 */
public final class OllamaLanEmbeddingOptions implements EmbeddingOptions {

  private final @Nullable String model;
  private final @Nullable Integer dimensions;
  private final @Nullable Boolean truncate;
  private final @Nullable String keepAlive;

  private OllamaLanEmbeddingOptions(Builder b) {
    this.model = b.model;
    this.dimensions = b.dimensions;
    this.truncate = b.truncate;
    this.keepAlive = b.keepAlive;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return builder().model(model).dimensions(dimensions).truncate(truncate).keepAlive(keepAlive);
  }

  @Override
  public @Nullable String getModel() {
    return model;
  }

  /** Dimensions the vectors are truncated to; the model's own when null. */
  @Override
  public @Nullable Integer getDimensions() {
    return dimensions;
  }

  /** Whether inputs longer than the context are truncated instead of failing. */
  public @Nullable Boolean getTruncate() {
    return truncate;
  }

  /** How long the node keeps the model loaded, a Go duration such as {@code 10m}. */
  public @Nullable String getKeepAlive() {
    return keepAlive;
  }

  /** These options overlaid with the non-null ones of {@code other}. */
  OllamaLanEmbeddingOptions overlaidWith(@Nullable EmbeddingOptions other) {
    if (other == null) {
      return this;
    }
    Builder b = toBuilder();
    if (other.getModel() != null) {
      b.model(other.getModel());
    }
    if (other.getDimensions() != null) {
      b.dimensions(other.getDimensions());
    }
    if (other instanceof OllamaLanEmbeddingOptions o) {
      if (o.truncate != null) {
        b.truncate(o.truncate);
      }
      if (o.keepAlive != null) {
        b.keepAlive(o.keepAlive);
      }
    }
    return b.build();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof OllamaLanEmbeddingOptions o
        && Objects.equals(model, o.model)
        && Objects.equals(dimensions, o.dimensions)
        && Objects.equals(truncate, o.truncate)
        && Objects.equals(keepAlive, o.keepAlive);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, dimensions, truncate, keepAlive);
  }

  @Override
  public String toString() {
    return "OllamaLanEmbeddingOptions{model=" + model + ", dimensions=" + dimensions + "}";
  }

  /** Builds {@link OllamaLanEmbeddingOptions}. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable Integer dimensions;
    private @Nullable Boolean truncate;
    private @Nullable String keepAlive;

    private Builder() {}

    /** The embedding model, e.g. {@code nomic-embed-text}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Dimensions the vectors are truncated to. */
    public Builder dimensions(@Nullable Integer dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** Whether over-long inputs are truncated. */
    public Builder truncate(@Nullable Boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /** Keep-alive as a Go duration, e.g. {@code 10m}. */
    public Builder keepAlive(@Nullable String keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    public OllamaLanEmbeddingOptions build() {
      return new OllamaLanEmbeddingOptions(this);
    }
  }
}
