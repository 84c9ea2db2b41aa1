package io.ollamalan.observability;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call as the audit log records it. Never contains answer text, and contains prompt text only
 * when {@link OllamaAuditLog.Builder#includePrompts(boolean)} was enabled.
 *
 * @param time when the call ended
 * @param requestId the {@code X-Request-Id} sent to the node
 * @param principal the caller-supplied principal ({@link io.ollamalan.CallOptions#principal()}), or
 *     null when none was given
 * @param operation the endpoint, e.g. {@code chat}
 * @param model the model as requested, or null
 * @param nodeId the node that answered (or last failed), empty when no node was reached
 * @param outcome {@code success}, or the failure's kind in lower case (e.g. {@code server_busy})
 * @param promptTokens prompt tokens evaluated, 0 when unknown
 * @param completionTokens tokens generated, 0 when unknown
 * @param duration from the call's start until its answer was fully read or it failed
 * @param attempts nodes tried
 * @param streamed whether the answer was streamed
 * @param prompt the prompt text, or null unless prompts are included
 */
public record AuditEvent(
    Instant time,
    String requestId,
    @Nullable String principal,
    String operation,
    @Nullable String model,
    String nodeId,
    String outcome,
    long promptTokens,
    long completionTokens,
    Duration duration,
    int attempts,
    boolean streamed,
    @Nullable String prompt) {

  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(duration, "duration");
    nodeId = nodeId == null ? "" : nodeId;
  }

  /** Prompt and completion tokens. */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /** Whether the call succeeded. */
  public boolean succeeded() {
    return "success".equals(outcome);
  }
}
