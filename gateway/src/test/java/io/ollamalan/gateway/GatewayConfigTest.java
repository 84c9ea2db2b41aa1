package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.gateway.internal.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {
  @TempDir Path dir;

  Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("gateway.yaml"), text);
  }

  @Test
  void defaultsMatchTheDocumentedValues() {
    GatewayConfig c = GatewayConfig.defaults();
    assertThat(c.port()).isEqualTo(50051);
    assertThat(c.permitKeepAliveTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.permitKeepAliveWithoutCalls()).isTrue();
    assertThat(c.drainGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.tls()).isEmpty();
    assertThat(c.hasFleet()).isFalse();
  }

  @Test
  void readsTheFileAndLetsTheEnvironmentOverrideIt() throws Exception {
    Path file =
        yaml(
            """
            server:
              port: 50052
              drainGrace: 2m
              keepalive:
                permitTime: 10s
                permitWithoutCalls: false
            metrics:
              port: 9100
            fleet:
              nodes:
                - http://10.0.0.11:11434
                - http://10.0.0.12:11434
              healthCheckInterval: 500ms
            """);
    GatewayConfig c =
        GatewayConfig.load(
            file,
            Map.of(
                "OLLAMA_GATEWAY_SERVER_PORT", "6000",
                "OLLAMA_GATEWAY_FLEET_NODES", "http://a:11434, http://b:11434",
                "PATH", "/usr/bin"));
    assertThat(c.port()).isEqualTo(6000);
    assertThat(c.drainGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.permitKeepAliveTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.permitKeepAliveWithoutCalls()).isFalse();
    assertThat(c.metricsPort()).isEqualTo(9100);
    assertThat(c.nodes()).containsExactly("http://a:11434", "http://b:11434");
    assertThat(c.healthCheckInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aMisspeltKeyOrVariableIsAnErrorNamingIt() throws Exception {
    Path file = yaml("server:\n  prot: 50052\n");
    assertThatThrownBy(() -> GatewayConfig.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server.prot")
        .hasMessageContaining("server.port");
    assertThatThrownBy(() -> GatewayConfig.load(null, Map.of("OLLAMA_GATEWAY_PORT", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OLLAMA_GATEWAY_PORT")
        .hasMessageContaining("OLLAMA_GATEWAY_SERVER_PORT");
  }

  @Test
  void badValuesNameTheKeyAndTheVariable() throws Exception {
    assertThatThrownBy(() -> GatewayConfig.load(yaml("server:\n  drainGrace: soon\n"), Map.of()))
        .hasMessageContaining("server.drainGrace")
        .hasMessageContaining("OLLAMA_GATEWAY_SERVER_DRAIN_GRACE")
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> GatewayConfig.load(yaml("server:\n  port: 70000\n"), Map.of()))
        .hasMessageContaining("server.port")
        .hasMessageContaining("70000");
    assertThatThrownBy(
            () -> GatewayConfig.load(yaml("server:\n  tls:\n    clientAuth: require\n"), Map.of()))
        .hasMessageContaining("server.tls.certificate");
  }

  @Test
  void tlsFilesAreReadFromTheConfigurationAndTheKeyPasswordStaysSecret() throws Exception {
    TestPki.Issued ca = TestPki.ca("Config CA");
    TestPki.Issued server = TestPki.server(ca, "localhost");
    Path cert = server.writeChain(dir, "server");
    Path key =
        TestPki.write(
            dir.resolve("server-key.pem"),
            server.keyPem(TestPki.KeyFormat.ENCRYPTED_PKCS8, "s3cret-pw".toCharArray()));
    Path clientCa = TestPki.write(dir.resolve("ca.pem"), ca.certificatePem());
    Path file =
        yaml(
            "server:\n  tls:\n    certificate: "
                + cert
                + "\n    key: "
                + key
                + "\n    clientCa: "
                + clientCa
                + "\n");
    GatewayConfig c =
        GatewayConfig.load(file, Map.of("OLLAMA_GATEWAY_SERVER_TLS_KEY_PASSWORD", "s3cret-pw"));
    ServerTls tls = c.tls().orElseThrow();
    assertThat(tls.clientAuth()).isEqualTo(ServerTls.ClientAuth.REQUIRE);
    assertThat(tls.protocols()).isEqualTo(List.of("TLSv1.3"));
    assertThat(tls.certificateChain()).hasSize(1);
    assertThat(c.toString()).doesNotContain("s3cret-pw");
    assertThat(tls.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigFile.envName("server.keepalive.permitTime"))
        .isEqualTo("OLLAMA_GATEWAY_SERVER_KEEPALIVE_PERMIT_TIME");
    assertThat(ConfigFile.envName("fleet.dnsSrv")).isEqualTo("OLLAMA_GATEWAY_FLEET_DNS_SRV");
  }
}
