package io.ollamalan.spring.autoconfigure;

import io.ollamalan.OllamaClient;
import io.ollamalan.observability.OllamaTracing;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * One OpenTelemetry span per call, after the GenAI semantic conventions, with the trace context
 * sent to the node, when the application has an {@link OpenTelemetry} bean.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"
    })
@ConditionalOnClass({OllamaClient.class, OpenTelemetry.class})
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".tracing.enabled",
    matchIfMissing = true)
@ConditionalOnBean(OpenTelemetry.class)
public final class OllamaLanTracingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  OllamaTracing ollamaLanTracing(OpenTelemetry openTelemetry) {
    return OllamaTracing.create(openTelemetry);
  }
}
