package io.ollamalan;

import org.jspecify.annotations.Nullable;

/**
 * How one call went, for metrics, traces and audit logs. Never contains prompt or answer text.
 *
 * @param requestId the {@code X-Request-Id} sent
 * @param operation the endpoint, e.g. {@code chat}
 * @param model the model, or null
 * @param nodeId the node that answered (or last failed), empty when none was reached
 * @param principal the caller-supplied principal, or null
 * @param streamed whether the answer was streamed
 * @param failure the failure, or null when the call succeeded
 * @param durationNanos from the call's start until its answer was fully read or it failed
 * @param timeToFirstTokenNanos until the first stream chunk, 0 when not streamed or unknown
 * @param attempts nodes tried
 * @param hedged whether a hedge attempt was started
 * @param promptTokens {@code prompt_eval_count} of the answer, 0 when unknown
 * @param completionTokens {@code eval_count}, 0 when unknown
 * @param evalDurationNanos {@code eval_duration}, 0 when unknown
 * @param loadDurationNanos {@code load_duration}, 0 when unknown
 * @param attributes what listeners set with {@link CallStart#setAttribute}; never null
 */
public record CallRecord(
    String requestId,
    String operation,
    @Nullable String model,
    String nodeId,
    @Nullable String principal,
    boolean streamed,
    @Nullable OllamaException failure,
    long durationNanos,
    long timeToFirstTokenNanos,
    int attempts,
    boolean hedged,
    long promptTokens,
    long completionTokens,
    long evalDurationNanos,
    long loadDurationNanos,
    java.util.Map<String, Object> attributes) {

  public CallRecord {
    attributes = attributes == null ? java.util.Map.of() : attributes;
  }

  /** A listener's attribute for this call, or null. */
  public @Nullable Object attribute(String key) {
    return attributes.get(key);
  }

  /** Whether the call succeeded. */
  public boolean succeeded() {
    return failure == null;
  }

  /** {@code success}, or the failure's kind in lower case: a low-cardinality outcome tag. */
  public String outcome() {
    return failure == null ? "success" : failure.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Generated tokens per second, 0 when unknown. */
  public double tokensPerSecond() {
    return evalDurationNanos <= 0 ? 0 : completionTokens * 1e9 / evalDurationNanos;
  }
}
