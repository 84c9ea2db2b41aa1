/**
 * How the client chooses a node for each call: the {@link io.ollamalan.routing.Balancer} SPI and
 * its strategies, the per-node admission, circuit-breaker, retry and hedging policies, and the
 * {@link io.ollamalan.routing.RoutingDecision} record that explains every choice.
 */
@NullMarked
package io.ollamalan.routing;

import org.jspecify.annotations.NullMarked;
