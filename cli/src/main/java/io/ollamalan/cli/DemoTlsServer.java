package io.ollamalan.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * For {@code pin --demo}: a TLS 1.3 listener on 127.0.0.11 with a fresh self-signed certificate,
 * standing in for an nginx in front of a node. It completes handshakes and closes.
 */
final class DemoTlsServer implements AutoCloseable {
  private final SSLServerSocket socket;
  private final X509Certificate certificate;
  private final Thread acceptor;

  private DemoTlsServer(SSLServerSocket socket, X509Certificate certificate) {
    this.socket = socket;
    this.certificate = certificate;
    this.acceptor = new Thread(this::serve, "ollamalan-demo-tls");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static DemoTlsServer start() throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = g.generateKeyPair();
      X500Name name = new X500Name("CN=demo.ollama.lan");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofMinutes(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              name,
              keys.getPublic());
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "demo.ollama.lan"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.11")
              }));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] password = "demo".toCharArray();
      ks.setKeyEntry("demo", keys.getPrivate(), password, new X509Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(kmf.getKeyManagers(), null, null);
      SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.11"), 0), 16);
      return new DemoTlsServer(s, cert);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create the demo certificate: " + e.getMessage(), e);
    }
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket c = socket.accept()) {
        c.setSoTimeout(5000);
        ((SSLSocket) c).startHandshake();
      } catch (IOException e) {
        // A client that gives up mid-handshake, or the listener closing: next connection.
      }
    }
  }

  String host() {
    return "127.0.0.11";
  }

  int port() {
    return socket.getLocalPort();
  }

  X509Certificate certificate() {
    return certificate;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
