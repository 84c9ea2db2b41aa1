package io.ollamalan.internal.http;

import java.time.Duration;

/**
 * The resolved, validated transport settings the public builder produces. Immutable.
 *
 * @param connectTimeout TCP + TLS setup limit per attempt
 * @param firstByteTimeout limit for the response headers after the request was sent
 * @param streamIdleTimeout limit for the gap between two stream chunks
 * @param responseTimeout limit for a whole answer once its first byte arrived
 * @param writeTimeout limit for writing the request
 * @param callTimeout default overall deadline, {@link Duration#ZERO} for none
 * @param maxLineBytes the longest NDJSON line accepted
 * @param maxBodyBytes the largest non-streamed body accepted
 * @param maxIdleConnectionsPerNode idle keep-alive connections kept per node
 * @param keepAlive how long an idle connection is kept
 * @param userAgent the User-Agent header
 */
public record TransportSettings(
    Duration connectTimeout,
    Duration firstByteTimeout,
    Duration streamIdleTimeout,
    Duration responseTimeout,
    Duration writeTimeout,
    Duration callTimeout,
    int maxLineBytes,
    long maxBodyBytes,
    int maxIdleConnectionsPerNode,
    Duration keepAlive,
    String userAgent) {}
