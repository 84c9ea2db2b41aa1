package io.ollamalan.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.ollamalan.OllamaClient;
import io.ollamalan.observability.OllamaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The client's meters ({@code ollama.request.latency}, {@code ollama.node.state}, ...) in the
 * application's {@link MeterRegistry}: request meters through the {@link OllamaMetrics} listener,
 * node gauges bound to the client once every singleton exists.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({OllamaClient.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".metrics.enabled",
    matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
public final class OllamaLanMetricsAutoConfiguration {

  private static final Logger log =
      LoggerFactory.getLogger(OllamaLanMetricsAutoConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  OllamaMetrics ollamaLanMetrics(MeterRegistry registry) {
    return OllamaMetrics.create(registry);
  }

  @Bean
  SmartInitializingSingleton ollamaLanMetricsBinder(
      OllamaMetrics metrics, ObjectProvider<OllamaClient> client) {
    return () ->
        client.ifUnique(
            c -> {
              try {
                metrics.bindTo(c);
              } catch (IllegalArgumentException | IllegalStateException e) {
                log.debug("fleet gauges not bound: {}", e.getMessage());
              }
            });
  }
}
