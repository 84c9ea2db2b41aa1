package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import io.ollamalan.grpc.v1.VersionRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's TLS 1.3 and mutual TLS, configured from PEM files. */
class GatewayTlsTest {
  @TempDir Path dir;

  final TestPki.Issued ca = TestPki.ca("Gateway Test CA");
  final TestPki.Issued serverCert = TestPki.server(ca, "localhost", "127.0.0.1");

  ServerTls.Builder serverTls() {
    return ServerTls.builder()
        .certificatePem(
            serverCert.writeChain(dir, "server"), serverCert.writeKey(dir, "server"), null);
  }

  static ManagedChannel channel(int port, SslContext ssl) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .overrideAuthority("localhost")
        .sslContext(ssl)
        .build();
  }

  SslContextBuilder trustingClient() {
    return GrpcSslContexts.forClient().trustManager(ca.certificate());
  }

  static void close(ManagedChannel c) throws InterruptedException {
    c.shutdownNow();
    c.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void servesTls13AndRefusesPlaintextAndTls12Clients() throws Exception {
    try (TestGateway gw = TestGateway.start(1, n -> {}, c -> c, b -> b.tls(serverTls().build()))) {
      AtomicReference<SSLSession> session = new AtomicReference<>();
      ManagedChannel tls = channel(gw.gateway.port(), trustingClient().build());
      try {
        ChatResponse r =
            ChatServiceGrpc.newBlockingStub(tls)
                .withInterceptors(capture(session))
                .chat(GatewayServiceTest.chat("over tls"));
        assertThat(r.getDone()).isTrue();
        assertThat(session.get().getProtocol()).isEqualTo("TLSv1.3");
      } finally {
        close(tls);
      }

      ManagedChannel plain =
          NettyChannelBuilder.forAddress("127.0.0.1", gw.gateway.port()).usePlaintext().build();
      ManagedChannel tls12 =
          channel(gw.gateway.port(), trustingClient().protocols("TLSv1.2").build());
      try {
        for (ManagedChannel refused : new ManagedChannel[] {plain, tls12}) {
          assertThatThrownBy(
                  () ->
                      ModelsServiceGrpc.newBlockingStub(refused)
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .version(VersionRequest.getDefaultInstance()))
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
      } finally {
        close(plain);
        close(tls12);
      }
    }
  }

  @Test
  void mutualTlsAdmitsClientsOfTheTrustedCaOnlyAndRecordsTheirName() throws Exception {
    TestPki.Issued client = TestPki.client(ca, "billing-service", TestPki.ecKey());
    TestPki.Issued otherCa = TestPki.ca("Someone Else");
    TestPki.Issued stranger = TestPki.client(otherCa, "stranger", TestPki.ecKey());
    Path caFile = TestPki.write(dir.resolve("clients-ca.pem"), ca.certificatePem());
    RecordingClient rec = new RecordingClient();
    try (TestGateway gw =
        TestGateway.start(
            1,
            n -> {},
            rec::wrap,
            b ->
                b.tls(
                    serverTls()
                        .clientCaPem(caFile)
                        .clientAuth(ServerTls.ClientAuth.REQUIRE)
                        .build()))) {
      ManagedChannel withCert =
          channel(
              gw.gateway.port(),
              trustingClient()
                  .keyManager(client.keyPair().getPrivate(), client.certificate())
                  .build());
      ManagedChannel withoutCert = channel(gw.gateway.port(), trustingClient().build());
      ManagedChannel wrongCa =
          channel(
              gw.gateway.port(),
              trustingClient()
                  .keyManager(stranger.keyPair().getPrivate(), stranger.certificate())
                  .build());
      try {
        assertThat(
                ChatServiceGrpc.newBlockingStub(withCert)
                    .chat(GatewayServiceTest.chat("mtls"))
                    .getDone())
            .isTrue();
        assertThat(rec.options).extracting(o -> o.principal()).contains("billing-service");

        for (ManagedChannel refused : new ManagedChannel[] {withoutCert, wrongCa}) {
          assertThatThrownBy(
                  () ->
                      ModelsServiceGrpc.newBlockingStub(refused)
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .version(VersionRequest.getDefaultInstance()))
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
      } finally {
        close(withCert);
        close(withoutCert);
        close(wrongCa);
      }
    }
  }

  @Test
  void clientAuthWithoutClientCasIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> serverTls().clientAuth(ServerTls.ClientAuth.REQUIRE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clientCaPem");
    assertThatThrownBy(
            () ->
                ServerTls.builder()
                    .certificatePem(dir.resolve("missing.pem"), dir.resolve("k.pem"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.pem");
  }

  private static ClientInterceptor capture(AtomicReference<SSLSession> session) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, io.grpc.Metadata headers) {
            super.start(
                new io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener<>(
                    listener) {
                  @Override
                  public void onHeaders(io.grpc.Metadata h) {
                    session.set(getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                    super.onHeaders(h);
                  }
                },
                headers);
          }
        };
      }
    };
  }
}
