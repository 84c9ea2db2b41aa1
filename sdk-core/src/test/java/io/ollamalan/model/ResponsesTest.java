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
    assertThat(new ProgressResponse("pulling", "sha256:x", 200, 50).fraction()).isEqualTo(0.25);
    assertThat(new ProgressResponse("pulling", null, 0, 50).fraction()).isZero();
    assertThat(new ProgressResponse("pulling", null, 10, 50).fraction()).isEqualTo(1.0);
    assertThat(new ProgressResponse("success", null, 0, 0).isSuccess()).isTrue();
  }

  @Test
  void showResponseAnswersCapabilities() {
    ShowResponse r =
        new ShowResponse(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of("general.architecture", "llama"),
            null,
            List.of("completion", "tools"),
            null);
    assertThat(r.hasCapability("tools")).isTrue();
    assertThat(r.hasCapability("vision")).isFalse();
    assertThat(r.projectorInfo()).isEmpty();
    assertThat(r.messages()).isEmpty();
  }

  @Test
  void runningModelReportsGpuPlacementAndExpiry() {
    OffsetDateTime now = OffsetDateTime.parse("2024-06-04T14:33:31-07:00");
    RunningModel m = new RunningModel("a", "a", 100, "d", null, now.plusMinutes(5), 60, 4096);
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
