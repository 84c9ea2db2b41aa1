package io.ollamalan.spring.autoconfigure;

import io.ollamalan.ClientListener;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.auth.Auth;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.tls.TlsConfig;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * The fleet client, configured from {@code ollama.lan.*}. The client is closed with the application
 * context; its listeners ({@code ClientListener} beans, such as the metrics and the tracing) and
 * extra discovery sources ({@code NodeSource} beans) are picked up from the context.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(OllamaClient.class)
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
@EnableConfigurationProperties(OllamaLanProperties.class)
public final class OllamaLanAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(OllamaLanConnectionDetails.class)
  PropertiesOllamaLanConnectionDetails ollamaLanConnectionDetails(OllamaLanProperties properties) {
    return new PropertiesOllamaLanConnectionDetails(properties);
  }

  @Bean
  @ConditionalOnMissingBean
  Auth ollamaLanAuth(OllamaLanProperties properties) {
    return ClientSettings.auth(properties.getAuth());
  }

  @Bean
  @ConditionalOnMissingBean
  TlsConfig ollamaLanTlsConfig(
      OllamaLanProperties properties, ObjectProvider<SslBundles> sslBundles) {
    return ClientSettings.tls(properties.getSsl(), sslBundles.getIfAvailable());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  OllamaClient ollamaClient(
      OllamaLanProperties properties,
      ObjectProvider<OllamaLanConnectionDetails> connectionDetails,
      TlsConfig tls,
      Auth auth,
      ObjectProvider<NodeSource> nodeSources,
      ObjectProvider<ClientListener> listeners,
      ObjectProvider<OllamaClientBuilderCustomizer> customizers) {
    OllamaClientBuilder builder = OllamaClient.builder().tls(tls).auth(auth);
    List<String> nodes = new java.util.ArrayList<>();
    connectionDetails.orderedStream().forEach(d -> nodes.addAll(d.getNodes()));
    for (int i = 0; i < nodes.size(); i++) {
      String node = nodes.get(i);
      try {
        builder.nodes(node);
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            OllamaLanProperties.CONFIG_PREFIX + ".nodes[" + i + "]", redact(node), e.getMessage());
      }
    }
    List<NodeSource> sources = new java.util.ArrayList<>(ClientSettings.nodeSources(properties));
    nodeSources.orderedStream().forEach(sources::add);
    if (nodes.isEmpty() && sources.isEmpty()) {
      throw new InvalidConfigurationPropertyValueException(
          OllamaLanProperties.CONFIG_PREFIX + ".nodes",
          "[]",
          "no node and no discovery source: set ollama.lan.nodes[0]=http://host:11434, or one of"
              + " ollama.lan.discovery.dns.srv, .dns.host, .mdns.enabled, .probe.ranges,"
              + " .spring-cloud.service-id; or set ollama.lan.enabled=false");
    }
    sources.forEach(builder::nodeSource);
    ClientSettings.apply(properties, builder);
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static String redact(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : "***" + address.substring(at);
  }
}
