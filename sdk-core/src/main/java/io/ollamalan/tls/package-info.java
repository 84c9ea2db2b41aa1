/**
 * Transport security for https nodes: {@link io.ollamalan.tls.TlsConfig} (TLS versions, private CA,
 * client certificates, SPKI pins, no-downgrade) and {@link io.ollamalan.tls.Pins} to compute pins.
 * See docs/security.md for putting nginx in front of Ollama.
 */
@NullMarked
package io.ollamalan.tls;

import org.jspecify.annotations.NullMarked;
