package io.ollamalan.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.tls.TlsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

class OllamaLanSecurityPropertiesTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SslAutoConfiguration.class,
                  OllamaLanAutoConfiguration.class,
                  OllamaLanSanitizingAutoConfiguration.class));

  /** What /actuator/configprops shows with show-values=always, through the context's functions. */
  private static String configprops(ApplicationContext context) {
    ConfigurationPropertiesReportEndpoint endpoint =
        new ConfigurationPropertiesReportEndpoint(
            context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(),
            Show.ALWAYS);
    endpoint.setApplicationContext(context);
    return JsonMapper.builder()
        .build()
        .writeValueAsString(endpoint.configurationPropertiesWithPrefix("ollama.lan"));
  }

  @Test
  void sslBundleGivesTrustedCasAndTheClientCertificate() {
    runner
        .withPropertyValues(
            "ollama.lan.nodes=https://gpu-1.lan:443",
            "spring.ssl.bundle.pem.fleet.truststore.certificate=classpath:tls/ca.pem",
            "spring.ssl.bundle.pem.fleet.keystore.certificate=classpath:tls/client.pem",
            "spring.ssl.bundle.pem.fleet.keystore.private-key=classpath:tls/client-key.pem",
            "ollama.lan.ssl.bundle=fleet",
            "ollama.lan.ssl.require-tls=true",
            "ollama.lan.ssl.pins[*.gpu.lan]=sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .run(
            context -> {
              TlsConfig tls = context.getBean(TlsConfig.class);
              assertThat(tls.requireTls()).isTrue();
              assertThat(tls.trustedCas())
                  .extracting(c -> c.getSubjectX500Principal().getName())
                  .containsExactly("CN=Fleet Test CA");
              assertThat(tls.trustsSystemCas()).isFalse();
              assertThat(tls.clientCertificateChain())
                  .extracting(c -> c.getSubjectX500Principal().getName())
                  .containsExactly("CN=fleet-client");
              assertThat(tls.clientPrivateKey()).isPresent();
              assertThat(tls.pinsFor("a.gpu.lan")).hasSize(1);
              assertThat(tls.pinsFor("other.lan")).isEmpty();
            });
  }

  @Test
  void withoutBundleTheJdkCasAreTrusted() {
    runner
        .withPropertyValues("ollama.lan.nodes=http://127.0.0.1:1")
        .run(
            context -> {
              TlsConfig tls = context.getBean(TlsConfig.class);
              assertThat(tls.trustsSystemCas()).isTrue();
              assertThat(tls.trustedCas()).isEmpty();
              assertThat(tls.clientPrivateKey()).isEmpty();
            });
  }

  @Test
  void requireTlsRefusesPlainNodesAtStartup() {
    runner
        .withPropertyValues(
            "ollama.lan.nodes=http://127.0.0.1:1", "ollama.lan.ssl.require-tls=true")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void secretsAreMaskedInConfigpropsEvenWhenValuesAreShown() {
    runner
        .withPropertyValues(
            "ollama.lan.nodes=http://ops:n0de-pass@127.0.0.1:1",
            "ollama.lan.auth.bearer-token=t0p-s3cret-t0ken")
        .run(
            context -> {
              String json = configprops(context);
              assertThat(json).contains("ollama.lan");
              assertThat(json).doesNotContain("t0p-s3cret-t0ken").doesNotContain("n0de-pass");
              assertThat(json).contains("127.0.0.1:1");
            });
  }

  @Test
  void configpropsShowsNonSecretValues() {
    runner
        .withPropertyValues("ollama.lan.nodes=http://127.0.0.1:1", "ollama.lan.timeouts.connect=3s")
        .run(
            context -> {
              String json = configprops(context);
              assertThat(json).contains("\"value\":\"3s\"").contains("127.0.0.1:1");
            });
  }
}
