package io.ollamalan.internal.tls;

import io.ollamalan.Node;
import io.ollamalan.tls.TlsConfig;
import java.util.Optional;

/**
 * Refuses plain {@code http://} nodes when the fleet requires TLS, whichever discovery source
 * reported them, so that a misconfigured or spoofed announcement cannot downgrade the client.
 */
public final class NoDowngradePolicy {

  private NoDowngradePolicy() {}

  /**
   * Why {@code node} must not be used under {@code config}, or empty if it may be.
   *
   * <p>The message names the node (never credentials) and says what to do.
   */
  public static Optional<String> refusal(TlsConfig config, Node node) {
    if (node.isTls() || !config.forNode(node).requireTls()) {
      return Optional.empty();
    }
    return Optional.of(
        "refusing node "
            + node.id()
            + ": it is plain http but the client requires TLS "
            + "(TlsConfig.requireTls). No request was sent to it. Put a TLS-terminating proxy in "
            + "front of it and address it as https://"
            + hostForUrl(node)
            + ":<port>, or stop "
            + "announcing it to this client.");
  }

  /**
   * Throws if {@code node} must not be used under {@code config}.
   *
   * @throws IllegalArgumentException with the message of {@link #refusal}
   */
  public static void requireTls(TlsConfig config, Node node) {
    Optional<String> refusal = refusal(config, node);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException(refusal.get());
    }
  }

  private static String hostForUrl(Node node) {
    return node.host().contains(":") ? "[" + node.host() + "]" : node.host();
  }
}
