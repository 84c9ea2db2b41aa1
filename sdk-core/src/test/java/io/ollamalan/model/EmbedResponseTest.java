package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedResponseTest {

  @Test
  void buildCopiesVectorsAndEmbeddingReturnsACopy() {
    float[] v = {1f, 2f};
    EmbedResponse r =
        EmbedResponse.builder().model("e").embeddings(List.of(v)).promptEvalCount(2).build();
    v[0] = 99f;
    assertThat(r.embeddings().get(0)).containsExactly(1f, 2f);
    r.embedding(0)[1] = 42f;
    assertThat(r.embeddings().get(0)).containsExactly(1f, 2f);
    assertThat(r.dimensions()).isEqualTo(2);
  }

  @Test
  void equalityComparesVectorContents() {
    EmbedResponse a = embed(new float[] {1f});
    EmbedResponse b =
        embed(new float[] {1f}).toBuilder().ownedEmbeddings(new float[][] {{1f}}).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(embed(new float[] {2f}));
    assertThat(a.toString()).contains("1x1");
  }

  private static EmbedResponse embed(float[] v) {
    return EmbedResponse.builder()
        .model("e")
        .embeddings(List.of(v))
        .totalDuration(1)
        .loadDuration(2)
        .promptEvalCount(3)
        .build();
  }

  @Test
  void legacyEmbeddingsCompareByContent() {
    assertThat(EmbeddingsResponse.builder().embedding(new double[] {0.5}).build())
        .isEqualTo(EmbeddingsResponse.builder().embedding(new double[] {0.5}).build());
    assertThat(EmbeddingsResponse.builder().embedding(null).build().embedding()).isEmpty();
  }
}
