package io.ollamalan.spi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.OllamaClient;
import io.ollamalan.tls.TlsConfig;
import org.junit.jupiter.api.Test;

class GatewayAddressTest {

  @Test
  void gatewayAddressWithoutTheGrpcArtifactNamesTheArtifact() {
    assertThatThrownBy(() -> OllamaClient.builder().nodes("grpc://127.0.0.1:50051").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("io.ollamalan:sdk-grpc");
  }

  @Test
  void gatewaysAndHttpNodesCannotBeMixed() {
    assertThatThrownBy(
            () ->
                OllamaClient.builder()
                    .nodes("grpc://user:secret@127.0.0.1:50051", "http://127.0.0.1:11434")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot mix")
        .hasMessageNotContaining("secret");
  }

  @Test
  void plaintextGatewayIsRefusedWhenTlsIsRequired() {
    assertThatThrownBy(
            () ->
                OllamaClient.builder()
                    .nodes("grpc://127.0.0.1:50051")
                    .tls(TlsConfig.builder().requireTls(true).build())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("grpcs://");
  }

  @Test
  void grpcAndGrpcsCannotBeMixed() {
    assertThatThrownBy(
            () ->
                OllamaClient.builder()
                    .nodes("grpc://127.0.0.1:50051", "GRPCS://127.0.0.1:50052")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mix grpc:// and grpcs://");
  }
}
