package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthCheckConfigTest {

  @Test
  void defaultsAreTheNamedConstants() {
    HealthCheckConfig c = HealthCheckConfig.defaults();
    assertThat(c.interval()).isEqualTo(HealthCheckConfig.DEFAULT_INTERVAL);
    assertThat(c.timeout()).isEqualTo(HealthCheckConfig.DEFAULT_TIMEOUT);
    assertThat(c.jitter()).isEqualTo(HealthCheckConfig.DEFAULT_JITTER);
    assertThat(c.tagsInterval()).isEqualTo(HealthCheckConfig.DEFAULT_TAGS_INTERVAL);
    assertThat(c.failuresToDown()).isEqualTo(HealthCheckConfig.DEFAULT_FAILURES_TO_DOWN);
    assertThat(c.successesToUp()).isEqualTo(HealthCheckConfig.DEFAULT_SUCCESSES_TO_UP);
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void invalidValuesAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> HealthCheckConfig.builder().interval(Duration.ZERO).build())
        .hasMessageStartingWith("interval must be a positive duration");
    assertThatThrownBy(() -> HealthCheckConfig.builder().timeout(null).build())
        .hasMessageStartingWith("timeout must be");
    assertThatThrownBy(() -> HealthCheckConfig.builder().jitter(1.0).build())
        .hasMessageStartingWith("jitter must be in [0, 1)");
    assertThatThrownBy(() -> HealthCheckConfig.builder().jitter(Double.NaN).build())
        .hasMessageStartingWith("jitter");
    assertThatThrownBy(() -> HealthCheckConfig.builder().interval(Duration.ofMinutes(5)).build())
        .hasMessageContaining("tagsInterval")
        .hasMessageContaining("at least interval");
    assertThatThrownBy(() -> HealthCheckConfig.builder().failuresToDown(0).build())
        .hasMessageStartingWith("failuresToDown must be between 1 and 100");
    assertThatThrownBy(() -> HealthCheckConfig.builder().successesToUp(101).build())
        .hasMessageStartingWith("successesToUp must be between 1 and 100");
  }
}
