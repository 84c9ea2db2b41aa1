package io.ollamalan.gateway.internal;

import io.ollamalan.CallOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a front learned about one call from its protocol (deadline, node pin, affinity, request id,
 * principal), in the SDK's terms. Fronts build it; {@link Forwarder} applies it.
 *
 * @param deadline time left for the whole call, or null for none
 * @param nodeId the node the call is pinned to, or null to let the balancer choose
 * @param affinityKey the caller's affinity key, or null
 * @param requestId the id to forward as X-Request-Id, or null to let the SDK generate one
 * @param principal who the call is for (audit only), or null
 */
public record CallScope(
    @Nullable Duration deadline,
    @Nullable String nodeId,
    @Nullable String affinityKey,
    @Nullable String requestId,
    @Nullable String principal) {

  /** No deadline, no pin: the client's defaults. */
  public static final CallScope NONE = new CallScope(null, null, null, null, null);

  CallOptions toCallOptions() {
    CallOptions o = CallOptions.DEFAULT;
    if (deadline != null) {
      o = o.withDeadline(deadline);
    }
    if (nodeId != null) {
      o = o.withNode(nodeId);
    }
    if (affinityKey != null) {
      o = o.withAffinityKey(affinityKey);
    }
    if (requestId != null) {
      o = o.withRequestId(requestId);
    }
    if (principal != null) {
      o = o.withPrincipal(principal);
    }
    return o;
  }
}
