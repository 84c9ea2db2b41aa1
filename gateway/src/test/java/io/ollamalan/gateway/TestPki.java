package io.ollamalan.gateway;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests, made with BouncyCastle: CAs, server and client certificates, PEM. */
public final class TestPki {

  private static final Provider BC = new BouncyCastleProvider();
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** How a private key is written. */
  public enum KeyFormat {
    /** {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1). */
    TRADITIONAL,
    /** {@code PRIVATE KEY} (PKCS#8). */
    PKCS8,
    /** {@code ENCRYPTED PRIVATE KEY} (PKCS#8, PBES2 with AES-256-CBC). */
    ENCRYPTED_PKCS8,
    /** {@code RSA/EC PRIVATE KEY} with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED}. */
    ENCRYPTED_TRADITIONAL
  }

  /** A certificate, its key pair and the chain above it (issuers, without the root). */
  public record Issued(X509Certificate certificate, KeyPair keyPair, List<X509Certificate> above) {

    /** The certificate then its intermediates, as a server or client presents them. */
    public String chainPem() {
      List<Object> objects = new ArrayList<>();
      objects.add(certificate);
      objects.addAll(above);
      return pem(objects.toArray());
    }

    public String certificatePem() {
      return pem(certificate);
    }

    public String keyPem(KeyFormat format, char[] password) {
      return TestPki.keyPem(keyPair, format, password);
    }

    public String keyPem() {
      return keyPem(KeyFormat.PKCS8, null);
    }

    /** Writes {@code name.pem} (chain) and {@code name-key.pem} (PKCS#8) into {@code dir}. */
    public Path writeChain(Path dir, String name) {
      return write(dir.resolve(name + ".pem"), chainPem());
    }

    public Path writeKey(Path dir, String name) {
      return write(dir.resolve(name + "-key.pem"), keyPem());
    }
  }

  private TestPki() {}

  /** A P-256 key from BouncyCastle, whose SEC1 encoding (unlike the JDK's) names its curve. */
  public static KeyPair ecKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  public static KeyPair rsaKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A self-signed CA, valid from a day ago for thirty days. */
  public static Issued ca(String commonName) {
    KeyPair kp = ecKey();
    Instant now = Instant.now();
    X509Certificate cert =
        sign(
            new X500Name("CN=" + commonName),
            kp,
            new X500Name("CN=" + commonName),
            kp,
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(30)),
            true,
            null,
            List.of());
    return new Issued(cert, kp, List.of());
  }

  /** A server certificate for {@code names} (DNS names or IP literals), valid now. */
  public static Issued server(Issued ca, String... names) {
    Instant now = Instant.now();
    return server(ca, ecKey(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)), names);
  }

  /** A server certificate with an explicit key and validity window. */
  public static Issued server(
      Issued ca, KeyPair kp, Instant notBefore, Instant notAfter, String... names) {
    X509Certificate cert =
        sign(
            new X500Name("CN=" + names[0]),
            kp,
            subject(ca),
            ca.keyPair(),
            notBefore,
            notAfter,
            false,
            KeyPurposeId.id_kp_serverAuth,
            List.of(names));
    return new Issued(cert, kp, chainAbove(ca));
  }

  /** A client certificate with {@code kp}, valid now. */
  public static Issued client(Issued ca, String commonName, KeyPair kp) {
    Instant now = Instant.now();
    return client(ca, commonName, kp, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
  }

  /** A client certificate with an explicit validity window. */
  public static Issued client(
      Issued ca, String commonName, KeyPair kp, Instant notBefore, Instant notAfter) {
    X509Certificate cert =
        sign(
            new X500Name("CN=" + commonName),
            kp,
            subject(ca),
            ca.keyPair(),
            notBefore,
            notAfter,
            false,
            KeyPurposeId.id_kp_clientAuth,
            List.of());
    return new Issued(cert, kp, chainAbove(ca));
  }

  public static String pem(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static String keyPem(KeyPair kp, KeyFormat format, char[] password) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      switch (format) {
        case TRADITIONAL -> w.writeObject(kp.getPrivate());
        case PKCS8 -> w.writeObject(new JcaPKCS8Generator(kp.getPrivate(), null));
        case ENCRYPTED_PKCS8 ->
            w.writeObject(
                new JcaPKCS8Generator(
                    kp.getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                        .setProvider(BC)
                        .setPassword(password)
                        .build()));
        case ENCRYPTED_TRADITIONAL ->
            w.writeObject(
                kp.getPrivate(),
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password));
      }
    } catch (IOException | OperatorCreationException e) {
      throw new AssertionError(e);
    }
    return out.toString();
  }

  public static Path write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X500Name subject(Issued ca) {
    return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
  }

  private static List<X509Certificate> chainAbove(Issued issuer) {
    // The root itself is not sent; intermediates would be.
    if (issuer
        .certificate()
        .getSubjectX500Principal()
        .equals(issuer.certificate().getIssuerX500Principal())) {
      return List.of();
    }
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(issuer.certificate());
    chain.addAll(issuer.above());
    return chain;
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKey,
      X500Name issuer,
      KeyPair issuerKey,
      Instant notBefore,
      Instant notAfter,
      boolean ca,
      KeyPurposeId purpose,
      List<String> names) {
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKey.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(subjectKey.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(issuerKey.getPublic()));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      } else {
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (!names.isEmpty()) {
        GeneralName[] san =
            names.stream()
                .map(
                    n ->
                        new GeneralName(
                            n.matches("[0-9.]+") || n.contains(":")
                                ? GeneralName.iPAddress
                                : GeneralName.dNSName,
                            n))
                .toArray(GeneralName[]::new);
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
      }
      String algorithm =
          issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder(algorithm)
                      .setProvider(BC)
                      .build(issuerKey.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new AssertionError(e);
    }
  }
}
