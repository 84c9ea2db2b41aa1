package io.ollamalan.fleet;

import io.ollamalan.OllamaException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one fleet operation did on one node.
 *
 * @param nodeId the node ({@link io.ollamalan.Node#id()})
 * @param outcome whether it succeeded, failed or was skipped
 * @param value what the node answered, null unless {@link Outcome#SUCCEEDED} (and always null for
 *     operations whose answer is {@link Void})
 * @param error the failure, null unless {@link Outcome#FAILED}
 * @param detail a short explanation: why the node was skipped, the failure's message, or what the
 *     node reported on success; never null
 * @param duration how long the node took, {@link Duration#ZERO} when it was skipped
 * @param <T> the per-node answer
 */
public record NodeResult<T>(
    String nodeId,
    Outcome outcome,
    @Nullable T value,
    @Nullable OllamaException error,
    String detail,
    Duration duration) {

  /** How the operation ended on a node. */
  public enum Outcome {
    /** The node did it. */
    SUCCEEDED,
    /** The node was asked and failed; {@link NodeResult#error()} says why. */
    FAILED,
    /**
     * The node was not asked, or had nothing to do (not routable, model absent, not loaded); {@link
     * NodeResult#detail()} says why.
     */
    SKIPPED
  }

  public NodeResult {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    duration = duration == null ? Duration.ZERO : duration;
  }

  static <T> NodeResult<T> succeeded(
      String nodeId, @Nullable T value, String detail, Duration took) {
    return new NodeResult<>(nodeId, Outcome.SUCCEEDED, value, null, detail, took);
  }

  static <T> NodeResult<T> failed(String nodeId, OllamaException error, Duration took) {
    return new NodeResult<>(
        nodeId, Outcome.FAILED, null, error, FleetOperations.messageOf(error), took);
  }

  static <T> NodeResult<T> skipped(String nodeId, String why) {
    return new NodeResult<>(nodeId, Outcome.SKIPPED, null, null, why, Duration.ZERO);
  }

  /** Whether the node did it. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** Whether the node was asked and failed. */
  public boolean failed() {
    return outcome == Outcome.FAILED;
  }
}
