package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeepAliveTest {

  @ParameterizedTest
  @CsvSource({
    "5m, 300000000000",
    "1h30m, 5400000000000",
    "0, 0",
    "0s, 0",
    "1.5s, 1500000000",
    ".5h, 1800000000000",
    "300ms, 300000000",
    "10us, 10000",
    "10µs, 10000",
    "7ns, 7",
    "+2m, 120000000000",
    "1h2m3s4ms, 3723004000000",
  })
  void parsesGoDurations(String text, long nanos) {
    assertThat(KeepAlive.parse(text).duration()).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1s", "-1m", "-0.5s", "-1h30m"})
  void negativeDurationsMeanForever(String text) {
    assertThat(KeepAlive.parse(text)).isEqualTo(KeepAlive.forever());
    assertThat(KeepAlive.parse(text).isForever()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "-1", "3600"})
  void numberWithoutUnitIsRejectedLikeOllamaDoes(String text) {
    assertThatThrownBy(() -> KeepAlive.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("time: missing unit in duration \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "m", "1d", "5 m", "1..5s", ".s", "abc"})
  void invalidDurationsAreRejected(String text) {
    assertThatThrownBy(() -> KeepAlive.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }

  @Test
  void unknownUnitIsNamed() {
    assertThatThrownBy(() -> KeepAlive.parse("1d")).hasMessageContaining("unknown unit \"d\"");
  }

  @Test
  void negativeAndHugeDurationsNormalizeToForever() {
    assertThat(KeepAlive.of(Duration.ofSeconds(-5))).isEqualTo(KeepAlive.forever());
    assertThat(new KeepAlive(Duration.ofDays(1_000_000))).isEqualTo(KeepAlive.forever());
    assertThat(KeepAlive.forever().duration()).isEqualTo(KeepAlive.FOREVER_DURATION);
  }

  @Test
  void zeroIsUnloadNow() {
    assertThat(KeepAlive.of(Duration.ZERO)).isSameAs(KeepAlive.unloadNow());
    assertThat(KeepAlive.unloadNow().isUnloadNow()).isTrue();
    assertThat(KeepAlive.forever().isUnloadNow()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "300000000000, 5m0s",
    "5400000000000, 1h30m0s",
    "1500000000, 1.5s",
    "1500000, 1.5ms",
    "2000, 2µs",
    "7, 7ns",
  })
  void formatsAsGoDurationsThatParseBack(long nanos, String go) {
    KeepAlive k = KeepAlive.of(Duration.ofNanos(nanos));
    assertThat(k.toGoDuration()).isEqualTo(go);
    assertThat(KeepAlive.parse(go)).isEqualTo(k);
  }

  @Test
  void foreverFormatsAsMinusOneSecond() {
    assertThat(KeepAlive.forever().toGoDuration()).isEqualTo("-1s");
    assertThat(KeepAlive.parse(KeepAlive.forever().toGoDuration())).isEqualTo(KeepAlive.forever());
    assertThat(KeepAlive.forever().toString()).isEqualTo("KeepAlive[forever]");
  }
}
