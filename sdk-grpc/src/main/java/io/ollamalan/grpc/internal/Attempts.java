package io.ollamalan.grpc.internal;

import io.grpc.Attributes;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the wire showed of each gRPC attempt of one call (gRPC's own retries included): which
 * gateway it went to, and whether the gateway's answer (a message or the status trailers) arrived
 * before it ended. An attempt that ended without trailers, UNAVAILABLE or on a closed channel, lost
 * its connection, whatever headers came before: its gateway is reported to the {@link
 * GatewayTracker} as failing, and the call remembers it so that a resend goes to another one.
 */
final class Attempts extends ClientStreamTracer.Factory {
  private final GatewayTracker tracker;
  private final Set<String> lostGateways = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Attempt last;

  Attempts(GatewayTracker tracker) {
    this.tracker = tracker;
  }

  @Override
  public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata h) {
    return new Attempt();
  }

  /**
   * Whether the last attempt that ended lost its connection before the answer's message or status
   * came, on a known gateway or after an earlier attempt of the call lost one. An attempt gRPC
   * retries while a dead gateway's connection is being torn down may fail without ever getting a
   * stream ({@code streamClosed} without {@code streamCreated}, so no gateway): the call is failing
   * over, and another gateway may answer. False when no attempt of the call reached a gateway (none
   * was ready).
   */
  boolean lastLostConnectionBeforeAnswer() {
    Attempt a = last;
    return a != null && a.lost && !a.message && (a.gateway != null || !lostGateways.isEmpty());
  }

  /** Whether the last attempt that ended lost its connection (answer or not). */
  boolean lastLostConnection() {
    Attempt a = last;
    return a != null && a.lost;
  }

  /** Whether a gateway the tracker knows has not lost a connection of this call. */
  boolean untriedGatewayLeft() {
    return tracker.hasGatewayOtherThan(lostGateways);
  }

  /**
   * UNAVAILABLE, or the UNKNOWN "channel closed" gRPC reports for a stream it started on a
   * connection that had just died (before the load balancer dropped that gateway), which gRPC does
   * not retry.
   */
  static boolean lostConnection(Status status) {
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      return true;
    }
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private final class Attempt extends ClientStreamTracer {
    private volatile @Nullable String gateway;
    private volatile boolean message;
    private volatile boolean trailers;
    private volatile boolean lost;

    @Override
    public void streamCreated(Attributes transportAttrs, Metadata headers) {
      gateway = tracker.idOf(transportAttrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    }

    @Override
    public void inboundMessage(int seqNo) {
      message = true;
    }

    @Override
    public void inboundTrailers(Metadata t) {
      trailers = true;
    }

    @Override
    public void streamClosed(Status status) {
      lost = !trailers && lostConnection(status);
      String g = gateway;
      if (lost && g != null) {
        lostGateways.add(g);
        tracker.connectionLost(g, status.getCode().name());
      }
      last = this;
    }
  }
}
