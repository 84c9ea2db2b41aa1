package io.ollamalan.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.LoadedModel;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OllamaApiTest {

  private static String example(String name) throws IOException {
    try (var in = OllamaApiTest.class.getResourceAsStream("/ollama-api/examples/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void examplesParse() throws IOException {
    assertThat(OllamaApi.parseVersion(example("version.json"))).isEqualTo("0.5.1");
    List<LoadedModel> ps = OllamaApi.parsePs(example("ps.json"));
    assertThat(ps)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.name()).isEqualTo("mistral:latest");
              assertThat(m.size()).isEqualTo(5137025024L);
              assertThat(m.sizeVram()).isEqualTo(5137025024L);
              assertThat(m.expiresAt())
                  .isEqualTo(
                      OffsetDateTime.of(
                          2024, 6, 4, 14, 38, 31, 837_530_000, ZoneOffset.ofHours(-7)));
              assertThat(m.contextLength()).isZero();
            });
    assertThat(OllamaApi.parseTags(example("tags.json")))
        .containsExactly("deepseek-r1:latest", "llama3.2:latest");
  }

  @Test
  void timestampsWithZeroToNineFractionalDigitsAndZOrOffset() {
    assertThat(OllamaApi.parseTime("2024-06-04T14:38:31Z")).isNotNull();
    assertThat(OllamaApi.parseTime("2024-06-04T14:38:31.1+02:00").getNano()).isEqualTo(100_000_000);
    assertThat(OllamaApi.parseTime("2025-05-10T08:06:48.639712648-07:00").getNano())
        .isEqualTo(639_712_648);
    assertThat(OllamaApi.parseTime("0001-01-01T00:00:00Z")).isNotNull();
    assertThat(OllamaApi.parseTime("yesterday")).isNull();
    assertThat(OllamaApi.parseTime("")).isNull();
  }

  @Test
  void unknownFieldsAreIgnoredAndBadEntriesSkipped() throws IOException {
    String body =
        "{\"models\":[{\"name\":\"a:1\",\"size_vram\":\"x\",\"future\":{\"k\":1},"
            + "\"expires_at\":\"soon\",\"context_length\":8192},{\"size\":1},7,{\"model\":\"b\"}],\"extra\":true}";
    List<LoadedModel> ps = OllamaApi.parsePs(body);
    assertThat(ps).extracting(LoadedModel::name).containsExactly("a:1", "b");
    assertThat(ps.get(0).sizeVram()).isZero();
    assertThat(ps.get(0).expiresAt()).isNull();
    assertThat(ps.get(0).contextLength()).isEqualTo(8192);
    assertThat(OllamaApi.parsePs("{\"models\":[]}")).isEmpty();
    assertThat(OllamaApi.parsePs("{\"models\":null}")).isEmpty();
  }

  @Test
  void bodiesThatAreNotOllamasAreRejected() {
    assertThat(OllamaApi.parseVersion("<html>It works!</html>")).isNull();
    assertThat(OllamaApi.parseVersion("{\"version\":3}")).isNull();
    assertThat(OllamaApi.parseVersion("{\"status\":\"ok\"}")).isNull();
    assertThat(OllamaApi.parseVersion("")).isNull();
    assertThatThrownBy(() -> OllamaApi.parsePs("[1,2]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> OllamaApi.parseTags("{\"models\":{}}"))
        .hasMessageContaining("not an array");
  }
}
