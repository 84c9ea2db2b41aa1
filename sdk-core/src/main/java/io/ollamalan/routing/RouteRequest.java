package io.ollamalan.routing;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Balancer} knows about the call to place.
 *
 * @param operation the endpoint, e.g. {@code chat}, {@code generate}, {@code embed}, {@code tags}
 * @param model the model the call needs, or null when any node can serve it
 * @param affinityKey the key that should keep related calls on one node: the caller's {@link
 *     io.ollamalan.CallOptions#affinityKey()}, or a hash of the conversation's stable prefix; null
 *     when the call has no conversation
 * @param promptTokens an estimate of the prompt's length in tokens
 * @param attempt 1 for the first attempt, 2 and more for failovers
 * @param queued calls for the same model already waiting in the client for a node to admit them
 *     (they will be served first)
 */
public record RouteRequest(
    String operation,
    @Nullable String model,
    @Nullable String affinityKey,
    int promptTokens,
    int attempt,
    int queued) {

  /** A request with nothing queued ahead. */
  public RouteRequest(
      String operation,
      @Nullable String model,
      @Nullable String affinityKey,
      int promptTokens,
      int attempt) {
    this(operation, model, affinityKey, promptTokens, attempt, 0);
  }
}
