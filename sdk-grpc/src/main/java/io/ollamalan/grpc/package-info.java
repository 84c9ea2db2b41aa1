/**
 * The gRPC transport of {@code OllamaClient}: {@link io.ollamalan.grpc.GrpcTransportProvider}
 * serves {@code grpc://} and {@code grpcs://} gateway addresses; the ollama.api.v1 stubs are in
 * {@code io.ollamalan.grpc.v1}.
 */
@NullMarked
package io.ollamalan.grpc;

import org.jspecify.annotations.NullMarked;
