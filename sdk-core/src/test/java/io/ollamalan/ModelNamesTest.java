package io.ollamalan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelNamesTest {
  @ParameterizedTest
  @CsvSource({
    "llama3.2, llama3.2:latest",
    "LLaMA3.2:LATEST, llama3.2:latest",
    "llama3.2:3b, llama3.2:3b",
    "registry.ollama.ai/library/llama3.2:3b, llama3.2:3b",
    "library/qwen2.5, qwen2.5:latest",
    "myhost:5000/team/model, myhost:5000/team/model:latest",
    "team/model:v1, team/model:v1",
  })
  void normalizesLikeOllama(String in, String out) {
    assertThat(ModelNames.normalize(in)).isEqualTo(out);
  }
}
