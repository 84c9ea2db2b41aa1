package io.ollamalan.gateway.internal.grpc;

import io.grpc.Metadata;

/** The metadata keys of ollama.api.v1 (documented in types.proto and docs/grpc.md). */
public final class GrpcMetadata {

  /** Request: pin to this node id. Response header and error trailer: the node that served. */
  public static final String NODE_KEY_NAME = "x-ollama-node";

  /** Request: keep related calls on one node. */
  public static final String AFFINITY_KEY_NAME = "x-ollama-affinity-key";

  /** Request: the id forwarded as X-Request-Id. Response: the id the call used. */
  public static final String REQUEST_ID_KEY_NAME = "x-request-id";

  static final Metadata.Key<String> NODE =
      Metadata.Key.of(NODE_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AFFINITY =
      Metadata.Key.of(AFFINITY_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of(REQUEST_ID_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);

  private GrpcMetadata() {}
}
