package io.ollamalan.auth;

import io.ollamalan.internal.tls.HostPatterns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Credentials the client sends to nodes (or to the proxy in front of them) as HTTP headers on every
 * request: a bearer token, HTTP basic credentials or custom headers, for all nodes or for the hosts
 * matching a pattern.
 *
 * <pre>{@code
 * Auth auth = Auth.bearer(() -> tokenStore.current())
 *     .and(Auth.forHosts("*.lab.corp", Auth.headers(Map.of("X-Api-Key", labKey))));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Secrets never appear in {@link #toString()}, logs or exception
 * messages. Headers are computed per request and per host, so a rotating token is picked up by the
 * next request, and a redirect to another host never carries credentials meant for the first.
 */
public abstract class Auth {

  private static final Auth NONE = new None();

  /** Headers that would break HTTP framing or routing if set by hand. */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "upgrade",
          "te",
          "keep-alive",
          "proxy-connection");

  Auth() {}

  /** Sends no credentials. The default. */
  public static Auth none() {
    return NONE;
  }

  /**
   * Sends {@code Authorization: Bearer <token>}.
   *
   * @throws IllegalArgumentException if the token is blank or has characters a header cannot carry
   *     (the message never contains the token)
   */
  public static Auth bearer(String token) {
    Objects.requireNonNull(token, "token");
    checkValue("Authorization", "bearer token", token);
    Map<String, String> headers = Map.of("Authorization", "Bearer " + token.strip());
    return new Fixed(headers, "bearer(***)");
  }

  /**
   * Sends {@code Authorization: Bearer <token>} with a token asked of {@code tokens} for every
   * request, for tokens that rotate. The supplier is called on an OkHttp thread and should return
   * quickly (cache the token; refresh it in the background). A request whose supplier throws or
   * returns a blank or malformed token fails before anything is sent.
   */
  public static Auth bearer(Supplier<String> tokens) {
    return new Rotating(Objects.requireNonNull(tokens, "tokens"));
  }

  /**
   * Sends {@code Authorization: Basic base64(user:password)} (UTF-8).
   *
   * @throws IllegalArgumentException if {@code user} contains a colon or either is null
   */
  public static Auth basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("basic auth user must not contain ':'");
    }
    String encoded =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new Fixed(Map.of("Authorization", "Basic " + encoded), "basic(user=" + user + ", ***)");
  }

  /**
   * Sends fixed custom headers, e.g. an API key your proxy checks. All values are treated as
   * secrets and never printed.
   *
   * @throws IllegalArgumentException naming the header (not its value) if a name or value cannot be
   *     sent, or the header is one the transport owns ({@code Host}, {@code Content-Length}, ...)
   */
  public static Auth headers(Map<String, String> headers) {
    Objects.requireNonNull(headers, "headers");
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          checkName(name);
          checkValue(name, "value of header " + name, Objects.requireNonNull(value, name));
          copy.put(name, value.strip());
        });
    List<String> names = new ArrayList<>();
    copy.keySet().forEach(n -> names.add(n + "=***"));
    return new Fixed(copy, "headers(" + String.join(", ", names) + ")");
  }

  /**
   * Sends {@code auth} only to hosts matching {@code hostPattern} (a host, {@code *.lan} for one
   * label, {@code **.corp} for any number), for per-node credentials. Combine with {@link #and}.
   */
  public static Auth forHosts(String hostPattern, Auth auth) {
    return new Scoped(HostPatterns.canonicalize(hostPattern), Objects.requireNonNull(auth, "auth"));
  }

  /**
   * Sends the headers of this and of {@code other}; where both set the same header, {@code other}'s
   * value wins.
   */
  public Auth and(Auth other) {
    Objects.requireNonNull(other, "other");
    if (other == NONE) {
      return this;
    }
    if (this == NONE) {
      return other;
    }
    return new Both(this, other);
  }

  /**
   * The headers to send on a request to {@code host}. Called by the transport for every request;
   * the values are secrets: never log them.
   *
   * @throws IllegalStateException if a token supplier fails or returns an unusable token (the
   *     message never contains the token)
   */
  public abstract Map<String, String> headersFor(String host);

  /** A description with every secret replaced by {@code ***}. */
  @Override
  public abstract String toString();

  private static void checkName(String name) {
    Objects.requireNonNull(name, "header name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "header name '"
                + name
                + "' has a character not allowed in HTTP header names at "
                + "index "
                + i);
      }
    }
    if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "header " + name + " is set by the transport and cannot be sent as an auth header");
    }
  }

  /** Checks a secret value; the message names what it is, never the value. */
  static void checkValue(String header, String what, String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(what + " is blank");
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '\t' && (c < 0x20 || c >= 0x7f)) {
        throw new IllegalArgumentException(
            what
                + " has a character that cannot be sent in the "
                + header
                + " header (a "
                + "control or non-ASCII character at index "
                + i
                + ")");
      }
    }
  }

  private static final class None extends Auth {
    @Override
    public Map<String, String> headersFor(String host) {
      return Map.of();
    }

    @Override
    public String toString() {
      return "Auth.none()";
    }
  }

  private static final class Fixed extends Auth {
    private final Map<String, String> headers;
    private final String description;

    Fixed(Map<String, String> headers, String description) {
      this.headers = Map.copyOf(headers);
      this.description = description;
    }

    @Override
    public Map<String, String> headersFor(String host) {
      return headers;
    }

    @Override
    public String toString() {
      return "Auth." + description;
    }
  }

  private static final class Rotating extends Auth {
    private final Supplier<String> tokens;

    Rotating(Supplier<String> tokens) {
      this.tokens = tokens;
    }

    @Override
    public Map<String, String> headersFor(String host) {
      String token;
      try {
        token = tokens.get();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "the bearer token supplier failed ("
                + e.getClass().getName()
                + "); no request was "
                + "sent",
            e);
      }
      if (token == null) {
        throw new IllegalStateException(
            "the bearer token supplier returned null; no request was sent");
      }
      try {
        checkValue("Authorization", "the token from the bearer token supplier", token);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage() + "; no request was sent");
      }
      return Map.of("Authorization", "Bearer " + token.strip());
    }

    @Override
    public String toString() {
      return "Auth.bearer(supplier)";
    }
  }

  private static final class Scoped extends Auth {
    private final String pattern;
    private final Auth auth;

    Scoped(String pattern, Auth auth) {
      this.pattern = pattern;
      this.auth = auth;
    }

    @Override
    public Map<String, String> headersFor(String host) {
      return HostPatterns.matches(pattern, host) ? auth.headersFor(host) : Map.of();
    }

    @Override
    public String toString() {
      return "Auth.forHosts(" + pattern + ", " + auth + ")";
    }
  }

  private static final class Both extends Auth {
    private final Auth first;
    private final Auth second;

    Both(Auth first, Auth second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public Map<String, String> headersFor(String host) {
      Map<String, String> a = first.headersFor(host);
      Map<String, String> b = second.headersFor(host);
      if (a.isEmpty()) {
        return b;
      }
      if (b.isEmpty()) {
        return a;
      }
      Map<String, String> merged = new LinkedHashMap<>(a);
      merged.putAll(b);
      return merged;
    }

    @Override
    public String toString() {
      return first + ".and(" + second + ")";
    }
  }
}
