package io.ollamalan.grpc;

import io.ollamalan.OllamaClient;
import io.ollamalan.grpc.internal.GatewayClients;
import io.ollamalan.spi.ClientTransportConfig;
import io.ollamalan.spi.ClientTransportProvider;
import java.util.Objects;
import java.util.Set;

/**
 * The gRPC transport of {@link OllamaClient}: serves {@code grpc://host:port} (plaintext) and
 * {@code grpcs://host:port} (TLS) addresses of gateways, so that
 *
 * <pre>{@code
 * OllamaClient client = OllamaClient.builder()
 *     .nodes("grpcs://gw-1.lan:50051", "grpcs://gw-2.lan:50051")
 *     .build();
 * }</pre>
 *
 * <p>reaches the fleet through its gateways with the same interface as direct HTTP. Found by {@link
 * java.util.ServiceLoader}; applications never call it.
 *
 * <p>What the builder's settings mean here: calls are balanced round-robin over the gateways (the
 * static addresses plus what the builder's {@code nodeSource}s report, each node taken as a gateway
 * at its host and port) and a gateway that is down or reports NOT_SERVING on the gRPC health
 * service is skipped; a call that found its gateway unavailable before any answer is retried on
 * another, up to {@code maxAttempts}, and a read-only call (embed, embeddings, list, show, ps,
 * version, blob exists) whose gateway died after the response headers but before the answer is sent
 * again through a gateway that has not failed it, at most {@code maxAttempts - 1} times (chat,
 * generate and model changes never are: the gateway may have forwarded them); {@code callTimeout}
 * and {@code CallOptions.deadline} become the gRPC deadline, which the gateway propagates to the
 * node; {@code connectTimeout} bounds a connection set-up; {@code tls} gives trust, client
 * certificate (mTLS) and pins for {@code grpcs://}; {@code auth} headers go as call credentials;
 * {@code grpcKeepAliveTime} (30 s by default) is the HTTP/2 keepalive ping interval and must not be
 * below the gateway's {@code permitKeepAliveTime}. Pings are sent only while calls are open, as
 * gRPC servers allow by default. The routing, health-check and HTTP settings apply to the gateway's
 * own client, not to this one.
 */
public final class GrpcTransportProvider implements ClientTransportProvider {

  /** Needed by {@link java.util.ServiceLoader}. */
  public GrpcTransportProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("grpc", "grpcs");
  }

  @Override
  public OllamaClient create(ClientTransportConfig config) {
    return GatewayClients.create(Objects.requireNonNull(config, "config"));
  }
}
