package io.ollamalan.model;

/** Validation shared by the request builders. */
final class Requests {
  private Requests() {}

  /** Maximum {@code top_logprobs} Ollama accepts. */
  static final int MAX_TOP_LOGPROBS = 20;

  static void requireModel(String model) {
    if (Values.isBlank(model)) {
      throw new IllegalArgumentException(
          "model must not be blank: pass the model name, e.g. \"llama3.2\" or \"llama3.2:3b\"");
    }
  }

  static void checkTopLogprobs(Integer topLogprobs) {
    if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS)) {
      throw new IllegalArgumentException(
          "topLogprobs must be between 0 and 20 (top_logprobs must be between 0 and 20), was "
              + topLogprobs);
    }
  }

  static Options options(Options options) {
    return options == null || options.isEmpty() ? null : options;
  }
}
