package io.ollamalan.internal.tls;

import java.util.Locale;

/**
 * Host patterns as OkHttp's {@code CertificatePinner} reads them, so that pins, per-host TLS
 * settings and per-host auth all agree on which hosts a pattern covers.
 *
 * <ul>
 *   <li>{@code gpu-1.lan} matches that host only;
 *   <li>{@code *.lan} matches exactly one label before {@code .lan} ({@code gpu-1.lan}, not {@code
 *       lan} nor {@code a.b.lan});
 *   <li>{@code **.corp} matches {@code corp} and any number of labels before it.
 * </ul>
 */
public final class HostPatterns {

  private HostPatterns() {}

  /**
   * Returns the pattern in canonical (lower-case) form.
   *
   * @throws IllegalArgumentException naming the pattern and the accepted forms
   */
  public static String canonicalize(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException(
          "host pattern is empty: give a host (gpu-1.lan), *.domain or **.domain");
    }
    String p = pattern.strip().toLowerCase(Locale.ROOT);
    String rest = p.startsWith("**.") ? p.substring(3) : p.startsWith("*.") ? p.substring(2) : p;
    if (rest.isEmpty()
        || rest.contains("*")
        || rest.startsWith(".")
        || rest.endsWith(".")
        || rest.contains("..")
        || rest.contains("/")
        || rest.contains(" ")) {
      throw new IllegalArgumentException(
          "host pattern '"
              + pattern
              + "' is invalid: give a host (gpu-1.lan), *.domain (one "
              + "label) or **.domain (any number of labels, including none)");
    }
    return p;
  }

  /** Whether {@code host} is covered by the canonical {@code pattern}. */
  public static boolean matches(String pattern, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (pattern.startsWith("**.")) {
      String suffix = pattern.substring(3);
      return h.equals(suffix) || h.endsWith("." + suffix);
    }
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(2);
      int labelEnd = h.length() - suffix.length() - 1;
      return labelEnd > 0 && h.endsWith("." + suffix) && h.lastIndexOf('.', labelEnd - 1) == -1;
    }
    return h.equals(pattern);
  }
}
