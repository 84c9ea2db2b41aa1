/**
 * Spring Boot auto-configuration of the fleet client: {@link
 * io.ollamalan.spring.autoconfigure.OllamaLanProperties properties} under {@code ollama.lan}, the
 * client, its health indicator, metrics, tracing and discovery through Spring Cloud.
 */
@NullMarked
package io.ollamalan.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
