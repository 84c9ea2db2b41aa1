package io.ollamalan.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ollamalan.OllamaClient;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.observability.OllamaMetrics;
import io.ollamalan.observability.OllamaTracing;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

class OllamaLanActuatorAutoConfigurationTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static FakeFleet fleet;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  OllamaLanAutoConfiguration.class,
                  OllamaLanHealthAutoConfiguration.class,
                  OllamaLanMetricsAutoConfiguration.class,
                  OllamaLanTracingAutoConfiguration.class,
                  OllamaLanDiscoveryClientAutoConfiguration.class));

  @BeforeAll
  static void startFleet() {
    fleet =
        FakeFleet.startIndexed(
            2, 0, (i, b) -> b.model(FakeModel.chat("llama3.2")).loaded("llama3.2"));
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  private static String[] fastHealth() {
    return new String[] {
      "ollama.lan.nodes=" + String.join(",", fleet.baseUrls()),
      "ollama.lan.health.interval=100ms",
      "ollama.lan.health.timeout=1s",
      "ollama.lan.health.tags-interval=1s"
    };
  }

  @Test
  void healthIsUpWithNodeDetailsAndDownPerKilledNode() {
    try (FakeFleet own =
        FakeFleet.startIndexed(
            2, 0, (i, b) -> b.model(FakeModel.chat("llama3.2")).loaded("llama3.2"))) {
      runner
          .withPropertyValues(
              "ollama.lan.nodes=" + String.join(",", own.baseUrls()),
              "ollama.lan.health.interval=100ms",
              "ollama.lan.health.timeout=1s",
              "ollama.lan.health.tags-interval=1s",
              "ollama.lan.auth.bearer-token=never-shown")
          .run(
              context -> {
                OllamaLanHealthIndicator indicator =
                    context.getBean("ollamaLanHealthIndicator", OllamaLanHealthIndicator.class);
                await()
                    .atMost(Duration.ofSeconds(20))
                    .until(
                        () -> {
                          Map<String, Object> n =
                              nodes(indicator.health(true)).get(own.node(0).baseUrl());
                          return "UP".equals(n.get("status"))
                              && !"".equals(n.get("version"))
                              && !((List<?>) n.get("loadedModels")).isEmpty();
                        });
                Health health = indicator.health(true);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                Map<String, Map<String, Object>> nodes = nodes(health);
                Map<String, Object> first = nodes.get(own.node(0).baseUrl());
                assertThat(first).containsEntry("state", "UP").containsEntry("status", "UP");
                assertThat(first.get("version")).isEqualTo(own.node(0).version());
                assertThat(first.get("loadedModels")).asList().contains("llama3.2:latest");
                assertThat(first).containsKey("breaker");
                assertThat(health.toString()).doesNotContain("never-shown");

                own.node(1).stop();
                await()
                    .atMost(Duration.ofSeconds(20))
                    .until(
                        () ->
                            "DOWN"
                                .equals(
                                    nodes(indicator.health(true))
                                        .get(own.node(1).baseUrl())
                                        .get("status")));
                assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);

                own.node(0).stop();
                await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> indicator.health(true).getStatus().equals(Status.DOWN));
              });
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> nodes(Health health) {
    return (Map<String, Map<String, Object>>) health.getDetails().get("nodes");
  }

  @Test
  void healthIndicatorCanBeSwitchedOff() {
    runner
        .withPropertyValues(fastHealth())
        .withPropertyValues("management.health.ollamalan.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(OllamaLanHealthIndicator.class));
  }

  @Test
  void metricsAreBoundToTheApplicationsRegistry() {
    runner
        .withPropertyValues(fastHealth())
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(OllamaMetrics.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              OllamaClient client = context.getBean(OllamaClient.class);
              client.chat(ChatRequest.builder("llama3.2").user("hi").build());
              assertThat(registry.find(OllamaMetrics.REQUEST_LATENCY).timer()).isNotNull();
              assertThat(registry.find(OllamaMetrics.REQUEST_LATENCY).timer().count()).isEqualTo(1);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> registry.find(OllamaMetrics.NODE_STATE).gauges().size() > 0);
            });
  }

  @Test
  void metricsBackOffWithoutRegistryOrWhenDisabled() {
    runner
        .withPropertyValues(fastHealth())
        .run(context -> assertThat(context).doesNotHaveBean(OllamaMetrics.class));
    runner
        .withPropertyValues(fastHealth())
        .withPropertyValues("ollama.lan.metrics.enabled=false")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> assertThat(context).doesNotHaveBean(OllamaMetrics.class));
  }

  @Test
  void callsAreTracedThroughTheApplicationsOpenTelemetry() {
    otel.clearSpans();
    runner
        .withPropertyValues(fastHealth())
        .withBean(OpenTelemetry.class, otel::getOpenTelemetry)
        .run(
            context -> {
              assertThat(context).hasSingleBean(OllamaTracing.class);
              context
                  .getBean(OllamaClient.class)
                  .chat(ChatRequest.builder("llama3.2").user("hi").build());
              await().atMost(Duration.ofSeconds(10)).until(() -> !otel.getSpans().isEmpty());
              assertThat(otel.getSpans().get(0).getName()).contains("llama3.2");
            });
    runner
        .withPropertyValues(fastHealth())
        .run(context -> assertThat(context).doesNotHaveBean(OllamaTracing.class));
  }

  @Test
  void springCloudDiscoveryClientFeedsNodes() {
    URI uri = URI.create(fleet.node(1).baseUrl());
    DiscoveryClient registry =
        new DiscoveryClient() {
          @Override
          public String description() {
            return "test registry";
          }

          @Override
          public List<ServiceInstance> getInstances(String serviceId) {
            if (!serviceId.equals("ollama")) {
              return List.of();
            }
            return List.of(
                new DefaultServiceInstance(
                    "i-1",
                    "ollama",
                    uri.getHost(),
                    uri.getPort(),
                    false,
                    Map.of("zone", "rack-2", "weight", "7", "gpu", "a100")));
          }

          @Override
          public List<String> getServices() {
            return List.of("ollama");
          }
        };
    runner
        .withBean(DiscoveryClient.class, () -> registry)
        .withPropertyValues("ollama.lan.discovery.spring-cloud.service-id=ollama")
        .run(
            context -> {
              assertThat(context).hasSingleBean(DiscoveryClientNodeSource.class);
              OllamaClient client = context.getBean(OllamaClient.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> client.fleet().nodes().size() == 1);
              var node = client.fleet().nodes().get(0).node();
              assertThat(node.id()).isEqualTo(fleet.node(1).baseUrl());
              assertThat(node.zone()).isEqualTo("rack-2");
              assertThat(node.weight()).isEqualTo(7);
              assertThat(node.labels()).containsEntry("gpu", "a100");
            });
    runner
        .withBean(DiscoveryClient.class, () -> registry)
        .withPropertyValues(fastHealth())
        .run(context -> assertThat(context).doesNotHaveBean(NodeSource.class));
  }
}
