package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link GenerateAggregator} and {@link GenerateResponse#aggregate}. */
class GenerateAggregatorTest {
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2025-01-01T00:00:00Z");
  private static final OffsetDateTime T1 = OffsetDateTime.parse("2025-01-01T00:00:01Z");

  @Test
  void emptyAggregationIsAnError() {
    assertThatThrownBy(() -> new GenerateAggregator().result())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void generateConcatenatesAndKeepsTheFinalContext() {
    List<GenerateResponse> chunks =
        List.of(
            GenerateResponse.builder().model("m").createdAt(T0).thinking("hm").build(),
            GenerateResponse.builder().model("m").createdAt(T0).response("The").build(),
            GenerateResponse.builder().model("m").createdAt(T0).response(" sky").build(),
            GenerateResponse.builder()
                .model("m")
                .createdAt(T1)
                .done(true)
                .doneReason(DoneReason.LENGTH)
                .context(List.of(1, 2, 3))
                .promptEvalCount(26)
                .promptEvalDuration(130_000_000)
                .build());
    GenerateResponse r = GenerateResponse.aggregate(chunks);
    assertThat(r.response()).isEqualTo("The sky");
    assertThat(r.thinking()).isEqualTo("hm");
    assertThat(r.context()).containsExactly(1, 2, 3);
    assertThat(r.doneReason()).isEqualTo(DoneReason.LENGTH);
    assertThat(r.createdAt()).isEqualTo(T1);
    assertThat(r.promptTokensPerSecond()).isEqualTo(200.0);
  }

  @Test
  void aggregationIsLinearInTextLength() {
    GenerateAggregator a = new GenerateAggregator();
    GenerateResponse token = GenerateResponse.builder().model("m").response("x").build();
    for (int i = 0; i < 200_000; i++) {
      a.add(token);
    }
    assertThat(a.result().response()).hasSize(200_000);
  }
}
