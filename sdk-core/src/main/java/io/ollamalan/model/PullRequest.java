package io.ollamalan.model;

/**
 * A request to {@code POST /api/pull}: download a model from its registry. The answer is a sequence
 * of {@link ProgressResponse}s (or the last one when not streaming).
 *
 * @param model the model name, e.g. {@code "llama3.2"} or {@code "llama3.2:3b"}
 * @param insecure allow an insecure (HTTP or self-signed) registry; null means false
 */
public record PullRequest(String model, Boolean insecure) {

  /**
   * A validated request.
   *
   * @throws IllegalArgumentException if the model is blank
   */
  public static PullRequest of(String model) {
    Requests.requireModel(model);
    return new PullRequest(model, null);
  }

  /** This request with {@code insecure} set. */
  public PullRequest withInsecure(Boolean insecure) {
    return new PullRequest(model, insecure);
  }
}
