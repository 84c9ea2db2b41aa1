package io.ollamalan.benchmarks.clients;

import java.util.List;
import org.springframework.ai.ollama.api.OllamaApi;

/** Spring AI's low-level {@code OllamaApi} as its reference shows it, non-streamed. */
public final class SpringAiTarget implements ChatTarget {

  private final OllamaApi api;
  private final String model;

  public SpringAiTarget(String baseUrl, String model) {
    this.api = OllamaApi.builder().baseUrl(baseUrl).build();
    this.model = model;
  }

  @Override
  public String chat() {
    OllamaApi.ChatRequest request =
        OllamaApi.ChatRequest.builder(model).stream(false)
            .messages(
                List.of(
                    OllamaApi.Message.builder(OllamaApi.Message.Role.USER)
                        .content(ChatTarget.prompt())
                        .build()))
            .build();
    return api.chat(request).message().content();
  }

  @Override
  public void close() {}
}
