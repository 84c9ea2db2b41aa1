package io.ollamalan.routing;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.OllamaException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Ranks the candidate nodes for a call. The router has already removed nodes that are down,
 * draining, already tried, or lack the model; it then tries the ranked nodes in order, skipping
 * those whose admission limit is reached or whose circuit breaker is open.
 *
 * <p>Implementations are pure functions of their input (plus their own state, such as a round-robin
 * counter): no I/O, no blocking. They run on the caller's thread for every call, concurrently.
 *
 * <p>A balancer learns only from what the router reports: {@link #placed} when an attempt was
 * admitted on a node (which may not be the one ranked first: the router skips nodes at their limit
 * or with an open breaker), then exactly one {@link #ended} for that attempt. Each client builds
 * its own balancer from {@link RoutingConfig.Builder#balancer}'s factory.
 */
@ExperimentalApi("balancer SPI")
public interface Balancer {

  /** A short name for routing records, logs and metrics. */
  String name();

  /**
   * Ranks {@code candidates}, best first. May drop candidates; must not add any.
   *
   * @param candidates at least one node
   */
  List<Choice> rank(RouteRequest request, List<NodeView> candidates);

  /**
   * The router admitted an attempt of {@code request} on {@code nodeId}. Called on the caller's
   * thread before the attempt starts; must not block. Does nothing by default.
   */
  default void placed(RouteRequest request, String nodeId) {}

  /**
   * The attempt placed on {@code nodeId} ended: answered in full ({@code failure} null), failed, or
   * was cancelled. Called once per {@link #placed}, on whatever thread saw the end; must not block.
   * Does nothing by default.
   *
   * @param failure why the attempt failed or was cancelled, or null when it was answered in full
   */
  default void ended(RouteRequest request, String nodeId, @Nullable OllamaException failure) {}
}
