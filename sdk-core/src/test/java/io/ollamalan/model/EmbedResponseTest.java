package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedResponseTest {

  @Test
  void constructorCopiesVectorsAndEmbeddingReturnsACopy() {
    float[] v = {1f, 2f};
    EmbedResponse r = new EmbedResponse("e", List.of(v), 0, 0, 2);
    v[0] = 99f;
    assertThat(r.embeddings().get(0)).containsExactly(1f, 2f);
    r.embedding(0)[1] = 42f;
    assertThat(r.embeddings().get(0)).containsExactly(1f, 2f);
    assertThat(r.dimensions()).isEqualTo(2);
  }

  @Test
  void equalityComparesVectorContents() {
    EmbedResponse a = new EmbedResponse("e", List.of(new float[] {1f}), 1, 2, 3);
    EmbedResponse b = EmbedResponse.wrap("e", new float[][] {{1f}}, 1, 2, 3);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new EmbedResponse("e", List.of(new float[] {2f}), 1, 2, 3));
    assertThat(a.toString()).contains("1x1");
  }

  @Test
  void legacyEmbeddingsCompareByContent() {
    assertThat(new EmbeddingsResponse(new double[] {0.5}))
        .isEqualTo(new EmbeddingsResponse(new double[] {0.5}));
    assertThat(new EmbeddingsResponse(null).embedding()).isEmpty();
  }
}
