package io.ollamalan.tls;

/**
 * A TLS setting needs an optional library that is not on the class path. The message names the
 * Maven artifact to add; {@link #artifact()} gives it as {@code groupId:artifactId}.
 *
 * <p>The SDK reads PEM certificates and unencrypted PKCS#8 keys with the JDK alone. BouncyCastle is
 * needed only for PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) and encrypted
 * keys ({@code org.bouncycastle:bcpkix-jdk18on}) and for {@link
 * TlsConfig.Builder#useBouncyCastleJsse(boolean)} ({@code org.bouncycastle:bctls-jdk18on}).
 */
public final class MissingDependencyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String artifact;

  /**
   * @param message what needed the library and what to do
   * @param artifact the Maven artifact to add, as {@code groupId:artifactId}
   * @param cause the linkage error that showed the library missing
   */
  public MissingDependencyException(String message, String artifact, Throwable cause) {
    super(message, cause);
    this.artifact = artifact;
  }

  /** The Maven artifact to add, as {@code groupId:artifactId}. */
  public String artifact() {
    return artifact;
  }
}
