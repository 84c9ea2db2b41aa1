package io.ollamalan.grpc.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One gateway endpoint: {@code grpc://host:port} (plaintext) or {@code grpcs://host:port} (TLS).
 * Its {@link #id()} is what {@link io.ollamalan.OllamaClient#fleet()} reports.
 */
public record GatewayAddress(String host, int port, boolean tls) {

  /**
   * Parses {@code grpc://host:port} or {@code grpcs://host:port}.
   *
   * @throws IllegalArgumentException naming the address and the expected form
   */
  public static GatewayAddress parse(String address) {
    String s = address.strip();
    int sep = s.indexOf("://");
    String scheme = sep < 0 ? "" : s.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!scheme.equals("grpc") && !scheme.equals("grpcs")) {
      throw new IllegalArgumentException(
          "gateway address '" + redact(s) + "' must start with grpc:// or grpcs://");
    }
    URI uri;
    try {
      uri = new URI(scheme + "://" + s.substring(sep + 3));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "gateway address '" + redact(s) + "' is not valid (" + e.getReason() + ")", e);
    }
    if (uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException(
          "gateway address '"
              + redact(s)
              + "' needs a host and a port: give "
              + scheme
              + "://host:port, with the port the gateway listens on");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "gateway address '"
              + redact(s)
              + "' carries credentials: give them with OllamaClientBuilder.auth(...) instead");
    }
    if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          "gateway address '" + redact(s) + "' must not have a path, query or fragment");
    }
    String host = uri.getHost();
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    return new GatewayAddress(host.toLowerCase(Locale.ROOT), uri.getPort(), scheme.equals("grpcs"));
  }

  /** {@code grpc://host:port} or {@code grpcs://host:port}. */
  public String id() {
    return (tls ? "grpcs://" : "grpc://") + authority();
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String redact(String s) {
    int sep = s.indexOf("://");
    int at = s.lastIndexOf('@');
    return sep >= 0 && at > sep ? s.substring(0, sep + 3) + "***" + s.substring(at) : s;
  }
}
