package io.ollamalan.model;

import java.util.List;

/**
 * The log probability of one generated token, sent when the request set {@code logprobs}.
 *
 * @param token the token text
 * @param logprob its natural-log probability
 * @param topLogprobs the most likely alternatives at this position (up to {@code top_logprobs});
 *     never null
 */
public record Logprob(String token, double logprob, List<TopLogprob> topLogprobs) {

  /** Copies {@code topLogprobs}. */
  public Logprob {
    topLogprobs = Values.list(topLogprobs, "topLogprobs");
  }

  /**
   * An alternative token.
   *
   * @param token the token text
   * @param logprob its natural-log probability
   */
  public record TopLogprob(String token, double logprob) {}
}
