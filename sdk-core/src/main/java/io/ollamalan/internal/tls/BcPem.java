package io.ollamalan.internal.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.Provider;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.jspecify.annotations.Nullable;

/**
 * The PEM keys the JDK cannot read: PKCS#1, SEC1, encrypted PKCS#8 and legacy OpenSSL-encrypted
 * keys, turned into PKCS#8 bytes by BouncyCastle. The only class that refers to {@code bcpkix} and
 * {@code bcprov}, which are optional: {@link PemFiles} calls it only for such a key and turns a
 * missing library into a {@link io.ollamalan.tls.MissingDependencyException}.
 */
final class BcPem {

  private BcPem() {}

  /** Thrown for a PEM object that is not a key or cannot be decrypted; never holds key bytes. */
  static final class KeyException extends Exception {
    private static final long serialVersionUID = 1L;

    KeyException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The unencrypted PKCS#8 encoding of the key in {@code block} (one PEM block with its headers).
   *
   * @param password for encrypted keys, checked non-empty by the caller
   */
  static byte[] pkcs8(String block, char[] password) throws KeyException {
    Object o;
    try (PEMParser parser = new PEMParser(new StringReader(block))) {
      o = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new KeyException(describe(e), e);
    }
    try {
      PrivateKeyInfo info;
      if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        info =
            encrypted.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(Holder.PROVIDER)
                    .build(password));
      } else if (o instanceof PEMEncryptedKeyPair pair) {
        info =
            pair.decryptKeyPair(
                    new JcePEMDecryptorProviderBuilder()
                        .setProvider(Holder.PROVIDER)
                        .build(password))
                .getPrivateKeyInfo();
      } else if (o instanceof PEMKeyPair pair) {
        // SEC1 keys may omit the public key, so only the private half is read.
        info = pair.getPrivateKeyInfo();
      } else if (o instanceof PrivateKeyInfo plain) {
        info = plain;
      } else {
        throw new KeyException("not a private key", null);
      }
      return info.getEncoded();
    } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
      throw new KeyException(describe(e), e);
    }
  }

  /** The exception's class and message; BouncyCastle messages never carry key bytes. */
  private static String describe(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /** BouncyCastle as a provider instance, for decryption only; never installed globally. */
  private static final class Holder {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }
}
