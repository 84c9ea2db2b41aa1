/**
 * Typed values of the native Ollama HTTP API ({@code /api/*}): requests, responses and their parts.
 *
 * <p>Every type is immutable and safe to share between threads. Requests are made with builders
 * that validate like the Ollama server does; optional request values are boxed and {@code null}
 * means "not sent", so the server applies its own default (documented on each setter). Durations
 * reported by the server are nanoseconds on the wire and are exposed both as {@code long}
 * nanoseconds and as {@link java.time.Duration}. Metrics that the server omitted are {@code 0}.
 *
 * <p>Open JSON structures (a JSON schema, tool parameters, tool-call arguments, {@code model_info})
 * are {@code Map<String, Object>} whose values are {@code String}, {@code Number}, {@code Boolean},
 * {@code List}, {@code Map} or {@code null}; key order is preserved.
 */
@NullMarked
package io.ollamalan.model;

import org.jspecify.annotations.NullMarked;
