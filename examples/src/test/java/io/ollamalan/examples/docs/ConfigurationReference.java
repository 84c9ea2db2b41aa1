package io.ollamalan.examples.docs;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes docs/configuration.md from the code: every public setter of the configuration builders,
 * with its Javadoc and the value of the {@code DEFAULT_*} constant it names.
 */
final class ConfigurationReference {

  /** A builder to document: the class that holds its constants, and what it configures. */
  record Section(String className, String title, String intro) {}

  static final List<Section> SECTIONS =
      List.of(
          new Section(
              "io.ollamalan.OllamaClientBuilder",
              "Client: `OllamaClient.builder()`",
              "Nodes, timeouts, connection pools, attempts; routing, TLS, auth and health checks"
                  + " are set here with the objects below."),
          new Section(
              "io.ollamalan.routing.RoutingConfig",
              "Routing: `RoutingConfig.builder()`",
              "Balancer, per-node admission, circuit breakers, retry budget and hedging; see"
                  + " [resilience](resilience.md)."),
          new Section(
              "io.ollamalan.routing.LlmAwareBalancer",
              "The default balancer: `LlmAwareBalancer.builder()`",
              "How the default balancer predicts the cost of a call on each node."),
          new Section(
              "io.ollamalan.discovery.HealthCheckConfig",
              "Health checks: `HealthCheckConfig.builder()`",
              "How nodes are checked and when they count as down or up again; see"
                  + " [discovery](discovery.md)."),
          new Section(
              "io.ollamalan.tls.TlsConfig",
              "TLS: `TlsConfig.builder()`",
              "TLS versions, trust, client certificates and pins; see [security](security.md)."),
          new Section(
              "io.ollamalan.discovery.DnsNodeSource",
              "DNS discovery: `DnsNodeSource.forHost(name)` / `forSrv(name)`",
              "A and AAAA or SRV records; see [discovery](discovery.md)."),
          new Section(
              "io.ollamalan.discovery.MdnsNodeSource",
              "mDNS discovery: `MdnsNodeSource.builder()`",
              "Nodes announced as `_ollama._tcp.local.`."),
          new Section(
              "io.ollamalan.discovery.SubnetProbeNodeSource",
              "Subnet probe: `SubnetProbeNodeSource.builder()`",
              "Probing a range of addresses for Ollama."),
          new Section(
              "io.ollamalan.fleet.FleetOperations",
              "Fleet operations: `FleetOperations.builder(client)`",
              "Pull, delete, unload, pre-warm and inventory on many nodes at once."));

  private static final Pattern SETTER =
      Pattern.compile(
          "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*"
              + "public\\s+(?:\\w+\\.)?(?:Builder|OllamaClientBuilder)\\s+(\\w+)\\(([^)]*)\\)",
          Pattern.DOTALL);

  private static final Pattern DEFAULT_CONSTANT =
      Pattern.compile("\\{@(?:link|value)\\s+(\\w*)#(DEFAULT_[A-Z0-9_]+)\\}");

  private ConfigurationReference() {}

  static String generate(Path repository) throws IOException, ReflectiveOperationException {
    StringBuilder md = new StringBuilder();
    md.append("# Configuration reference\n\n")
        .append(
            "Every setting of the SDK's builders, with its default. Generated from the code (the")
        .append(" builders' Javadoc and\n`DEFAULT_*` constants) by `ConfigurationReferenceTest`,")
        .append(" which fails when this page and the code\ndisagree; regenerate it with:\n\n")
        .append("```sh\n")
        .append("./mvnw -q -B -pl examples -am -Dtest=ConfigurationReferenceTest")
        .append(" -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true test\n")
        .append("```\n\n")
        .append("Every builder validates what it is given and names the setting and the allowed")
        .append(" range when a value is\nwrong. Durations are `java.time.Duration`.\n");
    for (Section s : SECTIONS) {
      md.append("\n## ").append(s.title()).append("\n\n").append(s.intro()).append("\n\n");
      md.append("| setting | default | what it does |\n| --- | --- | --- |\n");
      Class<?> type = Class.forName(s.className());
      Path source =
          repository.resolve("sdk-core/src/main/java/" + s.className().replace('.', '/') + ".java");
      String code = Files.readString(source, StandardCharsets.UTF_8);
      Matcher m = SETTER.matcher(code);
      while (m.find()) {
        String javadoc = unstar(m.group(1));
        String name = m.group(2);
        if (name.equals("toBuilder") || name.equals("build")) {
          continue;
        }
        String params = parameterTypes(m.group(3));
        List<String> defaults = new ArrayList<>();
        Matcher d = DEFAULT_CONSTANT.matcher(javadoc);
        while (d.find()) {
          String v = valueOrName(type, d.group(1), d.group(2));
          if (!defaults.contains(v)) {
            defaults.add(v);
          }
        }
        md.append("| `")
            .append(name)
            .append('(')
            .append(params)
            .append(")` | ")
            .append(defaults.isEmpty() ? "-" : String.join(", ", defaults))
            .append(" | ")
            .append(cell(text(javadoc, type)))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  private static String parameterTypes(String params) {
    if (params.isBlank()) {
      return "";
    }
    List<String> types = new ArrayList<>();
    for (String p : params.split(",(?![^<]*>)")) {
      String t = p.strip().replaceAll("\\s+\\w+$", "").replaceAll("@\\w+\\s+", "");
      types.add(t);
    }
    return String.join(", ", types);
  }

  private static Object constant(Class<?> type, String owner, String name)
      throws ReflectiveOperationException {
    Class<?> c = type;
    if (!owner.isEmpty() && !owner.equals(type.getSimpleName())) {
      c = null;
      for (String pkg :
          List.of(
              type.getPackageName(),
              "io.ollamalan",
              "io.ollamalan.routing",
              "io.ollamalan.discovery",
              "io.ollamalan.tls",
              "io.ollamalan.fleet")) {
        try {
          c = Class.forName(pkg + "." + owner);
          break;
        } catch (ClassNotFoundException e) {
          // Try the next package.
        }
      }
      if (c == null) {
        throw new ClassNotFoundException(owner + " (named in " + type.getName() + "'s Javadoc)");
      }
    }
    Field f = c.getField(name);
    if (!Modifier.isStatic(f.getModifiers())) {
      throw new IllegalStateException(name + " is not a constant");
    }
    return f.get(null);
  }

  static String format(Object v) {
    if (v instanceof Duration d) {
      if (d.isZero()) {
        return "0 (none)";
      }
      long ms = d.toMillis();
      if (ms % 3_600_000 == 0) {
        return ms / 3_600_000 + " h";
      }
      if (ms % 60_000 == 0) {
        return ms / 60_000 + " min";
      }
      if (ms % 1000 == 0) {
        return ms / 1000 + " s";
      }
      return ms + " ms";
    }
    if (v instanceof String s) {
      return "`" + s + "`";
    }
    if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      return x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%s", v);
    }
    if (v instanceof Number || v instanceof Boolean) {
      return String.valueOf(v);
    }
    // A factory or strategy object has no printable value.
    return null;
  }

  /** The constant's value when it has a printable one, else its name. */
  private static String valueOrName(Class<?> type, String owner, String name)
      throws ReflectiveOperationException {
    String v = format(constant(type, owner, name));
    return v != null
        ? v
        : "`" + (owner.isEmpty() ? type.getSimpleName() : owner) + "." + name + "`";
  }

  /** The Javadoc's description on one line, without the leading stars and block tags. */
  static String unstar(String javadoc) {
    StringBuilder sb = new StringBuilder();
    for (String line : javadoc.split("\n")) {
      String l = line.strip();
      if (l.startsWith("*")) {
        l = l.substring(1).strip();
      }
      if (l.startsWith("@")) {
        break;
      }
      sb.append(l).append(' ');
    }
    return sb.toString();
  }

  /** The description as Markdown: inline tags rendered, DEFAULT_* constants as their values. */
  static String text(String javadoc, Class<?> type) throws ReflectiveOperationException {
    String s = inlineTags(javadoc, type);
    s = s.replaceAll("</?p>", " ").replaceAll("<em>(.*?)</em>", "*$1*");
    s = s.replaceAll("<[^>]+>", "");
    return s.replaceAll("\\s+", " ").strip();
  }

  private static String inlineTags(String s, Class<?> type) throws ReflectiveOperationException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int start = s.indexOf("{@", i);
      if (start < 0) {
        out.append(s, i, s.length());
        break;
      }
      out.append(s, i, start);
      int depth = 0;
      int end = start;
      for (; end < s.length(); end++) {
        char c = s.charAt(end);
        if (c == '{') {
          depth++;
        } else if (c == '}' && --depth == 0) {
          break;
        }
      }
      String tag = s.substring(start + 2, Math.min(end, s.length()));
      int space = tag.indexOf(' ');
      String kind = space < 0 ? tag : tag.substring(0, space);
      String body = space < 0 ? "" : tag.substring(space + 1).strip();
      switch (kind) {
        case "code", "literal" -> out.append('`').append(body).append('`');
        case "value" -> {
          int hash = body.indexOf('#');
          out.append(
              valueOrName(type, body.substring(0, Math.max(0, hash)), body.substring(hash + 1)));
        }
        default -> {
          int hash = body.indexOf("#DEFAULT_");
          if (hash >= 0 && body.indexOf(' ') < 0) {
            out.append(valueOrName(type, body.substring(0, hash), body.substring(hash + 1)));
          } else {
            out.append('`').append(linkLabel(body)).append('`');
          }
        }
      }
      i = end + 1;
    }
    return out.toString();
  }

  private static String linkLabel(String body) {
    int close = body.indexOf(')');
    int space = body.indexOf(' ', close < 0 ? 0 : close);
    if (space > 0) {
      return body.substring(space + 1).strip();
    }
    String ref = body.startsWith("#") ? body.substring(1) : body.replace('#', '.');
    int lastDot = ref.lastIndexOf('.', ref.indexOf('(') < 0 ? ref.length() : ref.indexOf('('));
    if (ref.contains("(")) {
      ref = ref.substring(0, ref.indexOf('(')) + "()";
    }
    return lastDot > 0 && Character.isLowerCase(ref.charAt(0)) ? ref.substring(lastDot + 1) : ref;
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  static Map<String, String> sectionsByClass() {
    Map<String, String> m = new LinkedHashMap<>();
    SECTIONS.forEach(s -> m.put(s.className(), s.title()));
    return m;
  }
}
