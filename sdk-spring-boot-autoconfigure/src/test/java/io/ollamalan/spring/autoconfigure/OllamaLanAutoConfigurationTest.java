package io.ollamalan.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.ClientListener;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.auth.Auth;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.tls.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OllamaLanAutoConfigurationTest {

  private static FakeFleet fleet;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(SslAutoConfiguration.class, OllamaLanAutoConfiguration.class));

  @BeforeAll
  static void startFleet() {
    fleet = FakeFleet.startIndexed(2, 0, (i, b) -> b.model(FakeModel.chat("llama3.2")));
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  private static String nodes() {
    return "ollama.lan.nodes=" + String.join(",", fleet.baseUrls());
  }

  @Test
  void nodesGiveAClientThatReachesThem() {
    runner
        .withPropertyValues(nodes())
        .run(
            context -> {
              assertThat(context).hasSingleBean(OllamaClient.class);
              OllamaClient client = context.getBean(OllamaClient.class);
              FleetSnapshot snapshot = client.fleet();
              assertThat(snapshot.nodes()).hasSize(2);
              assertThat(client.version().version()).isEqualTo(fleet.node(0).version());
            });
  }

  @Test
  void disabledAddsNoBean() {
    runner
        .withPropertyValues(nodes(), "ollama.lan.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(OllamaClient.class);
              assertThat(context).doesNotHaveBean(OllamaLanProperties.class);
              assertThat(context).doesNotHaveBean(OllamaLanConnectionDetails.class);
              assertThat(context).doesNotHaveBean(TlsConfig.class);
              assertThat(context).doesNotHaveBean(Auth.class);
            });
  }

  @Test
  void clientIsClosedWithTheContext() {
    AtomicBoolean closed = new AtomicBoolean();
    runner
        .withPropertyValues(nodes())
        .withBean(
            OllamaClientBuilderCustomizer.class, () -> b -> b.listener(new ClientListener() {}))
        .run(
            context -> {
              OllamaClient client = context.getBean(OllamaClient.class);
              context.close();
              try {
                client.tags();
              } catch (RuntimeException e) {
                closed.set(true);
              }
            });
    assertThat(closed).as("a call after the context closed must fail").isTrue();
  }

  @Test
  void userClientMakesTheAutoConfiguredOneBackOff() {
    runner
        .withPropertyValues(nodes())
        .withUserConfiguration(UserClient.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(OllamaClient.class);
              assertThat(context).hasBean("myClient");
            });
  }

  @Test
  void userAuthAndTlsMakeTheAutoConfiguredOnesBackOff() {
    Auth auth = Auth.bearer("user-token");
    TlsConfig tls = TlsConfig.builder().requireTls(false).build();
    runner
        .withPropertyValues(nodes(), "ollama.lan.auth.bearer-token=from-properties")
        .withBean(Auth.class, () -> auth)
        .withBean(TlsConfig.class, () -> tls)
        .run(
            context -> {
              assertThat(context.getBean(Auth.class)).isSameAs(auth);
              assertThat(context.getBean(TlsConfig.class)).isSameAs(tls);
            });
  }

  @Test
  void connectionDetailsReplaceTheNodeList() {
    runner
        .withPropertyValues("ollama.lan.nodes=http://127.0.0.1:9")
        .withBean(OllamaLanConnectionDetails.class, () -> () -> List.of(fleet.node(1).baseUrl()))
        .run(
            context -> {
              OllamaClient client = context.getBean(OllamaClient.class);
              assertThat(client.fleet().nodes())
                  .extracting(s -> s.node().id())
                  .containsExactly(fleet.node(1).baseUrl());
            });
  }

  @Test
  void nodesOfEveryConnectionDetailsBeanAreMerged() {
    runner
        .withBean(
            "first", OllamaLanConnectionDetails.class, () -> () -> List.of(fleet.node(0).baseUrl()))
        .withBean(
            "second",
            OllamaLanConnectionDetails.class,
            () -> () -> List.of(fleet.node(1).baseUrl()))
        .run(
            context ->
                assertThat(context.getBean(OllamaClient.class).fleet().nodes())
                    .extracting(s -> s.node().id())
                    .containsExactlyInAnyOrderElementsOf(fleet.baseUrls()));
  }

  @Test
  void grpcGatewayAddressesUseTheGrpcTransport() {
    runner
        .withPropertyValues(
            "ollama.lan.nodes=grpc://127.0.0.1:1", "ollama.lan.grpc.keep-alive-time=45s")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              OllamaClient client = context.getBean(OllamaClient.class);
              assertThat(client.getClass().getName()).startsWith("io.ollamalan.grpc.");
            });
  }

  @Test
  void noNodeAndNoSourceFailsNamingTheProperty() {
    runner.run(
        context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("ollama.lan.nodes"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ollama.lan.nodes=ftp://gpu-1.lan | ollama.lan.nodes[0]",
        "ollama.lan.timeouts.connect=0s | ollama.lan.timeouts.connect",
        "ollama.lan.timeouts.first-byte=-1s | ollama.lan.timeouts.first-byte",
        "ollama.lan.timeouts.call=-5s | ollama.lan.timeouts.call",
        "ollama.lan.grpc.keep-alive-time=0s | ollama.lan.grpc.keep-alive-time",
        "ollama.lan.timeouts.response=0s | ollama.lan.timeouts.response",
        "ollama.lan.pool.max-line-size=10B | ollama.lan.pool.max-line-size",
        "ollama.lan.pool.max-idle-connections-per-node=-1 | "
            + "ollama.lan.pool.max-idle-connections-per-node",
        "ollama.lan.retry.max-attempts=0 | ollama.lan.retry.max-attempts",
        "ollama.lan.retry.budget-ratio=11 | ollama.lan.retry.budget-ratio",
        "ollama.lan.routing.initial-concurrency=0 | ollama.lan.routing.initial-concurrency",
        "ollama.lan.routing.hedge-after=0s | ollama.lan.routing.hedge-after",
        "ollama.lan.breaker.failure-rate-threshold=0 | ollama.lan.breaker.failure-rate-threshold",
        "ollama.lan.breaker.open-duration=0s | ollama.lan.breaker.open-duration",
        "ollama.lan.health.interval=0s | ollama.lan.health",
        "ollama.lan.ssl.pins.gpu-1.lan=md5/abc | ollama.lan.ssl.pins",
        "ollama.lan.ssl.bundle=missing | ollama.lan.ssl.bundle",
        "ollama.lan.discovery.dns.srv=ollama.lan | ollama.lan.discovery.dns.srv",
        "ollama.lan.discovery.probe.ranges=10.0.0.0/99 | ollama.lan.discovery.probe.ranges",
        "ollama.lan.auth.password=secret-value | ollama.lan.auth.username",
      })
  void badValueFailsAtStartupNamingTheProperty(String property, String named) {
    runner
        .withPropertyValues("ollama.lan.nodes=" + fleet.node(0).baseUrl(), property)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(named)
                    .hasMessageNotContaining("secret-value"));
  }

  @Test
  void unparseableDurationFailsNamingTheProperty() {
    runner
        .withPropertyValues(nodes(), "ollama.lan.timeouts.connect=soon")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("ollama.lan.timeouts.connect"));
  }

  @Test
  void bearerTokenIsSentAndNeverPrinted() {
    runner
        .withPropertyValues(nodes(), "ollama.lan.auth.bearer-token=s3cr3t-t0ken")
        .run(
            context -> {
              Auth auth = context.getBean(Auth.class);
              assertThat(auth.headersFor("127.0.0.11"))
                  .containsEntry("Authorization", "Bearer s3cr3t-t0ken");
              assertThat(auth.toString()).doesNotContain("s3cr3t");
              assertThat(context.getBean(OllamaLanProperties.class).getAuth().toString())
                  .doesNotContain("s3cr3t");
            });
  }

  @Test
  void basicAuthNeedsBothParts() {
    runner
        .withPropertyValues(
            nodes(), "ollama.lan.auth.username=ops", "ollama.lan.auth.password=pa55")
        .run(
            context ->
                assertThat(context.getBean(Auth.class).headersFor("h"))
                    .containsEntry("Authorization", "Basic b3BzOnBhNTU="));
  }

  @Test
  void propertyDefaultsAreTheSdkDefaults() {
    OllamaLanProperties p = new OllamaLanProperties();
    assertThat(p.getTimeouts().getConnect()).isEqualTo(OllamaClientBuilder.DEFAULT_CONNECT_TIMEOUT);
    assertThat(p.getTimeouts().getFirstByte())
        .isEqualTo(OllamaClientBuilder.DEFAULT_FIRST_BYTE_TIMEOUT);
    assertThat(p.getTimeouts().getStreamIdle())
        .isEqualTo(OllamaClientBuilder.DEFAULT_STREAM_IDLE_TIMEOUT);
    assertThat(p.getTimeouts().getWrite()).isEqualTo(OllamaClientBuilder.DEFAULT_WRITE_TIMEOUT);
    assertThat(p.getTimeouts().getResponse())
        .isEqualTo(OllamaClientBuilder.DEFAULT_RESPONSE_TIMEOUT);
    assertThat(p.getTimeouts().getCall()).isEqualTo(OllamaClientBuilder.DEFAULT_CALL_TIMEOUT);
    assertThat(p.getPool().getMaxLineSize().toBytes())
        .isEqualTo(OllamaClientBuilder.DEFAULT_MAX_LINE_BYTES);
    assertThat(p.getPool().getMaxBodySize().toBytes())
        .isEqualTo(OllamaClientBuilder.DEFAULT_MAX_BODY_BYTES);
    assertThat(p.getPool().getMaxIdleConnectionsPerNode())
        .isEqualTo(OllamaClientBuilder.DEFAULT_MAX_IDLE_CONNECTIONS_PER_NODE);
    assertThat(p.getPool().getKeepAlive())
        .isEqualTo(OllamaClientBuilder.DEFAULT_CONNECTION_KEEP_ALIVE);
    assertThat(p.getRetry().getMaxAttempts()).isEqualTo(OllamaClientBuilder.DEFAULT_MAX_ATTEMPTS);
    assertThat(p.getGrpc().getKeepAliveTime())
        .isEqualTo(OllamaClientBuilder.DEFAULT_GRPC_KEEP_ALIVE_TIME);

    RoutingConfig sdk = RoutingConfig.defaults();
    RoutingConfig mapped = ClientSettings.routing(p);
    assertThat(mapped.initialConcurrency()).isEqualTo(sdk.initialConcurrency());
    assertThat(mapped.maxConcurrency()).isEqualTo(sdk.maxConcurrency());
    assertThat(mapped.adaptiveConcurrency()).isEqualTo(sdk.adaptiveConcurrency());
    assertThat(mapped.maxQueueWait()).isEqualTo(sdk.maxQueueWait());
    assertThat(mapped.maxQueued()).isEqualTo(sdk.maxQueued());
    assertThat(mapped.failureRateThreshold()).isEqualTo(sdk.failureRateThreshold());
    assertThat(mapped.breakerWindow()).isEqualTo(sdk.breakerWindow());
    assertThat(mapped.breakerMinimumCalls()).isEqualTo(sdk.breakerMinimumCalls());
    assertThat(mapped.breakerOpenDuration()).isEqualTo(sdk.breakerOpenDuration());
    assertThat(mapped.halfOpenProbes()).isEqualTo(sdk.halfOpenProbes());
    assertThat(mapped.consecutiveConnectFailures()).isEqualTo(sdk.consecutiveConnectFailures());
    assertThat(mapped.slowTimeToFirstToken()).isEqualTo(sdk.slowTimeToFirstToken());
    assertThat(mapped.retryBudgetRatio()).isEqualTo(sdk.retryBudgetRatio());
    assertThat(mapped.minRetriesPerSecond()).isEqualTo(sdk.minRetriesPerSecond());
    assertThat(mapped.retryBackoff()).isEqualTo(sdk.retryBackoff());
    assertThat(mapped.maxRetryBackoff()).isEqualTo(sdk.maxRetryBackoff());
    assertThat(mapped.hedgeAfter()).isEqualTo(sdk.hedgeAfter());
    assertThat(mapped.balancerName()).isEqualTo(sdk.balancerName());
    assertThat(ClientSettings.healthChecks(p.getHealth())).isEqualTo(HealthCheckConfig.defaults());
  }

  @Test
  void propertiesReachTheRoutingConfiguration() {
    OllamaLanProperties p = new OllamaLanProperties();
    p.getRouting().setBalancer(OllamaLanProperties.Balancer.ROUND_ROBIN);
    p.getRouting().setHedgeAfter(Duration.ofSeconds(3));
    p.getBreaker().setWindow(40);
    RoutingConfig r = ClientSettings.routing(p);
    assertThat(r.balancerName()).isEqualTo(io.ollamalan.routing.Balancers.roundRobin().name());
    assertThat(r.hedgeAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(r.breakerWindow()).isEqualTo(40);
  }

  @Configuration(proxyBeanMethods = false)
  static class UserClient {
    @Bean(destroyMethod = "close")
    OllamaClient myClient() {
      return OllamaClient.builder().nodes(fleet.node(0).baseUrl()).build();
    }
  }
}
