package io.ollamalan;

import io.ollamalan.routing.RoutingDecision;

/**
 * Observes every call the client makes: where it was routed and why, failed attempts, and how the
 * call ended. The metrics, tracing and audit bindings are listeners; so can yours be.
 *
 * <p>Methods run on the calling thread, on the hot path: keep them quick and never block. An
 * exception thrown by a listener is logged and otherwise ignored.
 */
public interface ClientListener {

  /**
   * A call is about to be routed. Runs on the caller's thread (where a tracing context is current);
   * may add request headers and attributes.
   */
  default void onCallStart(CallStart call) {}

  /** An attempt of a call was placed on a node. */
  default void onDecision(RoutingDecision decision) {}

  /**
   * An attempt failed.
   *
   * @param willRetry whether the call moves on to another node
   */
  default void onAttemptFailed(
      RoutingDecision decision, OllamaException failure, boolean willRetry) {}

  /** A call ended, successfully or not. */
  default void onCallEnd(CallRecord record) {}
}
