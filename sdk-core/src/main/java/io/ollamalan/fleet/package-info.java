/**
 * Operations on many nodes at once: pull a model onto the fleet with per-node progress, delete or
 * unload it everywhere, pre-warm it where the balancer will send calls, and list what each node
 * holds. Every operation reports one result per node; a failure on one node never hides the others.
 */
@NullMarked
package io.ollamalan.fleet;

import org.jspecify.annotations.NullMarked;
