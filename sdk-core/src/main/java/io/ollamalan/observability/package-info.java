/**
 * Observability bindings for {@link io.ollamalan.OllamaClient}, each a {@link
 * io.ollamalan.ClientListener} registered with {@link io.ollamalan.OllamaClientBuilder#listener}:
 *
 * <ul>
 *   <li>{@link io.ollamalan.observability.OllamaMetrics}: Micrometer meters (needs {@code
 *       io.micrometer:micrometer-core});
 *   <li>{@link io.ollamalan.observability.OllamaTracing}: OpenTelemetry spans (needs {@code
 *       io.opentelemetry:opentelemetry-api});
 *   <li>{@link io.ollamalan.observability.OllamaAuditLog}: one audit event per call (SLF4J only).
 * </ul>
 *
 * <p>Both Micrometer and OpenTelemetry are optional dependencies of the SDK: the client never loads
 * a class that refers to them unless the application uses the matching binding. The fleet's state
 * for dashboards and health endpoints is {@link io.ollamalan.OllamaClient#fleet()}.
 */
@NullMarked
package io.ollamalan.observability;

import org.jspecify.annotations.NullMarked;
