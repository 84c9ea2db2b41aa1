package io.ollamalan.internal.discovery;

import io.ollamalan.Node;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the TXT record of an announced node (mDNS/DNS-SD or unicast DNS) leniently: every {@code
 * key=value} string is taken on its own, and one that cannot be used is reported in {@link
 * Txt#problems()} and skipped, never failing the whole record.
 *
 * <p>Known keys: {@code scheme} ({@code http} or {@code https}), {@code path} (a base path such as
 * {@code /ollama}), {@code weight} (1–10000), {@code zone}, {@code models} (comma-separated hints).
 * Other keys become node labels. Keys are case-insensitive; the first occurrence of a key wins (RFC
 * 6763 §6.4).
 */
public final class TxtRecords {
  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*/?");
  private static final int MAX_VALUE = 255;

  private TxtRecords() {}

  /**
   * What a TXT record says about a node.
   *
   * @param scheme {@code http} or {@code https}, null when not given
   * @param path a base path without trailing slash, null when not given
   * @param weight a node weight, null when not given
   * @param zone a zone, null when not given
   * @param labels every other usable key, plus {@code models} when given
   * @param problems one message per string that was skipped
   */
  public record Txt(
      @Nullable String scheme,
      @Nullable String path,
      @Nullable Integer weight,
      @Nullable String zone,
      Map<String, String> labels,
      List<String> problems) {

    /** A node at {@code host:port} with what this record says applied. */
    public Node toNode(String host, int port, String defaultScheme) throws URISyntaxException {
      String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      URI uri =
          new URI(
              (scheme != null ? scheme : defaultScheme)
                  + "://"
                  + h
                  + ":"
                  + port
                  + (path != null ? path : ""));
      Node n = Node.of(uri.toString());
      return new Node(
          n.baseUri(),
          weight != null ? weight : Node.DEFAULT_WEIGHT,
          zone != null ? zone : "",
          labels);
    }
  }

  /** An empty record. */
  public static Txt empty() {
    return new Txt(null, null, null, null, Map.of(), List.of());
  }

  /**
   * Splits TXT wire data (length-prefixed strings) and parses it; a truncated tail is a problem. No
   * data (null) is an empty record.
   */
  public static Txt parseWire(byte @Nullable [] wire) {
    List<byte[]> strings = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    while (wire != null && i < wire.length) {
      int len = wire[i] & 0xff;
      if (i + 1 + len > wire.length) {
        problems.add("TXT data truncated at byte " + i);
        break;
      }
      byte[] s = new byte[len];
      System.arraycopy(wire, i + 1, s, 0, len);
      strings.add(s);
      i += 1 + len;
    }
    Txt t = parse(strings);
    if (problems.isEmpty()) {
      return t;
    }
    problems.addAll(t.problems());
    return new Txt(t.scheme(), t.path(), t.weight(), t.zone(), t.labels(), problems);
  }

  /** Parses TXT strings, each {@code key=value} or a bare {@code key}. */
  public static Txt parse(List<byte[]> strings) {
    String scheme = null;
    String path = null;
    Integer weight = null;
    String zone = null;
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (byte[] raw : strings) {
      if (raw.length == 0) {
        continue;
      }
      String s;
      try {
        s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw))
                .toString();
      } catch (CharacterCodingException e) {
        problems.add("skipped a TXT string that is not UTF-8 (" + raw.length + " bytes)");
        continue;
      }
      int eq = s.indexOf('=');
      String key = (eq < 0 ? s : s.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : s.substring(eq + 1).strip();
      if (!KEY.matcher(key).matches()) {
        problems.add(
            "skipped TXT key '" + printable(key) + "': keys are letters, digits, '.', '_' or '-'");
        continue;
      }
      if (!seen.add(key)) {
        problems.add("skipped repeated TXT key '" + key + "'");
        continue;
      }
      if (eq < 0) {
        continue;
      }
      if (value.length() > MAX_VALUE || hasControl(value)) {
        problems.add(
            "skipped TXT " + key + ": value has control characters or is longer than " + MAX_VALUE);
        continue;
      }
      switch (key) {
        case "scheme" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.equals("http") || v.equals("https")) {
            scheme = v;
          } else {
            problems.add("skipped TXT scheme='" + printable(value) + "': expected http or https");
          }
        }
        case "path" -> {
          if (PATH.matcher(value).matches()) {
            String p = value;
            while (p.endsWith("/")) {
              p = p.substring(0, p.length() - 1);
            }
            path = p;
          } else {
            problems.add(
                "skipped TXT path='" + printable(value) + "': expected a URL path like /ollama");
          }
        }
        case "weight" -> {
          try {
            int w = Integer.parseInt(value);
            if (w < 1 || w > 10_000) {
              throw new NumberFormatException();
            }
            weight = w;
          } catch (NumberFormatException e) {
            problems.add(
                "skipped TXT weight='" + printable(value) + "': expected an integer in 1..10000");
          }
        }
        case "zone" -> zone = value;
        case "models" -> {
          List<String> models = new ArrayList<>();
          for (String m : value.split(",", -1)) {
            String t = m.strip();
            if (!t.isEmpty() && t.chars().noneMatch(Character::isWhitespace)) {
              models.add(t);
            }
          }
          labels.put("models", String.join(",", models));
        }
        case "txtvers" -> {}
        default -> labels.put(key, value);
      }
    }
    return new Txt(scheme, path, weight, zone, labels, problems);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> Character.isISOControl(c));
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
