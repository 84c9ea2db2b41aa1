package io.ollamalan.grpc.internal;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.ollamalan.internal.tls.SpkiPins;
import io.ollamalan.spi.ClientTransportConfig;
import io.ollamalan.tls.TlsConfig;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/** Builds the one Netty channel a client uses for all its gateways. */
final class Channels {

  /** Keepalive ping acknowledgement limit: a gateway that does not answer within it is dead. */
  static final Duration KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(20);

  /** Largest message accepted from a gateway: as large as sdk-core's largest HTTP body. */
  static final int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** Retry backoff between two gateways, as in gRPC's retry design (jittered by gRPC). */
  static final String INITIAL_BACKOFF = "0.05s";

  static final String MAX_BACKOFF = "1s";

  private static final List<String> SERVICES =
      List.of(
          "ollama.api.v1.ChatService",
          "ollama.api.v1.GenerateService",
          "ollama.api.v1.EmbedService",
          "ollama.api.v1.ModelsService",
          "ollama.api.v1.FleetService");

  private Channels() {}

  @SuppressWarnings("deprecation") // nameResolverFactory: the only way to give a resolver instance
  static ManagedChannel open(
      ClientTransportConfig config,
      List<GatewayAddress> statics,
      boolean tls,
      GatewayTracker tracker) {
    String authority = statics.isEmpty() ? "ollamalan-gateways" : statics.get(0).authority();
    NettyChannelBuilder b =
        NettyChannelBuilder.forTarget(DiscoveryNameResolver.Factory.SCHEME + ":///" + authority)
            .nameResolverFactory(
                new DiscoveryNameResolver.Factory(
                    authority, statics, config.nodeSources(), tls, tracker))
            .defaultServiceConfig(serviceConfig(config.maxAttempts()))
            .enableRetry()
            .maxRetryAttempts(Math.max(5, config.maxAttempts()))
            .keepAliveTime(config.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(KEEP_ALIVE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .withOption(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
            .userAgent("ollama-lan-java/" + io.ollamalan.Version.VERSION);
    config.executor().ifPresent(b::executor);
    if (tls) {
      b.sslContext(sslContext(config.tls()));
    } else {
      b.usePlaintext();
    }
    return b.build();
  }

  /**
   * round_robin over the gateways with gRPC health checks (a draining gateway reports NOT_SERVING
   * and is skipped), and every method retried on another gateway when the one it went to was
   * unavailable before answering: gRPC never retries after the first response message, so a stream
   * that already delivered chunks is not replayed, and a gateway's own UNAVAILABLE answer carries a
   * negative {@code grpc-retry-pushback-ms} unless no node received the call.
   */
  static Map<String, Object> serviceConfig(int maxAttempts) {
    List<Object> names = new ArrayList<>();
    for (String s : SERVICES) {
      names.add(Map.of("service", s));
    }
    Map<String, Object> retry =
        Map.of(
            "maxAttempts",
            (double) Math.max(2, maxAttempts),
            "initialBackoff",
            INITIAL_BACKOFF,
            "maxBackoff",
            MAX_BACKOFF,
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE"));
    Map<String, Object> method =
        maxAttempts > 1 ? Map.of("name", names, "retryPolicy", retry) : Map.of("name", names);
    return Map.of(
        "loadBalancingConfig",
        List.of(Map.of("round_robin", Map.of())),
        "healthCheckConfig",
        Map.of("serviceName", ""),
        "methodConfig",
        List.of(method));
  }

  /** Netty's client context from sdk-core's TLS settings: CAs, client certificate, pins. */
  static SslContext sslContext(TlsConfig tls) {
    try {
      SslContextBuilder b = GrpcSslContexts.forClient();
      b.trustManager(new PinningTrustManager(baseTrustManager(tls), tls));
      if (tls.clientPrivateKey().isPresent()) {
        b.keyManager(
            tls.clientPrivateKey().get(),
            tls.clientCertificateChain().toArray(new X509Certificate[0]));
      }
      b.protocols(tls.tlsVersions());
      return b.build();
    } catch (SSLException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot create a TLS context for the gateways from " + tls + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager baseTrustManager(TlsConfig tls) throws GeneralSecurityException {
    KeyStore anchors = null;
    if (!tls.trustedCas().isEmpty() || !tls.trustsSystemCas()) {
      anchors = KeyStore.getInstance("PKCS12");
      try {
        anchors.load(null, null);
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException("cannot create an in-memory key store", e);
      }
      int i = 0;
      for (X509Certificate ca : tls.trustedCas()) {
        anchors.setCertificateEntry("ca-" + i++, ca);
      }
      if (tls.trustsSystemCas()) {
        for (X509Certificate ca : trustManagerFor(null).getAcceptedIssuers()) {
          anchors.setCertificateEntry("system-" + i++, ca);
        }
      }
    }
    return trustManagerFor(anchors);
  }

  private static X509TrustManager trustManagerFor(@Nullable KeyStore anchors)
      throws GeneralSecurityException {
    TrustManagerFactory f =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(anchors);
    for (TrustManager tm : f.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager in " + f.getProvider());
  }

  /**
   * Checks the chain with the trusted CAs, then the SPKI pins configured for the gateway's host, if
   * any. Host name verification stays with Netty (endpoint identification is on for clients).
   */
  static final class PinningTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager delegate;
    private final TlsConfig tls;

    PinningTrustManager(X509TrustManager delegate, TlsConfig tls) {
      this.delegate = delegate;
      this.tls = tls;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (delegate instanceof X509ExtendedTrustManager x) {
        x.checkServerTrusted(chain, authType, engine);
      } else {
        delegate.checkServerTrusted(chain, authType);
      }
      checkPins(chain, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("sockets are not used by the gRPC transport");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
      checkPins(chain, null);
    }

    private void checkPins(X509Certificate[] chain, @Nullable String host)
        throws CertificateException {
      List<String> pins = host == null ? List.of() : tls.pinsFor(host);
      if (host == null && !tls.pins().isEmpty()) {
        throw new CertificateException("pins are configured but the gateway's host is unknown");
      }
      if (pins.isEmpty()) {
        return;
      }
      for (X509Certificate c : chain) {
        if (pins.contains(SpkiPins.of(c))) {
          return;
        }
      }
      throw new CertificateException(
          "no certificate of "
              + host
              + " matches its pins "
              + pins
              + " (presented: "
              + SpkiPins.of(chain[0])
              + ")");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
