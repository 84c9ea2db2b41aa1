/**
 * The gateway's protocol-independent request path ({@link io.ollamalan.gateway.internal.Forwarder},
 * {@link io.ollamalan.gateway.internal.StreamPump}), the proto mapping, configuration reading,
 * health and metrics. Not a public API.
 */
@NullMarked
package io.ollamalan.gateway.internal;

import org.jspecify.annotations.NullMarked;
