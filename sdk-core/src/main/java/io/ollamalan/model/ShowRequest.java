package io.ollamalan.model;

/**
 * A request to {@code POST /api/show}.
 *
 * @param model the model name
 * @param verbose include long arrays (e.g. the tokenizer vocabulary) in {@code model_info}; null
 *     means false, which replaces arrays longer than 5 elements with {@code []}
 */
public record ShowRequest(String model, Boolean verbose) {

  /**
   * A validated request for {@code model}.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static ShowRequest of(String model) {
    return of(model, null);
  }

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static ShowRequest of(String model, Boolean verbose) {
    Requests.requireModel(model);
    return new ShowRequest(model, verbose);
  }
}
