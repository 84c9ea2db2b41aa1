package io.ollamalan.internal.tls;

import io.ollamalan.tls.MissingDependencyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads certificates and private keys from PEM.
 *
 * <p>Certificates and unencrypted PKCS#8 keys are read by the JDK alone. PKCS#1, SEC1 and encrypted
 * keys need BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on}, an optional dependency), read
 * through {@link BcPem}; without it such a key fails with a {@link MissingDependencyException}
 * naming the artifact. Every other failure is an {@link IllegalArgumentException} whose message
 * names the source (a file path or a description) and says what to do. No message ever contains key
 * material or a password. Blocks of other kinds in the same PEM are skipped, so one file may hold a
 * key and its chain.
 */
public final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** The key factories tried, in order, for a PKCS#8 key. */
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

  private static final String BCPKIX = "org.bouncycastle:bcpkix-jdk18on";

  private PemFiles() {}

  /**
   * Reads every certificate in {@code pem}, in order.
   *
   * @param source names the PEM in error messages, e.g. a file path
   * @throws IllegalArgumentException if the PEM cannot be parsed or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Reader pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(pem)) {
        if (block.label.equals("CERTIFICATE") || block.label.equals("X509 CERTIFICATE")) {
          certificates.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new IllegalArgumentException(
          "could not parse "
              + source
              + " as PEM certificates ("
              + describe(e)
              + "): give a file "
              + "with one or more -----BEGIN CERTIFICATE----- blocks; a DER file converts with "
              + "'openssl x509 -inform der -in cert.der -out cert.pem'",
          e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + " contains no PEM certificate: expected one or more -----BEGIN CERTIFICATE----- "
              + "blocks; a DER file converts with 'openssl x509 -inform der -in cert.der -out "
              + "cert.pem', a PKCS#12 file with 'openssl pkcs12 -in store.p12 -nokeys -out "
              + "cert.pem'");
    }
    return List.copyOf(certificates);
  }

  /**
   * Reads the first private key in {@code pem}: PKCS#8 ({@code PRIVATE KEY}) with the JDK; PKCS#1
   * ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED
   * PRIVATE KEY}) or a legacy OpenSSL-encrypted PKCS#1/SEC1 key with BouncyCastle.
   *
   * @param password for encrypted keys; may be null for plain ones. Not retained.
   * @throws IllegalArgumentException if there is no key, the key is encrypted and no or a wrong
   *     password was given, or the PEM cannot be parsed
   * @throws MissingDependencyException if the key needs BouncyCastle and it is not on the class
   *     path
   */
  public static PrivateKey readPrivateKey(Reader pem, String source, char @Nullable [] password) {
    Block key = null;
    try {
      for (Block block : blocks(pem)) {
        if (block.isKey()) {
          key = block;
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "could not parse "
              + source
              + " as a PEM private key ("
              + describe(e)
              + "): give a "
              + "file with a -----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY, EC PRIVATE KEY or "
              + "ENCRYPTED PRIVATE KEY block",
          e);
    }
    if (key == null) {
      throw new IllegalArgumentException(
          source
              + " contains no PEM private key: expected a -----BEGIN PRIVATE KEY-----, RSA "
              + "PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY block (a PKCS#12 file "
              + "converts with 'openssl pkcs12 -in store.p12 -nocerts -out key.pem')");
    }
    boolean encrypted = key.isEncrypted();
    if (encrypted && (password == null || password.length == 0)) {
      throw new IllegalArgumentException(
          source
              + " holds an encrypted private key but no password was given: pass the key's "
              + "password with clientCertificatePem(certificates, key, password)");
    }
    byte[] pkcs8;
    Exception failure = null;
    if (key.label.equals("PRIVATE KEY")) {
      try {
        pkcs8 = key.der();
      } catch (IllegalArgumentException e) {
        pkcs8 = null;
        failure = e;
      }
    } else {
      pkcs8 = viaBouncyCastle(key, source, password);
    }
    if (pkcs8 != null) {
      for (String algorithm : KEY_ALGORITHMS) {
        try {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
          failure = e;
        }
      }
    }
    if (encrypted) {
      throw new IllegalArgumentException(
          "could not decrypt the private key in "
              + source
              + ": the password is wrong or the "
              + "key's encryption is not supported; check it with 'openssl pkey -in <key file> "
              + "-noout' and re-encrypt if needed with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'",
          failure);
    }
    throw new IllegalArgumentException(
        "could not read the private key in "
            + source
            + (failure == null ? "" : " (" + describe(failure) + ")")
            + ": check that "
            + "it is an RSA, EC or Ed25519 key with 'openssl pkey -in <key file> -noout'",
        failure);
  }

  /** The key's PKCS#8 bytes, or null when BouncyCastle could not read or decrypt it. */
  private static byte @Nullable [] viaBouncyCastle(
      Block key, String source, char @Nullable [] password) {
    try {
      return BcPem.pkcs8(key.text, password == null ? new char[0] : password);
    } catch (BcPem.KeyException e) {
      return null;
    } catch (LinkageError e) {
      String what =
          key.isEncrypted()
              ? "an encrypted private key"
              : "a " + key.label + " (PKCS#1 or SEC1) key";
      String convert =
          key.isEncrypted()
              ? ""
              : ", or convert the key to PKCS#8, which the JDK reads: 'openssl pkcs8 -topk8 "
                  + "-nocrypt -in <key file> -out key-pkcs8.pem'";
      throw new MissingDependencyException(
          source
              + " holds "
              + what
              + ", which the JDK cannot read: add "
              + BCPKIX
              + " (BouncyCastle, same version as bcprov-jdk18on) to the application's "
              + "dependencies"
              + convert,
          BCPKIX,
          e);
    }
  }

  private static List<Block> blocks(Reader pem) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[4096];
    for (int n = pem.read(buffer); n >= 0; n = pem.read(buffer)) {
      text.append(buffer, 0, n);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2), m.group()));
    }
    return blocks;
  }

  /** One PEM block: its label, its body (headers and base64) and its whole text. */
  private static final class Block {
    final String label;
    final String body;
    final String text;

    Block(String label, String body, String text) {
      this.label = label;
      this.body = body;
      this.text = text;
    }

    boolean isKey() {
      return label.equals("PRIVATE KEY")
          || label.equals("RSA PRIVATE KEY")
          || label.equals("EC PRIVATE KEY")
          || label.equals("ENCRYPTED PRIVATE KEY");
    }

    boolean isEncrypted() {
      return label.equals("ENCRYPTED PRIVATE KEY") || body.contains("Proc-Type: 4,ENCRYPTED");
    }

    /** The DER bytes of a block without headers. */
    byte[] der() {
      return Base64.getMimeDecoder().decode(body.strip());
    }
  }

  /**
   * Checks that {@code key} is the private half of {@code certificate}'s public key by signing and
   * verifying a random challenge.
   *
   * @throws IllegalArgumentException naming both sources when they do not belong together
   */
  public static void checkKeyMatches(
      PrivateKey key, X509Certificate certificate, String keySource, String certificateSource) {
    String algorithm = signatureAlgorithm(key);
    boolean matches;
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "the private key in "
              + keySource
              + " does not belong to the first certificate in "
              + certificateSource
              + " (subject "
              + certificate.getSubjectX500Principal().getName()
              + "): give the key the certificate was issued for, with the client certificate "
              + "first in the chain; compare 'openssl x509 -in <cert> -noout -pubkey' with "
              + "'openssl pkey -in <key> -pubout'");
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
      default ->
          throw new IllegalArgumentException(
              "unsupported client key algorithm "
                  + key.getAlgorithm()
                  + ": use RSA, EC or Ed25519");
    };
  }

  /** The exception's class and message; BouncyCastle messages never carry key bytes. */
  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
