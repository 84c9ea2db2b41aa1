package io.ollamalan.model;

import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The response of the legacy {@code POST /api/embeddings}: one vector, not normalized. */
public final class EmbeddingsResponse {
  private final double[] embedding;
  private final Map<String, Object> unknownFields;

  private EmbeddingsResponse(Builder b) {
    this.embedding = b.embedding == null ? new double[0] : b.embedding.clone();
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this response's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.embedding = embedding;
    b.unknownFields = unknownFields;
    return b;
  }

  /**
   * The vector, copied on construction and returned without copying: <b>callers must not modify
   * it</b>; empty when the prompt was empty; never null.
   */
  public double[] embedding() {
    return embedding;
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
    return o instanceof EmbeddingsResponse
        && Arrays.equals(embedding, ((EmbeddingsResponse) o).embedding)
        && unknownFields.equals(((EmbeddingsResponse) o).unknownFields);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(embedding) + unknownFields.hashCode();
  }

  @Override
  public String toString() {
    return "EmbeddingsResponse[embedding="
        + embedding.length
        + " values"
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link EmbeddingsResponse}. Not thread-safe. */
  public static final class Builder {
    private double @Nullable [] embedding;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link EmbeddingsResponse#embedding()}; copied on build. */
    public Builder embedding(double @Nullable [] embedding) {
      this.embedding = embedding;
      return this;
    }

    /**
     * Sets {@link EmbeddingsResponse#unknownFields()}, e.g. for a fake that answers like a newer
     * node; deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public EmbeddingsResponse build() {
      return new EmbeddingsResponse(this);
    }
  }
}
