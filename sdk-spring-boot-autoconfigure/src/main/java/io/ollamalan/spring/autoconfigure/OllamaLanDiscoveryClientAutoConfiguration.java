package io.ollamalan.spring.autoconfigure;

import io.ollamalan.OllamaClient;
import java.util.Objects;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;

/**
 * A node source fed by the application's Spring Cloud {@link DiscoveryClient}, active when {@code
 * ollama.lan.discovery.spring-cloud.service-id} is set. The client closes the source.
 */
@AutoConfiguration(
    before = OllamaLanAutoConfiguration.class,
    afterName = {
      "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
      "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration"
    })
@ConditionalOnClass({OllamaClient.class, DiscoveryClient.class})
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
@ConditionalOnProperty(OllamaLanProperties.CONFIG_PREFIX + ".discovery.spring-cloud.service-id")
@ConditionalOnBean(DiscoveryClient.class)
@EnableConfigurationProperties(OllamaLanProperties.class)
public final class OllamaLanDiscoveryClientAutoConfiguration {

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  DiscoveryClientNodeSource ollamaLanDiscoveryClientNodeSource(
      DiscoveryClient discoveryClient, OllamaLanProperties properties) {
    OllamaLanProperties.SpringCloud p = properties.getDiscovery().getSpringCloud();
    try {
      return new DiscoveryClientNodeSource(
          discoveryClient,
          Objects.requireNonNull(p.getServiceId()).strip(),
          p.getRefreshInterval());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          OllamaLanProperties.CONFIG_PREFIX + ".discovery.spring-cloud.refresh-interval",
          p.getRefreshInterval(),
          e.getMessage());
    }
  }
}
