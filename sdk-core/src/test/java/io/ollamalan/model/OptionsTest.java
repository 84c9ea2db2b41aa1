package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void unsetOptionsAreNullAndEmpty() {
    Options o = Options.builder().build();
    assertThat(o.isEmpty()).isTrue();
    assertThat(o.temperature()).isNull();
    assertThat(o.stop()).isEmpty();
    assertThat(o.extra()).isEmpty();
    assertThat(Options.builder().temperature(0.0).build().isEmpty()).isFalse();
  }

  @Test
  void builderSetsTypedAndExtraOptions() {
    Options o =
        Options.builder()
            .seed(42)
            .temperature(0.2)
            .stop("\n", "user:")
            .useMmap(false)
            .extra("draft_num_predict", 4)
            .build();
    assertThat(o.seed()).isEqualTo(42);
    assertThat(o.stop()).containsExactly("\n", "user:");
    assertThat(o.useMmap()).isFalse();
    assertThat(o.extra()).containsExactly(Map.entry("draft_num_predict", 4));
    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  @Test
  void extraCannotShadowATypedOption() {
    assertThatThrownBy(() -> Options.builder().extra("temperature", 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"temperature\"");
  }

  @Test
  void buildValidatesRangesNamingTheParameter() {
    assertThatThrownBy(() -> Options.builder().topP(1.5).build()).hasMessageStartingWith("topP");
    assertThatThrownBy(() -> Options.builder().temperature(-1.0).build())
        .hasMessageStartingWith("temperature");
    assertThatThrownBy(() -> Options.builder().numCtx(0).build()).hasMessageStartingWith("numCtx");
  }
}
