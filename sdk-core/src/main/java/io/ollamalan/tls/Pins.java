package io.ollamalan.tls;

import io.ollamalan.internal.tls.PemFiles;
import io.ollamalan.internal.tls.SpkiPins;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Computes SPKI SHA-256 pins ({@code sha256/BASE64=}) for {@link TlsConfig.Builder#pin}: of a
 * certificate, of every certificate in a PEM file, or of the chain a live host presents.
 */
public final class Pins {

  private Pins() {}

  /** The pin of {@code certificate}'s public key. */
  public static String pinOf(X509Certificate certificate) {
    return SpkiPins.of(Objects.requireNonNull(certificate, "certificate"));
  }

  /** The pin of a public key: SHA-256 over its DER SubjectPublicKeyInfo. */
  public static String pinOf(PublicKey publicKey) {
    return SpkiPins.of(Objects.requireNonNull(publicKey, "publicKey"));
  }

  /**
   * The pins of every certificate in a PEM file (a certificate, a chain or a CA bundle), in file
   * order.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file if it holds no PEM certificate
   */
  public static List<String> pinsOfPemFile(Path pemFile) throws IOException {
    try (Reader r = Files.newBufferedReader(pemFile, StandardCharsets.UTF_8)) {
      return pinsOf(PemFiles.readCertificates(r, pemFile.toString()));
    }
  }

  /**
   * The pins of the certificate chain that {@code host:port} presents, leaf first, as seen by a TLS
   * 1.2/1.3 handshake with SNI set to {@code host}.
   *
   * <p>The chain is <em>not</em> verified: this is how you learn what a host presents, e.g. to
   * bootstrap pins for a server you have just set up. Confirm a pin out of band (compute it from
   * the server's own certificate file with {@link #pinsOfPemFile}) before you trust it.
   *
   * @param timeout bounds the connect and the handshake each
   * @throws IOException if the host cannot be reached or the handshake fails
   */
  public static List<String> pinsOfHost(String host, int port, Duration timeout)
      throws IOException {
    Objects.requireNonNull(host, "host");
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAnyChain()}, null);
    } catch (GeneralSecurityException e) {
      throw new SSLException("cannot create a TLS context: " + e.getMessage(), e);
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      try (SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (!isIpLiteral(host)) {
          parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : socket.getSession().getPeerCertificates()) {
          chain.add((X509Certificate) c);
        }
        return pinsOf(chain);
      }
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  private static List<String> pinsOf(List<X509Certificate> certificates) {
    List<String> result = new ArrayList<>(certificates.size());
    for (X509Certificate c : certificates) {
      result.add(SpkiPins.of(c));
    }
    return List.copyOf(result);
  }

  /** Accepts any chain: pinsOfHost reports what is presented and sends nothing after it. */
  private static final class AcceptAnyChain implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
