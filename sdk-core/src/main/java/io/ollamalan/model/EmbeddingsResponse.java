package io.ollamalan.model;

import java.util.Arrays;

/**
 * The response of the legacy {@code POST /api/embeddings}: one vector, not normalized.
 *
 * @param embedding the vector, copied on construction and returned without copying: <b>callers must
 *     not modify it</b>; empty when the prompt was empty; never null
 */
public record EmbeddingsResponse(double[] embedding) {

  /** Copies the vector; null becomes empty. */
  public EmbeddingsResponse {
    embedding = embedding == null ? new double[0] : embedding.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingsResponse
        && Arrays.equals(embedding, ((EmbeddingsResponse) o).embedding);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(embedding);
  }

  @Override
  public String toString() {
    return "EmbeddingsResponse[embedding=" + embedding.length + " values]";
  }
}
