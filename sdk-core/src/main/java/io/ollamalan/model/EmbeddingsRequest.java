package io.ollamalan.model;

/**
 * A request to the legacy {@code POST /api/embeddings}: one unnormalized float64 vector for one
 * prompt. Prefer {@link EmbedRequest}.
 *
 * @param model the embedding model, e.g. {@code "all-minilm"}
 * @param prompt the text to embed; null or empty loads the model only
 * @param keepAlive how long to keep the model loaded afterwards, or null for the node's setting
 * @param options Modelfile parameters, or null
 */
public record EmbeddingsRequest(String model, String prompt, KeepAlive keepAlive, Options options) {

  /**
   * A validated request for {@code model} and {@code prompt}.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static EmbeddingsRequest of(String model, String prompt) {
    return of(model, prompt, null, null);
  }

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static EmbeddingsRequest of(
      String model, String prompt, KeepAlive keepAlive, Options options) {
    Requests.requireModel(model);
    return new EmbeddingsRequest(model, prompt, keepAlive, Requests.options(options));
  }
}
