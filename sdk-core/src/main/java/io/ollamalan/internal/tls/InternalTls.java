package io.ollamalan.internal.tls;

import io.ollamalan.Node;
import io.ollamalan.tls.TlsConfig;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.CertificatePinner;
import okhttp3.CipherSuite;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link TlsConfig} into OkHttp settings. The client's entry point is {@link
 * #apply(OkHttpClient.Builder, TlsConfig, Node)}.
 */
public final class InternalTls {

  private static final Logger log = LoggerFactory.getLogger(InternalTls.class);

  /** TLS 1.3's suites, all AEAD. */
  static final List<CipherSuite> TLS13_SUITES =
      List.of(
          CipherSuite.TLS_AES_128_GCM_SHA256,
          CipherSuite.TLS_AES_256_GCM_SHA384,
          CipherSuite.TLS_CHACHA20_POLY1305_SHA256);

  /** TLS 1.2 suites with forward secrecy and AEAD only, as OkHttp's RESTRICTED_TLS. */
  static final List<CipherSuite> TLS12_SUITES =
      List.of(
          CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
          CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
          CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
          CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
          CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
          CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256);

  /**
   * One context per configuration object, so that node clients built from the same configuration
   * share an SSLContext (and its session cache). Keys are compared by identity (TlsConfig does not
   * override equals) and held weakly.
   */
  private static final Map<TlsConfig, TlsContext> CONTEXTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private InternalTls() {}

  /**
   * Configures {@code builder} to reach {@code node} as {@code config} says, and returns it.
   *
   * <p>For an {@code https} node: the socket factory and trust manager (trusted CAs, client
   * certificate, JDK or BouncyCastle JSSE), a single connection spec (TLS 1.3, or 1.3 and 1.2 with
   * {@code allowTls12()}, strong suites only, no cleartext), the certificate pinner, no redirects
   * from https to http, and an application interceptor that turns TLS failures into {@link
   * TlsFailureException}. OkHttp's default hostname verifier stays in place. For a plain node the
   * builder is left as it is, unless the configuration requires TLS.
   *
   * <p>Add auth separately with {@link AuthInterceptor#install}.
   *
   * @throws IllegalArgumentException if {@code node} is plain http and {@code config} requires TLS
   *     (see {@link NoDowngradePolicy}), or the TLS context cannot be created
   */
  public static OkHttpClient.Builder apply(
      OkHttpClient.Builder builder, TlsConfig config, Node node) {
    NoDowngradePolicy.requireTls(config, node);
    if (!node.isTls()) {
      return builder;
    }
    TlsConfig effective = config.forNode(node);
    TlsContext context = context(effective);
    builder.sslSocketFactory(context.socketFactory(), context.trustManager());
    builder.connectionSpecs(List.of(context.connectionSpec()));
    builder.certificatePinner(context.certificatePinner());
    builder.followSslRedirects(false);
    if (builder.interceptors().stream().noneMatch(i -> i instanceof TlsFailureInterceptor)) {
      builder.addInterceptor(new TlsFailureInterceptor(config));
    }
    log.debug("TLS for {}: {}", node.id(), effective);
    return builder;
  }

  /** The OkHttp and JSSE objects for {@code config}, created once per configuration object. */
  public static TlsContext context(TlsConfig config) {
    TlsContext context = CONTEXTS.get(config);
    if (context == null) {
      context = create(config);
      CONTEXTS.put(config, context);
    }
    return context;
  }

  static TlsContext create(TlsConfig config) {
    Provider provider = config.usesBouncyCastleJsse() ? BcJsse.provider() : null;
    try {
      X509TrustManager trustManager = trustManager(config, provider);
      KeyManager[] keyManagers = keyManagers(config, provider);
      SSLContext ssl =
          provider == null
              ? SSLContext.getInstance("TLS")
              : SSLContext.getInstance("TLS", provider);
      ssl.init(keyManagers, new TrustManager[] {trustManager}, null);
      return new TlsContext(
          ssl.getSocketFactory(), trustManager, connectionSpec(config), certificatePinner(config));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot create a TLS context for " + config + ": " + e.getMessage(), e);
    }
  }

  static ConnectionSpec connectionSpec(TlsConfig config) {
    ConnectionSpec.Builder b = new ConnectionSpec.Builder(ConnectionSpec.RESTRICTED_TLS);
    if (config.tls12Allowed()) {
      CipherSuite[] suites = new CipherSuite[TLS13_SUITES.size() + TLS12_SUITES.size()];
      Arrays.setAll(
          suites,
          i ->
              i < TLS13_SUITES.size()
                  ? TLS13_SUITES.get(i)
                  : TLS12_SUITES.get(i - TLS13_SUITES.size()));
      b.tlsVersions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2).cipherSuites(suites);
    } else {
      b.tlsVersions(TlsVersion.TLS_1_3).cipherSuites(TLS13_SUITES.toArray(new CipherSuite[0]));
    }
    return b.build();
  }

  static CertificatePinner certificatePinner(TlsConfig config) {
    if (config.pins().isEmpty()) {
      return CertificatePinner.DEFAULT;
    }
    CertificatePinner.Builder b = new CertificatePinner.Builder();
    config.pins().forEach((pattern, pins) -> b.add(pattern, pins.toArray(new String[0])));
    return b.build();
  }

  private static X509TrustManager trustManager(TlsConfig config, @Nullable Provider provider)
      throws GeneralSecurityException {
    KeyStore anchors = null;
    if (!config.trustedCas().isEmpty() || !config.trustsSystemCas()) {
      anchors = emptyKeyStore();
      int i = 0;
      for (X509Certificate ca : config.trustedCas()) {
        anchors.setCertificateEntry("ca-" + i++, ca);
      }
      if (config.trustsSystemCas()) {
        for (X509Certificate ca : trustManagerFor(null, provider).getAcceptedIssuers()) {
          anchors.setCertificateEntry("system-" + i++, ca);
        }
      }
    }
    return trustManagerFor(anchors, provider);
  }

  private static X509TrustManager trustManagerFor(
      @Nullable KeyStore anchors, @Nullable Provider provider) throws GeneralSecurityException {
    TrustManagerFactory factory =
        provider == null
            ? TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
            : TrustManagerFactory.getInstance("PKIX", provider);
    factory.init(anchors);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager in " + factory.getProvider());
  }

  /** The client certificate's key managers, or null when none is configured. */
  private static KeyManager @Nullable [] keyManagers(TlsConfig config, @Nullable Provider provider)
      throws GeneralSecurityException {
    if (config.clientPrivateKey().isEmpty()) {
      return null;
    }
    // The in-memory store needs a password; a random one that never leaves this method.
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
    try {
      KeyStore store = emptyKeyStore();
      store.setKeyEntry(
          "client",
          config.clientPrivateKey().get(),
          password,
          config.clientCertificateChain().toArray(new Certificate[0]));
      KeyManagerFactory factory =
          provider == null
              ? KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
              : KeyManagerFactory.getInstance("PKIX", provider);
      factory.init(store, password);
      return factory.getKeyManagers();
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("cannot create an in-memory key store", e);
    }
    return store;
  }

  /**
   * The OkHttp and JSSE objects for one configuration.
   *
   * @param socketFactory creates TLS sockets with the trust and key material
   * @param trustManager the trust manager inside {@code socketFactory}, which OkHttp also needs to
   *     clean certificate chains for pinning
   * @param connectionSpec protocol versions and cipher suites
   * @param certificatePinner the pins; {@link CertificatePinner#DEFAULT} when there are none
   */
  public record TlsContext(
      SSLSocketFactory socketFactory,
      X509TrustManager trustManager,
      ConnectionSpec connectionSpec,
      CertificatePinner certificatePinner) {}
}
