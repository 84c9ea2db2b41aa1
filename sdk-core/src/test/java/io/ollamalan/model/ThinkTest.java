package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThinkTest {

  @Test
  void parsesBooleansAndLevels() {
    assertThat(Think.parse("true")).isEqualTo(Think.enabled());
    assertThat(Think.parse("FALSE")).isEqualTo(Think.disabled());
    assertThat(Think.parse("low").levelOrNull()).isEqualTo(Think.Level.LOW);
    assertThat(Think.parse("Max")).isEqualTo(Think.level(Think.Level.MAX));
    assertThat(Think.parse("medium").isEnabled()).isTrue();
    assertThat(Think.disabled().isEnabled()).isFalse();
    assertThat(Think.enabled().levelOrNull()).isNull();
  }

  @Test
  void levelsHaveLowerCaseWireValues() {
    for (Think.Level level : Think.Level.values()) {
      assertThat(Think.parse(level.wireValue())).isEqualTo(Think.level(level));
    }
    assertThat(Think.Level.HIGH.wireValue()).isEqualTo("high");
  }

  @Test
  void unknownValueGivesOllamasMessage() {
    assertThatThrownBy(() -> Think.parse("foo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid think value: \"foo\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
  }

  @Test
  void equalityIsByValue() {
    assertThat(Think.level(Think.Level.LOW))
        .isEqualTo(Think.parse("low"))
        .isNotEqualTo(Think.enabled());
    assertThat(Think.level(Think.Level.LOW)).hasToString("Think[low]");
  }
}
