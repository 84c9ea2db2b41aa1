package io.ollamalan.routing;

/**
 * What one node has shown about one model, as moving averages of Ollama's own timing fields. Zero
 * means "not measured yet".
 *
 * @param prefillTokensPerSecond prompt tokens evaluated per second without help from the prompt
 *     cache: the slowest recent {@code prompt_eval_count / prompt_eval_duration}, since Ollama
 *     counts cached tokens but times only the uncached ones
 * @param decodeTokensPerSecond tokens generated per second ({@code eval_count / eval_duration})
 * @param loadMillis how long a cold load of the model took ({@code load_duration})
 * @param ttftMillis time to first token as the client measured it
 * @param outputTokens tokens a completion of this model usually generates
 * @param samples how many completed calls the averages are made of
 */
public record ModelStats(
    double prefillTokensPerSecond,
    double decodeTokensPerSecond,
    double loadMillis,
    double ttftMillis,
    double outputTokens,
    long samples) {

  /** Nothing measured. */
  public static final ModelStats NONE = new ModelStats(0, 0, 0, 0, 0, 0);
}
