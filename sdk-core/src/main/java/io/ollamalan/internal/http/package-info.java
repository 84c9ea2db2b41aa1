/**
 * Not API. The HTTP side of the client over OkHttp: one node's client and the mapping of its
 * answers to typed results and errors ({@link io.ollamalan.internal.http.NodeClient}), the shared
 * transport settings, NDJSON streams, the per-attempt tracking and the watchdog that aborts blocked
 * attempts.
 */
@NullMarked
package io.ollamalan.internal.http;

import org.jspecify.annotations.NullMarked;
