package io.ollamalan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the client knows about one node at one moment: health, inventory and load.
 *
 * @param node the node
 * @param state its health
 * @param stateSince when it entered {@code state}
 * @param version the Ollama version from {@code /api/version}, empty until known
 * @param installedModels names of models the node has pulled ({@code /api/tags}), normalized to
 *     {@code name:tag}; empty until known
 * @param loadedModels models in memory ({@code /api/ps}); empty until known
 * @param inventoryKnown whether {@code installedModels} has been read at least once (an empty set
 *     then means the node really has no model)
 * @param inFlight requests this client has in flight to the node
 * @param lastError a short description of the last failure, empty if none (never contains secrets)
 * @param lastErrorAt when it happened, null if never
 * @param latency a moving average of health-check round trips, {@link Duration#ZERO} until known
 * @param consecutiveFailures failures since the last success
 * @param breakerState the node's circuit breaker: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN},
 *     or {@code UNKNOWN} before the first call
 * @param concurrencyLimit how many calls the client admits to the node at once now, 0 before the
 *     first call
 */
public record NodeStatus(
    Node node,
    NodeState state,
    Instant stateSince,
    String version,
    Set<String> installedModels,
    List<LoadedModel> loadedModels,
    boolean inventoryKnown,
    int inFlight,
    String lastError,
    @Nullable Instant lastErrorAt,
    Duration latency,
    int consecutiveFailures,
    String breakerState,
    int concurrencyLimit) {

  /** A status without routing state (breaker and limit unknown). */
  public NodeStatus(
      Node node,
      NodeState state,
      Instant stateSince,
      String version,
      Set<String> installedModels,
      List<LoadedModel> loadedModels,
      boolean inventoryKnown,
      int inFlight,
      String lastError,
      @Nullable Instant lastErrorAt,
      Duration latency,
      int consecutiveFailures) {
    this(
        node,
        state,
        stateSince,
        version,
        installedModels,
        loadedModels,
        inventoryKnown,
        inFlight,
        lastError,
        lastErrorAt,
        latency,
        consecutiveFailures,
        "UNKNOWN",
        0);
  }

  /** A copy with the client's routing state for the node. */
  public NodeStatus withRouting(String breakerState, int concurrencyLimit) {
    return new NodeStatus(
        node,
        state,
        stateSince,
        version,
        installedModels,
        loadedModels,
        inventoryKnown,
        inFlight,
        lastError,
        lastErrorAt,
        latency,
        consecutiveFailures,
        breakerState,
        concurrencyLimit);
  }

  public NodeStatus {
    breakerState = breakerState == null ? "UNKNOWN" : breakerState;
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(state, "state");
    version = version == null ? "" : version;
    installedModels = installedModels == null ? Set.of() : Set.copyOf(installedModels);
    loadedModels = loadedModels == null ? List.of() : List.copyOf(loadedModels);
    lastError = lastError == null ? "" : lastError;
    latency = latency == null ? Duration.ZERO : latency;
  }

  /** Whether the node holds {@code model} in memory (name normalized to {@code name:tag}). */
  public boolean hasLoaded(String model) {
    String n = ModelNames.normalize(model);
    for (LoadedModel m : loadedModels) {
      if (ModelNames.normalize(m.name()).equals(n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the node has {@code model} installed. True while the inventory is not yet known, so
   * that a node is not excluded before its first {@code /api/tags} answer.
   */
  public boolean mayHave(String model) {
    return !inventoryKnown
        || installedModels.contains(ModelNames.normalize(model))
        || hasLoaded(model);
  }
}
