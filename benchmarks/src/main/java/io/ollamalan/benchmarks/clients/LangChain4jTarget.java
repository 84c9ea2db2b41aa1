package io.ollamalan.benchmarks.clients;

import dev.langchain4j.model.ollama.OllamaChatModel;
import java.time.Duration;

/**
 * LangChain4j's Ollama module as its docs show it: an {@code OllamaChatModel}, {@code chat(text)}.
 */
public final class LangChain4jTarget implements ChatTarget {

  private final OllamaChatModel model;

  public LangChain4jTarget(String baseUrl, String modelName) {
    this.model =
        OllamaChatModel.builder()
            .baseUrl(baseUrl)
            .modelName(modelName)
            .timeout(Duration.ofSeconds(60))
            .build();
  }

  @Override
  public String chat() {
    return model.chat(ChatTarget.prompt());
  }

  @Override
  public void close() {}
}
