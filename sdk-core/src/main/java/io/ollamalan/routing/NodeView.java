package io.ollamalan.routing;

import io.ollamalan.Node;
import io.ollamalan.NodeState;

/**
 * One candidate node as a {@link Balancer} sees it for one request: health, inventory for the
 * requested model, load, and what the node has shown about that model. Immutable.
 *
 * @param node the node
 * @param state its health
 * @param modelInstalled whether its inventory lists the model (true while the inventory is unknown)
 * @param modelLoaded whether the latest {@code /api/ps} shows the model in memory
 * @param modelWarm whether the node holds the model as far as it has shown: its latest {@code
 *     /api/ps}, corrected by the calls sent there since (a call running or answered there, and
 *     {@code load_duration}s showing a cold load elsewhere on the node); false when no model is
 *     asked
 * @param loadEvicts whether loading the model there would push out another one: the node is known
 *     to be full (it was seen evicting at this number of models)
 * @param inFlight calls this client has in flight to the node, for any model
 * @param modelInFlight calls this client has in flight to the node for the requested model (for all
 *     calls that need no model, when the request names none)
 * @param concurrencyLimit how many calls for the requested model the node is admitted at once now
 *     (Ollama runs {@code OLLAMA_NUM_PARALLEL} calls per loaded model)
 * @param recentErrorRate a moving average of failures in [0, 1]: a node that fails fast must not
 *     look idle
 * @param busyPenalty in [0, 1]: how recently the node answered 503 "server busy"
 * @param stats the node's timings for the requested model
 */
public record NodeView(
    Node node,
    NodeState state,
    boolean modelInstalled,
    boolean modelLoaded,
    boolean modelWarm,
    boolean loadEvicts,
    int inFlight,
    int modelInFlight,
    int concurrencyLimit,
    double recentErrorRate,
    double busyPenalty,
    ModelStats stats) {

  /** {@link Node#id()}. */
  public String id() {
    return node.id();
  }

  /** In-flight calls for the model over its admitted limit, in [0, ∞). */
  public double utilization() {
    return concurrencyLimit <= 0 ? 1.0 : (double) modelInFlight / concurrencyLimit;
  }
}
