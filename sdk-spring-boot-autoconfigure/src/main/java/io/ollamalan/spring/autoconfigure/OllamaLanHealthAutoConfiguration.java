package io.ollamalan.spring.autoconfigure;

import io.ollamalan.OllamaClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The fleet's health indicator, {@code ollamaLan} in {@code /actuator/health}; off with {@code
 * management.health.ollamalan.enabled=false}.
 */
@AutoConfiguration(after = OllamaLanAutoConfiguration.class)
@ConditionalOnClass({OllamaClient.class, HealthIndicator.class})
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
@ConditionalOnBean(OllamaClient.class)
@ConditionalOnEnabledHealthIndicator("ollamalan")
public final class OllamaLanHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "ollamaLanHealthIndicator")
  OllamaLanHealthIndicator ollamaLanHealthIndicator(OllamaClient client) {
    return new OllamaLanHealthIndicator(client);
  }
}
