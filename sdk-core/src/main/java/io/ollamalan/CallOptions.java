package io.ollamalan;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-call settings, applied with {@link OllamaClient#withOptions(CallOptions)} the way gRPC stubs
 * take a deadline: {@code client.withOptions(CallOptions.DEFAULT.withDeadline(ofSeconds(30)))}.
 * Immutable; every {@code with*} method returns a copy.
 *
 * @param deadline the longest the whole call may take, streaming included; null for the client's
 *     default (none unless {@link OllamaClientBuilder#callTimeout} was set)
 * @param nodeId send the call to this node only ({@link Node#id()}), bypassing the balancer; null
 *     to let the balancer choose
 * @param affinityKey a key that keeps related calls on one node (a conversation id), so that its
 *     prompt cache stays warm; null to derive affinity from the conversation itself
 * @param principal who the call is made for, for audit logs and traces; never sent to the node;
 *     null for none
 * @param requestId the id sent as {@code X-Request-Id}; null to generate one per call
 */
public record CallOptions(
    @Nullable Duration deadline,
    @Nullable String nodeId,
    @Nullable String affinityKey,
    @Nullable String principal,
    @Nullable String requestId) {

  /** No per-call settings: the client's defaults apply. */
  public static final CallOptions DEFAULT = new CallOptions(null, null, null, null, null);

  public CallOptions {
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    if (requestId != null
        && (requestId.isBlank()
            || requestId.length() > 128
            || !requestId.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new IllegalArgumentException(
          "requestId must be 1..128 visible ASCII characters without spaces");
    }
  }

  /** A copy with this deadline. */
  public CallOptions withDeadline(Duration deadline) {
    return new CallOptions(
        Objects.requireNonNull(deadline, "deadline"), nodeId, affinityKey, principal, requestId);
  }

  /** A copy pinned to one node; null lets the balancer choose again. */
  public CallOptions withNode(@Nullable String nodeId) {
    return new CallOptions(deadline, nodeId, affinityKey, principal, requestId);
  }

  /** A copy with this affinity key; null derives affinity from the conversation again. */
  public CallOptions withAffinityKey(@Nullable String affinityKey) {
    return new CallOptions(deadline, nodeId, affinityKey, principal, requestId);
  }

  /** A copy on behalf of this principal; null for none. */
  public CallOptions withPrincipal(@Nullable String principal) {
    return new CallOptions(deadline, nodeId, affinityKey, principal, requestId);
  }

  /** A copy with this request id; null generates one per call again. */
  public CallOptions withRequestId(@Nullable String requestId) {
    return new CallOptions(deadline, nodeId, affinityKey, principal, requestId);
  }
}
