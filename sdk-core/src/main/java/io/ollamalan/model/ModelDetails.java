package io.ollamalan.model;

import java.util.List;

/**
 * What a model is built from ({@code details} in tags, ps and show).
 *
 * @param parentModel the model it was created from, often {@code ""}
 * @param format the file format, e.g. {@code "gguf"}
 * @param family the architecture family, e.g. {@code "llama"}
 * @param families all families; never null
 * @param parameterSize e.g. {@code "3.2B"}
 * @param quantizationLevel e.g. {@code "Q4_K_M"}
 * @param contextLength the model's trained context length in tokens, or null (Ollama v0.30+)
 * @param embeddingLength the embedding size, or null (Ollama v0.30+)
 */
public record ModelDetails(
    String parentModel,
    String format,
    String family,
    List<String> families,
    String parameterSize,
    String quantizationLevel,
    Long contextLength,
    Long embeddingLength) {

  /** Copies {@code families}. */
  public ModelDetails {
    families = Values.list(families, "families");
  }
}
