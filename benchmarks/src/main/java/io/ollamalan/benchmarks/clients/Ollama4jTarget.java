package io.ollamalan.benchmarks.clients;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;

/** ollama4j as its README shows it: one {@code Ollama} per host, {@code chat(request, null)}. */
public final class Ollama4jTarget implements ChatTarget {

  private final Ollama ollama;
  private final String model;

  public Ollama4jTarget(String baseUrl, String model) {
    this.ollama = new Ollama(baseUrl);
    this.ollama.setRequestTimeoutSeconds(60);
    this.model = model;
  }

  @Override
  public String chat() {
    OllamaChatRequest request =
        OllamaChatRequest.builder()
            .withModel(model)
            .withMessage(OllamaChatMessageRole.USER, ChatTarget.prompt())
            .build();
    try {
      return ollama.chat(request, null).getResponseModel().getMessage().getResponse();
    } catch (OllamaException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {}
}
