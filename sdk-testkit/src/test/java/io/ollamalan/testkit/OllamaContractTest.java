package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OllamaContractTest {

  @Test
  void loadsExampleBodiesFromTheClasspath() {
    assertThat(OllamaContract.example("error-server-busy.json"))
        .isEqualTo(
            "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}\n");
    assertThat(OllamaContract.example("version.json")).contains("\"version\"");
  }

  @Test
  void listsEveryExampleButNotTheReadme() {
    assertThat(OllamaContract.exampleNames())
        .contains("chat-nostream.json", "generate-stream.ndjson", "ps.json")
        .doesNotContain("README.md", "index.txt")
        .isSorted()
        .allSatisfy(name -> assertThat(OllamaContract.example(name)).isNotEmpty());
  }

  @Test
  void missingExampleNamesTheFile() {
    assertThatThrownBy(() -> OllamaContract.example("no-such.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such.json");
    assertThatThrownBy(() -> OllamaContract.example("../endpoints.md"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bundlesTheReferenceDocuments() {
    assertThat(OllamaContract.document("endpoints.md")).contains("Error catalogue");
    assertThat(OllamaContract.document("scheduler.md")).contains("OLLAMA_MAX_QUEUE");
    assertThatThrownBy(() -> OllamaContract.document("nope.md"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.md");
  }
}
