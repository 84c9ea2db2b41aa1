package io.ollamalan.internal.tls;

import java.io.IOException;
import java.io.Reader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads certificates and private keys from PEM with BouncyCastle's {@link PEMParser}.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the source (a file
 * path or a description) and says what to do. No message ever contains key material or a password.
 * Objects of other kinds in the same PEM are skipped, so one file may hold a key and its chain.
 */
public final class PemFiles {

  /** BouncyCastle as a provider instance: never installed into {@code java.security.Security}. */
  private static final Provider BC = new BouncyCastleProvider();

  private PemFiles() {}

  /**
   * Reads every certificate in {@code pem}, in order.
   *
   * @param source names the PEM in error messages, e.g. a file path
   * @throws IllegalArgumentException if the PEM cannot be parsed or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Reader pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(pem)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
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
   * Reads the first private key in {@code pem}: PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC
   * PRIVATE KEY}), PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY})
   * or a legacy OpenSSL-encrypted PKCS#1/SEC1 key.
   *
   * @param password for encrypted keys; may be null for plain ones. Not retained.
   * @throws IllegalArgumentException if there is no key, the key is encrypted and no or a wrong
   *     password was given, or the PEM cannot be parsed
   */
  public static PrivateKey readPrivateKey(Reader pem, String source, char[] password) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
    Object o;
    try (PEMParser parser = new PEMParser(pem)) {
      do {
        o = parser.readObject();
      } while (o != null && !isKey(o));
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
    if (o == null) {
      throw new IllegalArgumentException(
          source
              + " contains no PEM private key: expected a -----BEGIN PRIVATE KEY-----, RSA "
              + "PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY block (a PKCS#12 file "
              + "converts with 'openssl pkcs12 -in store.p12 -nocerts -out key.pem')");
    }
    boolean encrypted =
        o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair;
    if (encrypted && (password == null || password.length == 0)) {
      throw new IllegalArgumentException(
          source
              + " holds an encrypted private key but no password was given: pass the key's "
              + "password with clientCertificatePem(certificates, key, password)");
    }
    try {
      if (o instanceof PKCS8EncryptedPrivateKeyInfo info) {
        return converter.getPrivateKey(
            info.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password)));
      }
      if (o instanceof PEMEncryptedKeyPair pair) {
        return converter.getPrivateKey(
            pair.decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password))
                .getPrivateKeyInfo());
      }
      if (o instanceof PEMKeyPair pair) {
        // SEC1 keys may omit the public key, so read the private half only.
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      return converter.getPrivateKey((PrivateKeyInfo) o);
    } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
      if (encrypted) {
        throw new IllegalArgumentException(
            "could not decrypt the private key in "
                + source
                + ": the password is wrong or the "
                + "key's encryption is not supported; check it with 'openssl pkey -in <key file> "
                + "-noout' and re-encrypt if needed with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'",
            e);
      }
      throw new IllegalArgumentException(
          "could not read the private key in "
              + source
              + " ("
              + describe(e)
              + "): check that "
              + "it is an RSA, EC or Ed25519 key with 'openssl pkey -in <key file> -noout'",
          e);
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
      Signature signer = Signature.getInstance(algorithm, BC);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, BC);
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
    switch (key.getAlgorithm()) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
      case "ECDSA":
        return "SHA256withECDSA";
      case "Ed25519":
      case "Ed448":
      case "EdDSA":
        return key.getAlgorithm();
      default:
        throw new IllegalArgumentException(
            "unsupported client key algorithm " + key.getAlgorithm() + ": use RSA, EC or Ed25519");
    }
  }

  private static boolean isKey(Object o) {
    return o instanceof PEMKeyPair
        || o instanceof PrivateKeyInfo
        || o instanceof PKCS8EncryptedPrivateKeyInfo
        || o instanceof PEMEncryptedKeyPair;
  }

  /** The exception's class and message; BouncyCastle messages never carry key bytes. */
  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
