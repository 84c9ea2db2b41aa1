/**
 * Not API. The gateway client behind {@link io.ollamalan.grpc.GrpcTransportProvider}: channels,
 * gateway discovery and tracking, calls and the mapping between the SDK's types and the protobuf
 * messages and statuses.
 */
@NullMarked
package io.ollamalan.grpc.internal;

import org.jspecify.annotations.NullMarked;
