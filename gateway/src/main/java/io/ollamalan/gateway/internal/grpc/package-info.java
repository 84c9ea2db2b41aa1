/** The gRPC front of the gateway: services, metadata, status mapping. Not a public API. */
@NullMarked
package io.ollamalan.gateway.internal.grpc;

import org.jspecify.annotations.NullMarked;
