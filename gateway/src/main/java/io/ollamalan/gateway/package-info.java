/**
 * The gRPC gateway: {@link io.ollamalan.gateway.Gateway} serves the ollama.api.v1 API and forwards
 * to an Ollama fleet through an {@link io.ollamalan.OllamaClient}; {@link
 * io.ollamalan.gateway.GatewayConfig} and {@link io.ollamalan.gateway.ServerTls} configure it, and
 * {@link io.ollamalan.gateway.GatewayMain} runs it from the command line. See docs/gateway.md.
 */
@NullMarked
package io.ollamalan.gateway;

import org.jspecify.annotations.NullMarked;
