package io.ollamalan.model;

/**
 * A request to {@code POST /api/push}: upload a model to a registry. The answer is a sequence of
 * {@link ProgressResponse}s (or the last one when not streaming).
 *
 * @param model {@code <namespace>/<model>:<tag>}
 * @param insecure allow an insecure registry; null means false
 */
public record PushRequest(String model, Boolean insecure) {

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static PushRequest of(String model) {
    Requests.requireModel(model);
    return new PushRequest(model, null);
  }

  /** This request with {@code insecure} set. */
  public PushRequest withInsecure(Boolean insecure) {
    return new PushRequest(model, insecure);
  }
}
