package io.ollamalan.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.gateway.Gateway;
import io.ollamalan.gateway.GatewayConfig;
import io.ollamalan.gateway.ServerTls;
import io.ollamalan.gateway.TestPki;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.tls.TlsConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC transport over TLS 1.3 with mutual TLS against the real gateway, both sides configured
 * from PEM files the way operators do it.
 */
class GrpcTransportTlsTest {
  private static final String MODEL = "llama3.2";

  @TempDir Path dir;

  @Test
  void grpcsWithClientCertificateStreamsAndWithoutOneIsRefused() throws Exception {
    TestPki.Issued ca = TestPki.ca("Gateway Test CA");
    TestPki.Issued server = TestPki.server(ca, "localhost", "127.0.0.1");
    TestPki.Issued app = TestPki.client(ca, "app-1", TestPki.ecKey());
    Path caFile = TestPki.write(dir.resolve("ca.pem"), ca.certificatePem());
    ServerTls serverTls =
        ServerTls.builder()
            .certificatePem(server.writeChain(dir, "server"), server.writeKey(dir, "server"), null)
            .clientCaPem(caFile)
            .clientAuth(ServerTls.ClientAuth.REQUIRE)
            .build();
    TlsConfig trusting = TlsConfig.builder().trustedCaPem(caFile).build();
    try (FakeFleet fleet =
            FakeFleet.startIndexed(
                1, 0, (i, b) -> b.model(FakeModel.chat(MODEL).replyTokens(8)).loaded(MODEL));
        Gateway gateway =
            Gateway.builder()
                .config(
                    GatewayConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .metricsEnabled(false)
                        .tls(serverTls)
                        .nodes(fleet.baseUrls())
                        .build())
                .start();
        OllamaClient withCertificate =
            OllamaClient.builder()
                .nodes("grpcs://127.0.0.1:" + gateway.port())
                .tls(
                    trusting.toBuilder()
                        .clientCertificatePem(app.writeChain(dir, "app"), app.writeKey(dir, "app"))
                        .build())
                .build();
        OllamaClient withoutCertificate =
            OllamaClient.builder()
                .nodes("grpcs://127.0.0.1:" + gateway.port())
                .tls(trusting)
                .maxAttempts(1)
                .build()) {
      StringBuilder text = new StringBuilder();
      try (ResponseStream<ChatResponse> s =
          withCertificate.chatStream(ChatRequest.builder(MODEL).user("hello").build())) {
        s.forEachRemaining(c -> text.append(c.content()));
      }
      assertThat(text).isNotEmpty();
      assertThatThrownBy(
              () -> withoutCertificate.chat(ChatRequest.builder(MODEL).user("hello").build()))
          .isInstanceOf(OllamaException.class);
    }
  }
}
