package io.ollamalan.model;

/**
 * A request to {@code DELETE /api/delete}. Success is HTTP 200 with an empty body.
 *
 * @param model the model name
 */
public record DeleteRequest(String model) {

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static DeleteRequest of(String model) {
    Requests.requireModel(model);
    return new DeleteRequest(model);
  }
}
