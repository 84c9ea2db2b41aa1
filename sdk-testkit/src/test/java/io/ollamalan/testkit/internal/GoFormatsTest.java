package io.ollamalan.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoFormatsTest {

  @Test
  void timestampsTrimTrailingZerosLikeGo() {
    assertThat(GoTime.utc(Instant.parse("2023-08-04T19:22:45.499127000Z")))
        .isEqualTo("2023-08-04T19:22:45.499127Z");
    assertThat(GoTime.utc(Instant.parse("2023-08-04T19:22:45Z"))).isEqualTo("2023-08-04T19:22:45Z");
    assertThat(GoTime.format(Instant.parse("2024-06-04T21:38:31.837530Z"), ZoneOffset.ofHours(-7)))
        .isEqualTo("2024-06-04T14:38:31.83753-07:00");
  }

  @Test
  void parsesGoDurations() throws Exception {
    assertThat(GoDuration.parse("5m")).isEqualTo(300_000_000_000L);
    assertThat(GoDuration.parse("1h30m")).isEqualTo(5_400_000_000_000L);
    assertThat(GoDuration.parse("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(GoDuration.parse("0")).isZero();
    assertThat(GoDuration.parse("-1m")).isEqualTo(-60_000_000_000L);
    assertThatThrownBy(() -> GoDuration.parse("10"))
        .hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDuration.parse("abc")).hasMessage("time: invalid duration \"abc\"");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
  }

  @Test
  void normalizesModelNames() {
    assertThat(ModelName.parse("llama3.2").display()).isEqualTo("llama3.2:latest");
    assertThat(ModelName.parse("llama3.2").full())
        .isEqualTo("registry.ollama.ai/library/llama3.2:latest");
    assertThat(ModelName.parse("me/m:7b").display()).isEqualTo("me/m:7b");
    assertThat(ModelName.parse("host.io:5000/ns/m:1").display()).isEqualTo("host.io:5000/ns/m:1");
    assertThat(ModelName.parse("Llama3.2:LATEST").key())
        .isEqualTo(ModelName.parse("llama3.2").key());
    assertThat(ModelName.parse("bad name")).isNull();
    assertThat(ModelName.parse("-x")).isNull();
    assertThat(ModelName.parse("a/b/c/d")).isNull();
    assertThat(ModelName.parse("")).isNull();
  }

  @Test
  void tokenizerIsLosslessAndAttachesLeadingSpaces() {
    List<String> t = Tokenizer.split("Hello! How are  you?\n");
    assertThat(t).containsExactly("Hello", "!", " How", " are", " ", " you", "?", "\n");
    assertThat(String.join("", t)).isEqualTo("Hello! How are  you?\n");
    assertThat(Tokenizer.id("x")).isEqualTo(Tokenizer.id("x")).isBetween(0, 127_999);
  }

  @Test
  void floatsAreWrittenLikeGo() {
    assertThat(GoJson.formatGo(Float.toString(1.0f), 1.0)).isEqualTo("1");
    assertThat(GoJson.formatGo(Float.toString(0.010071029f), 0.010071029)).isEqualTo("0.010071029");
    assertThat(GoJson.formatGo(Float.toString(1.0E-4f), 1.0E-4)).isEqualTo("0.0001");
    assertThat(GoJson.formatGo(Float.toString(1.5E-7f), 1.5E-7)).isEqualTo("1.5e-07");
    assertThat(GoJson.formatGo("0.0", 0)).isEqualTo("0");
  }

  @Test
  void stringsAreEscapedLikeGo() throws Exception {
    assertThat(GoJson.MAPPER.writeValueAsString("<a&b>\u0001\u2028\n"))
        .isEqualTo("\"\\u003ca\\u0026b\\u003e\\u0001\\u2028\\n\"");
  }
}
