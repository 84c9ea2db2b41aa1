package io.ollamalan.spring.autoconfigure;

import io.ollamalan.OllamaClientBuilder;

/**
 * Adjusts the {@link OllamaClientBuilder} after the properties were applied and before the client
 * is built, for settings that have no property (an executor, an OkHttp customizer, a custom
 * balancer). Beans of this type run in {@link org.springframework.core.annotation.Order} order.
 */
@FunctionalInterface
public interface OllamaClientBuilderCustomizer {

  /** Customizes the builder. */
  void customize(OllamaClientBuilder builder);
}
