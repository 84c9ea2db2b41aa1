/**
 * Not API. Places each attempt of a call on a node ({@link io.ollamalan.internal.routing.Router}):
 * what the router keeps per node ({@link io.ollamalan.internal.routing.NodeRuntime}, its admission
 * limit, residency and statistics), the client-side admission queue, the retry budget, and the
 * lease that gives a node's slot back exactly once.
 */
@NullMarked
package io.ollamalan.internal.routing;

import org.jspecify.annotations.NullMarked;
