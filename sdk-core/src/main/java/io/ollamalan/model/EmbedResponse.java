package io.ollamalan.model;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The response of {@code POST /api/embed}: L2-normalized float32 vectors, one per input, in input
 * order.
 *
 * <p>The arrays are copied on construction and {@link #embeddings()} returns them without copying
 * so that large batches are not duplicated: <b>callers must not modify the returned arrays</b>; use
 * {@link #embedding(int)} for a private copy.
 *
 * @param model the model name as requested
 * @param embeddings the vectors; empty when the request had no input (load only); never null
 * @param totalDuration nanoseconds from receiving the request to answering; 0 when absent
 * @param loadDuration nanoseconds spent scheduling and loading the model; 0 when absent
 * @param promptEvalCount tokens over all inputs; 0 when absent
 */
public record EmbedResponse(
    String model,
    List<float[]> embeddings,
    long totalDuration,
    long loadDuration,
    long promptEvalCount) {

  /** Copies the vectors, unless they come from {@link #wrap}. */
  public EmbedResponse {
    embeddings = embeddings instanceof Owned ? embeddings : copy(embeddings);
  }

  /**
   * An embed response that takes ownership of {@code vectors} without copying them, for decoders
   * that build fresh arrays. The caller must not keep or modify the arrays afterwards.
   */
  public static EmbedResponse wrap(
      String model,
      float[][] vectors,
      long totalDuration,
      long loadDuration,
      long promptEvalCount) {
    return new EmbedResponse(
        model, new Owned(vectors.clone()), totalDuration, loadDuration, promptEvalCount);
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

  private static List<float[]> copy(List<float[]> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    List<float[]> out = new ArrayList<>(in.size());
    for (float[] v : in) {
      out.add(Objects.requireNonNull(v, "embeddings must not contain null").clone());
    }
    return Collections.unmodifiableList(out);
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
  public boolean equals(Object o) {
    if (!(o instanceof EmbedResponse)) {
      return false;
    }
    EmbedResponse that = (EmbedResponse) o;
    if (totalDuration != that.totalDuration
        || loadDuration != that.loadDuration
        || promptEvalCount != that.promptEvalCount
        || !Objects.equals(model, that.model)
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
    int h = Objects.hash(model, totalDuration, loadDuration, promptEvalCount);
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
        + "]";
  }
}
