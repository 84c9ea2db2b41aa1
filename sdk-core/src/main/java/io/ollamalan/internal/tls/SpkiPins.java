package io.ollamalan.internal.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** SPKI SHA-256 pins in OkHttp's {@code sha256/BASE64=} notation. */
public final class SpkiPins {

  /** The prefix of every pin this SDK accepts. */
  public static final String PREFIX = "sha256/";

  /** How to compute a pin without this SDK, for error messages and docs. */
  public static final String OPENSSL_RECIPE =
      "openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der"
          + " | openssl dgst -sha256 -binary | openssl enc -base64";

  private SpkiPins() {}

  /** The pin of a certificate's public key. */
  public static String of(X509Certificate certificate) {
    return of(certificate.getPublicKey());
  }

  /** The pin of a public key: SHA-256 over its DER SubjectPublicKeyInfo. */
  public static String of(PublicKey publicKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
      return PREFIX + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
  }

  /**
   * Checks a pin's form and returns it trimmed.
   *
   * @throws IllegalArgumentException naming the pin, the host pattern and how to compute one
   */
  public static String validate(String pin, String hostPattern) {
    String p = pin == null ? "" : pin.strip();
    boolean ok = p.startsWith(PREFIX);
    if (ok) {
      try {
        ok = Base64.getDecoder().decode(p.substring(PREFIX.length())).length == 32;
      } catch (IllegalArgumentException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "pin '"
              + pin
              + "' for host pattern '"
              + hostPattern
              + "' is not of the form "
              + "sha256/<base64 of 32 bytes>: compute it with Pins.pinsOfPemFile(path), "
              + "Pins.pinsOfHost(host, port, timeout) or: "
              + OPENSSL_RECIPE);
    }
    return p;
  }
}
