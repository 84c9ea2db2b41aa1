/**
 * Internals of the observability bindings in {@code io.ollamalan.observability}: access to the
 * client's per-node runtime state and helpers shared by the metrics, tracing and audit bindings.
 * Classes here that use Micrometer or OpenTelemetry are loaded only by the binding that needs them.
 */
@NullMarked
package io.ollamalan.internal.observability;

import org.jspecify.annotations.NullMarked;
