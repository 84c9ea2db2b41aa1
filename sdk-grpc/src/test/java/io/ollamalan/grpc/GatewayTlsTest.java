package io.ollamalan.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.internal.tls.SpkiPins;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.tls.TlsConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatewayTlsTest {
  private static final Pki.Issued CA = Pki.ca("test gateway CA");
  private static final Pki.Issued SERVER = Pki.server(CA, "127.0.0.1");
  private static final Pki.Issued CLIENT = Pki.client(CA, "app-1");
  private static final ChatRequest HELLO = ChatRequest.builder("m").user("hello").build();

  private static SslContext serverSsl(boolean requireClientCertificate) throws Exception {
    SslContextBuilder b =
        GrpcSslContexts.forServer(stream(SERVER.certificatePem()), stream(SERVER.keyPem()));
    if (requireClientCertificate) {
      b.trustManager(CA.certificate()).clientAuth(ClientAuth.REQUIRE);
    }
    return b.protocols("TLSv1.3").build();
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }

  private static TlsConfig.Builder trustingCa() {
    return TlsConfig.builder().trustedCaPem(CA.certificatePem());
  }

  @Test
  void grpcsGatewayIsReachedWithTheTrustedCa() throws Exception {
    try (TestGateway g = new TestGateway("tls", serverSsl(false));
        OllamaClient client =
            OllamaClient.builder().nodes(g.address()).tls(trustingCa().build()).build()) {
      assertThat(g.address()).startsWith("grpcs://");
      assertThat(client.chat(HELLO).content()).isEqualTo("tls says hello");
    }
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() throws Exception {
    try (TestGateway g = new TestGateway("mtls", serverSsl(true));
        OllamaClient withCert =
            OllamaClient.builder()
                .nodes(g.address())
                .tls(
                    trustingCa()
                        .clientCertificatePem(CLIENT.certificatePem(), CLIENT.keyPem(), null)
                        .build())
                .build();
        OllamaClient withoutCert =
            OllamaClient.builder()
                .nodes(g.address())
                .tls(trustingCa().build())
                .maxAttempts(1)
                .build()) {
      assertThat(withCert.chat(HELLO).content()).isEqualTo("mtls says hello");
      assertThatThrownBy(() -> withoutCert.chat(HELLO)).isInstanceOf(OllamaException.class);
    }
  }

  @Test
  void untrustedCertificateIsATlsFailure() throws Exception {
    Pki.Issued otherCa = Pki.ca("another CA");
    try (TestGateway g = new TestGateway("tls", serverSsl(false));
        OllamaClient client =
            OllamaClient.builder()
                .nodes(g.address())
                .tls(TlsConfig.builder().trustedCaPem(otherCa.certificatePem()).build())
                .build()) {
      assertThatThrownBy(() -> client.chat(HELLO))
          .isInstanceOfSatisfying(
              OllamaException.class, e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.TLS));
    }
  }

  @Test
  void pinsAreEnforced() throws Exception {
    try (TestGateway g = new TestGateway("tls", serverSsl(false));
        OllamaClient pinnedRight =
            OllamaClient.builder()
                .nodes(g.address())
                .tls(trustingCa().pin("127.0.0.1", SpkiPins.of(SERVER.certificate())).build())
                .build();
        OllamaClient pinnedWrong =
            OllamaClient.builder()
                .nodes(g.address())
                .tls(trustingCa().pin("127.0.0.1", SpkiPins.of(CLIENT.certificate())).build())
                .build()) {
      assertThat(pinnedRight.chat(HELLO).content()).isEqualTo("tls says hello");
      assertThatThrownBy(() -> pinnedWrong.chat(HELLO))
          .isInstanceOfSatisfying(
              OllamaException.class, e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.TLS));
    }
  }
}
