package io.ollamalan.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

/** Every auto-configuration the starter registers, with everything it could react to present. */
class OllamaLanDisabledTest {

  private static Class<?>[] registered() throws ClassNotFoundException {
    List<String> names = new java.util.ArrayList<>();
    ImportCandidates.load(AutoConfiguration.class, OllamaLanDisabledTest.class.getClassLoader())
        .forEach(names::add);
    List<String> ours = names.stream().filter(n -> n.startsWith("io.ollamalan.")).toList();
    Class<?>[] classes = new Class<?>[ours.size()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = Class.forName(ours.get(i));
    }
    return classes;
  }

  private ApplicationContextRunner everything() throws ClassNotFoundException {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(registered()))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(OpenTelemetry.class, OpenTelemetry::noop)
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withBean(
            DiscoveryClient.class, () -> new SimpleDiscoveryClient(new SimpleDiscoveryProperties()))
        .withPropertyValues(
            "ollama.lan.nodes=http://127.0.0.1:1",
            "ollama.lan.discovery.spring-cloud.service-id=ollama");
  }

  @Test
  void everyAutoConfigurationIsRegistered() throws ClassNotFoundException {
    assertThat(Arrays.stream(registered()).map(Class::getSimpleName))
        .containsExactlyInAnyOrder(
            "OllamaLanAutoConfiguration",
            "OllamaLanDiscoveryClientAutoConfiguration",
            "OllamaLanHealthAutoConfiguration",
            "OllamaLanMetricsAutoConfiguration",
            "OllamaLanTracingAutoConfiguration",
            "OllamaLanSanitizingAutoConfiguration",
            "OllamaLanSpringAiAutoConfiguration");
  }

  @Test
  void disabledAddsNoBeanAtAll() throws ClassNotFoundException {
    everything()
        .withPropertyValues("ollama.lan.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              List<String> ours =
                  Arrays.stream(context.getBeanDefinitionNames())
                      .filter(
                          name -> {
                            Class<?> type = context.getType(name);
                            return type != null && type.getName().startsWith("io.ollamalan.");
                          })
                      .toList();
              assertThat(ours).isEmpty();
            });
  }

  @Test
  void enabledAddsEveryPart() throws ClassNotFoundException {
    everything()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .hasSingleBean(io.ollamalan.OllamaClient.class)
                  .hasSingleBean(OllamaLanHealthIndicator.class)
                  .hasSingleBean(io.ollamalan.observability.OllamaMetrics.class)
                  .hasSingleBean(io.ollamalan.observability.OllamaTracing.class)
                  .hasSingleBean(DiscoveryClientNodeSource.class)
                  .hasSingleBean(io.ollamalan.spring.ai.OllamaLanChatModel.class)
                  .hasSingleBean(io.ollamalan.spring.ai.OllamaLanEmbeddingModel.class);
            });
  }
}
