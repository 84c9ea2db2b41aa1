package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conveniences of the small response types. */
class ResponsesTest {

  @Test
  void progressFractionIsBoundedAndZeroWhenUnknown() {
    assertThat(
            ProgressResponse.builder()
                .status("pulling")
                .digest("sha256:x")
                .total(200)
                .completed(50)
                .build()
                .fraction())
        .isEqualTo(0.25);
    assertThat(
            ProgressResponse.builder()
                .status("pulling")
                .digest(null)
                .total(0)
                .completed(50)
                .build()
                .fraction())
        .isZero();
    assertThat(
            ProgressResponse.builder()
                .status("pulling")
                .digest(null)
                .total(10)
                .completed(50)
                .build()
                .fraction())
        .isEqualTo(1.0);
    assertThat(
            ProgressResponse.builder()
                .status("success")
                .digest(null)
                .total(0)
                .completed(0)
                .build()
                .isSuccess())
        .isTrue();
  }

  @Test
  void showResponseAnswersCapabilities() {
    ShowResponse r =
        ShowResponse.builder()
            .modelInfo(Map.of("general.architecture", "llama"))
            .capabilities(List.of("completion", "tools"))
            .build();
    assertThat(r.hasCapability("tools")).isTrue();
    assertThat(r.hasCapability("vision")).isFalse();
    assertThat(r.projectorInfo()).isEmpty();
    assertThat(r.messages()).isEmpty();
  }

  @Test
  void runningModelReportsGpuPlacementAndExpiry() {
    OffsetDateTime now = OffsetDateTime.parse("2024-06-04T14:33:31-07:00");
    RunningModel m =
        RunningModel.builder()
            .name("a")
            .model("a")
            .size(100)
            .digest("d")
            .expiresAt(now.plusMinutes(5))
            .sizeVram(60)
            .contextLength(4096)
            .build();
    assertThat(m.fullyOnGpu()).isFalse();
    assertThat(m.timeToExpiry(now)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void chatResponseWithoutMessageHasEmptyContent() {
    ChatResponse r = ChatResponse.builder().done(true).build();
    assertThat(r.content()).isEmpty();
    assertThat(r.thinking()).isEmpty();
    assertThat(r.toolCalls()).isEmpty();
    assertThat(r.tokensPerSecond()).isZero();
    assertThat(r.debugInfo()).isEmpty();
  }
}
