package io.ollamalan.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The response of {@code POST /api/embed}: L2-normalized float32 vectors, one per input, in input
 * order.
 *
 * <p>The arrays are copied on construction and {@link #embeddings()} returns them without copying
 * so that large batches are not duplicated: <b>callers must not modify the returned arrays</b>; use
 * {@link #embedding(int)} for a private copy.
 */
public final class EmbedResponse {
  private final @Nullable String model;
  private final List<float[]> embeddings;
  private final long totalDuration;
  private final long loadDuration;
  private final long promptEvalCount;
  private final Map<String, Object> unknownFields;

  private EmbedResponse(Builder b) {
    this.model = b.model;
    this.embeddings = b.owned != null ? new Owned(b.owned) : copy(b.embeddings);
    this.totalDuration = b.totalDuration;
    this.loadDuration = b.loadDuration;
    this.promptEvalCount = b.promptEvalCount;
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with every field empty or zero, e.g. for fakes and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this response's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.embeddings = embeddings;
    b.totalDuration = totalDuration;
    b.loadDuration = loadDuration;
    b.promptEvalCount = promptEvalCount;
    b.unknownFields = unknownFields;
    return b;
  }

  /** An immutable list over arrays this class owns. */
  private static final class Owned extends AbstractList<float[]> implements RandomAccess {
    private final float[][] vectors;

    Owned(float[][] vectors) {
      for (float[] v : vectors) {
        Objects.requireNonNull(v, "vectors must not contain null");
      }
      this.vectors = vectors;
    }

    @Override
    public float[] get(int index) {
      return vectors[index];
    }

    @Override
    public int size() {
      return vectors.length;
    }
  }

  private static List<float[]> copy(@Nullable List<float[]> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    List<float[]> out = new ArrayList<>(in.size());
    for (float[] v : in) {
      out.add(Objects.requireNonNull(v, "embeddings must not contain null").clone());
    }
    return Collections.unmodifiableList(out);
  }

  /** The model name as requested, or null when absent. */
  public @Nullable String model() {
    return model;
  }

  /**
   * The vectors, returned without copying (do not modify them); empty when the request had no input
   * (load only); never null.
   */
  public List<float[]> embeddings() {
    return embeddings;
  }

  /** Nanoseconds from receiving the request to answering; 0 when absent. */
  public long totalDuration() {
    return totalDuration;
  }

  /** Nanoseconds spent scheduling and loading the model; 0 when absent. */
  public long loadDuration() {
    return loadDuration;
  }

  /** Tokens over all inputs; 0 when absent. */
  public long promptEvalCount() {
    return promptEvalCount;
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

  /** A copy of vector {@code i}. */
  public float[] embedding(int i) {
    return embeddings.get(i).clone();
  }

  /** The dimension of the vectors, or 0 when there are none. */
  public int dimensions() {
    return embeddings.isEmpty() ? 0 : embeddings.get(0).length;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof EmbedResponse)) {
      return false;
    }
    EmbedResponse that = (EmbedResponse) o;
    if (totalDuration != that.totalDuration
        || loadDuration != that.loadDuration
        || promptEvalCount != that.promptEvalCount
        || !Objects.equals(model, that.model)
        || !unknownFields.equals(that.unknownFields)
        || embeddings.size() != that.embeddings.size()) {
      return false;
    }
    for (int i = 0; i < embeddings.size(); i++) {
      if (!Arrays.equals(embeddings.get(i), that.embeddings.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(model, totalDuration, loadDuration, promptEvalCount, unknownFields);
    for (float[] v : embeddings) {
      h = 31 * h + Arrays.hashCode(v);
    }
    return h;
  }

  @Override
  public String toString() {
    return "EmbedResponse[model="
        + model
        + ", embeddings="
        + embeddings.size()
        + "x"
        + dimensions()
        + ", totalDuration="
        + totalDuration
        + ", loadDuration="
        + loadDuration
        + ", promptEvalCount="
        + promptEvalCount
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds an {@link EmbedResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable List<float[]> embeddings = List.of();
    private float @Nullable [][] owned;
    private long totalDuration;
    private long loadDuration;
    private long promptEvalCount;
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link EmbedResponse#model()}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link EmbedResponse#embeddings()}; the arrays are copied on build. */
    public Builder embeddings(@Nullable List<float[]> embeddings) {
      this.embeddings = embeddings;
      this.owned = null;
      return this;
    }

    /**
     * Sets the vectors without copying them on build, for decoders that make fresh arrays: the
     * caller must not keep or modify the arrays afterwards.
     */
    public Builder ownedEmbeddings(float[][] vectors) {
      this.owned = vectors.clone();
      this.embeddings = null;
      return this;
    }

    /** Sets {@link EmbedResponse#totalDuration()}. */
    public Builder totalDuration(long totalDuration) {
      this.totalDuration = totalDuration;
      return this;
    }

    /** Sets {@link EmbedResponse#loadDuration()}. */
    public Builder loadDuration(long loadDuration) {
      this.loadDuration = loadDuration;
      return this;
    }

    /** Sets {@link EmbedResponse#promptEvalCount()}. */
    public Builder promptEvalCount(long promptEvalCount) {
      this.promptEvalCount = promptEvalCount;
      return this;
    }

    /**
     * Sets {@link EmbedResponse#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public EmbedResponse build() {
      return new EmbedResponse(this);
    }
  }
}
