package io.ollamalan.internal.tls;

import io.ollamalan.tls.MissingDependencyException;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * Creates BouncyCastle's JSSE provider. Kept in its own class because {@code bctls} is an optional
 * dependency: nothing here is loaded unless a configuration asks for it.
 */
final class BcJsse {

  private BcJsse() {}

  /** A BCJSSE provider backed by its own BC provider; neither is installed globally. */
  static Provider provider() {
    try {
      return Holder.PROVIDER;
    } catch (LinkageError e) {
      throw new MissingDependencyException(
          "TlsConfig.useBouncyCastleJsse(true) needs BouncyCastle's JSSE provider: add "
              + "org.bouncycastle:bctls-jdk18on (it brings bcprov-jdk18on) to the "
              + "application's dependencies",
          "org.bouncycastle:bctls-jdk18on",
          e);
    }
  }

  private static final class Holder {
    static final Provider PROVIDER = new BouncyCastleJsseProvider(new BouncyCastleProvider());
  }
}
