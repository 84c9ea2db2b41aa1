package io.ollamalan.grpc.internal;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.ollamalan.CallOptions;
import io.ollamalan.OllamaException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Everything one call needs besides its message: the channel, the deadline, credentials, the
 * request metadata the gateway understands, and the bookkeeping of which gateway served it.
 */
final class CallSetup {
  static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NODE =
      Metadata.Key.of("x-ollama-node", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AFFINITY =
      Metadata.Key.of("x-ollama-affinity-key", Metadata.ASCII_STRING_MARSHALLER);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  final Channel channel;
  final GatewayTracker tracker;
  final String requestId;
  final long deadlineMillis;

  /** The builder's maxAttempts: also bounds the resends of an idempotent call. */
  final int maxAttempts;

  private final io.grpc.CallOptions grpcOptions;
  private final Metadata headers;
  private final String gatewayName;

  CallSetup(
      Channel channel,
      GatewayTracker tracker,
      @Nullable CallCredentials credentials,
      Duration defaultTimeout,
      CallOptions options,
      String gatewayName,
      int maxAttempts) {
    this.channel = channel;
    this.maxAttempts = maxAttempts;
    this.tracker = tracker;
    this.gatewayName = gatewayName;
    this.requestId = options.requestId() != null ? options.requestId() : newRequestId();
    Duration deadline =
        options.deadline() != null
            ? options.deadline()
            : defaultTimeout.isZero() ? null : defaultTimeout;
    io.grpc.CallOptions o = io.grpc.CallOptions.DEFAULT;
    if (deadline != null) {
      o = o.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
    if (credentials != null) {
      o = o.withCallCredentials(credentials);
    }
    this.grpcOptions = o;
    this.deadlineMillis = deadline == null ? 0 : deadline.toMillis();
    Metadata h = new Metadata();
    h.put(REQUEST_ID, requestId);
    if (options.nodeId() != null) {
      h.put(NODE, options.nodeId());
    }
    if (options.affinityKey() != null) {
      h.put(AFFINITY, options.affinityKey());
    }
    this.headers = h;
  }

  /** 16 hex digits, like the HTTP client's: unique enough to find a call in logs, and cheap. */
  static String newRequestId() {
    long v = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(out);
  }

  /** A call whose attempts report their gateway's lost connections to the tracker. */
  <Q, P> ClientCall<Q, P> newCall(MethodDescriptor<Q, P> method) {
    return newCall(method, new Attempts(tracker));
  }

  /**
   * A call traced by {@code attempts}. The deadline is the one computed when this setup was made,
   * so a resend has only what is left of it.
   */
  <Q, P> ClientCall<Q, P> newCall(MethodDescriptor<Q, P> method, Attempts attempts) {
    return channel.newCall(method, grpcOptions.withStreamTracerFactory(attempts));
  }

  Metadata headers() {
    Metadata copy = new Metadata();
    copy.merge(headers);
    return copy;
  }

  /** The node the gateway named in its response headers, else the gateways. */
  String nodeId(@Nullable Metadata responseHeaders) {
    String n = responseHeaders == null ? null : responseHeaders.get(NODE);
    return n != null ? n : gatewayName;
  }

  /** The gateway the call's connection goes to, once headers or the close arrived. */
  @Nullable String gatewayOf(ClientCall<?, ?> call) {
    try {
      SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
      return tracker.idOf(remote);
    } catch (RuntimeException e) {
      return null;
    }
  }

  OllamaException error(
      Status status,
      @Nullable Metadata responseHeaders,
      Metadata trailers,
      boolean canceledByCaller,
      boolean delivered) {
    return StatusMapping.map(
        status,
        trailers,
        nodeId(responseHeaders),
        requestId,
        canceledByCaller,
        deadlineMillis,
        delivered,
        responseHeaders != null);
  }
}
