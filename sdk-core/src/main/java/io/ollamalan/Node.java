package io.ollamalan;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One Ollama server (or the reverse proxy in front of it) as the client addresses it.
 *
 * <p>Two nodes are the same node when their {@link #id()} is equal: discovery sources that find the
 * same address are deduplicated on it. The id never contains credentials.
 *
 * @param baseUri where the node's API lives, e.g. {@code http://10.0.0.5:11434} or {@code
 *     https://gpu-1.lan/ollama}; never ends with a slash
 * @param weight relative share of traffic when all else is equal; default {@link #DEFAULT_WEIGHT}
 * @param zone an operator-chosen locality label (rack, room, site); may be empty
 * @param labels free-form operator labels (e.g. {@code gpu=a100}); never null
 */
public record Node(URI baseUri, int weight, String zone, Map<String, String> labels) {

  /** Ollama's default port, used when an address has neither a scheme nor a port. */
  public static final int DEFAULT_PORT = 11434;

  /** The weight of a node when none is given. */
  public static final int DEFAULT_WEIGHT = 100;

  public Node {
    Objects.requireNonNull(baseUri, "baseUri");
    if (weight < 1 || weight > 10_000) {
      throw new IllegalArgumentException(
          "weight must be between 1 and 10000 for node " + redact(baseUri) + ", was " + weight);
    }
    zone = zone == null ? "" : zone;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * Parses an address the way Ollama's {@code OLLAMA_HOST} is parsed: {@code host}, {@code
   * host:port}, {@code http://host[:port][/path]} or {@code https://...}. Without a scheme the
   * scheme is {@code http} and the port {@value #DEFAULT_PORT}; with a scheme and no port, the
   * scheme's default port (80 or 443).
   *
   * @throws IllegalArgumentException naming the address and the expected form when it cannot be
   *     parsed
   */
  public static Node of(String address) {
    return new Node(parseBaseUri(address), DEFAULT_WEIGHT, "", Map.of());
  }

  /** A copy of this node with another weight. */
  public Node withWeight(int weight) {
    return new Node(baseUri, weight, zone, labels);
  }

  /** A copy of this node in another zone. */
  public Node withZone(String zone) {
    return new Node(baseUri, weight, zone, labels);
  }

  /** A copy of this node with other labels. */
  public Node withLabels(Map<String, String> labels) {
    return new Node(baseUri, weight, zone, labels);
  }

  /**
   * The node's identity: scheme, host, port and path of {@link #baseUri()}, without credentials.
   * Used in logs, metrics, exceptions and routing records.
   */
  public String id() {
    // java.net.URI caches its string form: for the usual address without credentials the id
    // costs nothing after the first call.
    return baseUri.getRawUserInfo() == null
            && baseUri.getPort() != -1
            && baseUri.getQuery() == null
            && baseUri.getFragment() == null
        ? baseUri.toString()
        : redact(baseUri);
  }

  /** Whether the client reaches this node over TLS. */
  public boolean isTls() {
    return "https".equals(baseUri.getScheme());
  }

  /** The host name or address literal, without brackets. */
  public String host() {
    String h = baseUri.getHost();
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  /** The port, always explicit. */
  public int port() {
    return baseUri.getPort();
  }

  @Override
  public String toString() {
    return "Node{" + id() + (zone.isEmpty() ? "" : ", zone=" + zone) + ", weight=" + weight + "}";
  }

  static String redact(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + path;
  }

  static URI parseBaseUri(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException(
          "node address is empty: give host[:port] or http(s)://host[:port][/path]");
    }
    String s = address.strip();
    if (s.length() >= 2
        && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("'") && s.endsWith("'")))) {
      s = s.substring(1, s.length() - 1).strip();
    }
    String scheme = "http";
    int defaultPort = DEFAULT_PORT;
    int sep = s.indexOf("://");
    if (sep >= 0) {
      scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException(
            "node address '"
                + safe(address)
                + "' has scheme '"
                + scheme
                + "': only http and https are supported");
      }
      defaultPort = scheme.equals("https") ? 443 : 80;
      s = s.substring(sep + 3);
    }
    try {
      URI uri = new URI(scheme + "://" + s);
      String host = uri.getHost();
      if (host == null || host.isEmpty()) {
        throw new IllegalArgumentException(
            "node address '"
                + safe(address)
                + "' has no host: give host[:port] or "
                + "http(s)://host[:port][/path]");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException(
            "node address '" + safe(address) + "' must not have a query or fragment");
      }
      int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "node address '" + safe(address) + "' has port " + port + ", outside 1..65535");
      }
      String path = uri.getPath() == null ? "" : uri.getPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return new URI(
          scheme,
          uri.getUserInfo(),
          host.toLowerCase(Locale.ROOT),
          port,
          path.isEmpty() ? null : path,
          null,
          null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "node address '"
              + safe(address)
              + "' is not a valid URL ("
              + e.getReason()
              + "): give host[:port] or http(s)://host[:port][/path]",
          e);
    }
  }

  /** Strips user info so that credentials in a malformed address never reach a message. */
  private static String safe(String address) {
    String s = address.strip();
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      int sep = s.indexOf("://");
      s = (sep >= 0 ? s.substring(0, sep + 3) : "") + "***@" + s.substring(at + 1);
    }
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
