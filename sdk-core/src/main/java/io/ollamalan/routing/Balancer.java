package io.ollamalan.routing;

import io.ollamalan.ExperimentalApi;
import java.util.List;

/**
 * Ranks the candidate nodes for a call. The router has already removed nodes that are down,
 * draining, already tried, or lack the model; it then tries the ranked nodes in order, skipping
 * those whose admission limit is reached or whose circuit breaker is open.
 *
 * <p>Implementations are pure functions of their input (plus their own state, such as a round-robin
 * counter): no I/O, no blocking. They run on the caller's thread for every call.
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
}
