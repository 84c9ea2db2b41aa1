package io.ollamalan.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ollamalan.gateway.GatewayConfig;
import io.ollamalan.gateway.ServerTls;
import io.ollamalan.tls.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the gateway's YAML file and the {@code OLLAMA_GATEWAY_*} environment into a {@link
 * GatewayConfig.Builder}. Every key is known: a misspelt one is an error naming it, never silently
 * ignored. An environment variable wins over the file; its name is the key's path in upper snake
 * case ({@code server.keepalive.permitTime} is {@code
 * OLLAMA_GATEWAY_SERVER_KEEPALIVE_PERMIT_TIME}); lists are comma-separated.
 */
public final class ConfigFile {

  /** Prefix of every environment variable the gateway reads. */
  public static final String ENV_PREFIX = "OLLAMA_GATEWAY_";

  /** Every key the file may hold. */
  public static final List<String> KEYS =
      List.of(
          "server.host",
          "server.port",
          "server.drainGrace",
          "server.maxInboundMessageBytes",
          "server.keepalive.permitTime",
          "server.keepalive.permitWithoutCalls",
          "server.keepalive.time",
          "server.keepalive.timeout",
          "server.tls.certificate",
          "server.tls.key",
          "server.tls.keyPassword",
          "server.tls.clientCa",
          "server.tls.clientAuth",
          "server.tls.allowTls12",
          "metrics.enabled",
          "metrics.host",
          "metrics.port",
          "fleet.nodes",
          "fleet.dns",
          "fleet.dnsSrv",
          "fleet.mdns",
          "fleet.subnet.cidr",
          "fleet.subnet.ports",
          "fleet.healthCheckInterval",
          "fleet.callTimeout",
          "fleet.tls.requireTls",
          "fleet.tls.trustedCa",
          "fleet.tls.certificate",
          "fleet.tls.key",
          "fleet.tls.keyPassword",
          "fleet.tls.allowTls12");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

  private final Map<String, String> values;
  private final String source;

  private ConfigFile(Map<String, String> values, String source) {
    this.values = values;
    this.source = source;
  }

  /**
   * The settings of {@code yamlFile} (null for none) overridden by {@code environment}.
   *
   * @throws IllegalArgumentException naming the file, key or variable that is wrong
   */
  public static GatewayConfig.Builder read(
      @Nullable Path yamlFile, Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    String source = "defaults";
    if (yamlFile != null) {
      source = yamlFile.toString();
      JsonNode root;
      try {
        root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(yamlFile));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "Cannot read the gateway configuration " + yamlFile + ": " + e.getMessage(), e);
      }
      if (root != null && !root.isMissingNode() && !root.isNull()) {
        if (!root.isObject()) {
          throw new IllegalArgumentException(
              yamlFile + ": the configuration must be a YAML mapping (server:, metrics:, fleet:)");
        }
        flatten("", root, values, yamlFile.toString());
      }
    }
    for (String key : KEYS) {
      String env = environment.get(envName(key));
      if (env != null && !env.isBlank()) {
        values.put(key, env.trim());
      }
    }
    for (String name : environment.keySet()) {
      if (name.startsWith(ENV_PREFIX) && KEYS.stream().noneMatch(k -> envName(k).equals(name))) {
        throw new IllegalArgumentException(
            "Unknown environment variable "
                + name
                + "; the gateway reads "
                + String.join(", ", KEYS.stream().map(ConfigFile::envName).toList()));
      }
    }
    return new ConfigFile(values, source).apply();
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    StringBuilder sb = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  private static void flatten(
      String prefix, JsonNode node, Map<String, String> out, String source) {
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
      JsonNode v = f.getValue();
      if (v.isObject()) {
        if (KEYS.stream().noneMatch(k -> k.startsWith(key + "."))) {
          throw unknown(key, source);
        }
        flatten(key, v, out, source);
      } else {
        if (!KEYS.contains(key)) {
          throw unknown(key, source);
        }
        if (v.isArray()) {
          List<String> items = new ArrayList<>();
          v.forEach(e -> items.add(e.asText()));
          out.put(key, String.join(",", items));
        } else if (!v.isNull()) {
          out.put(key, v.asText());
        }
      }
    }
  }

  private static IllegalArgumentException unknown(String key, String source) {
    Set<String> sections = new TreeSet<>();
    for (String k : KEYS) {
      sections.add(k);
    }
    return new IllegalArgumentException(
        source + ": unknown key '" + key + "'; known keys: " + String.join(", ", sections));
  }

  private GatewayConfig.Builder apply() {
    GatewayConfig.Builder b = GatewayConfig.builder();
    str("server.host", b::host);
    integer("server.port", b::port);
    duration("server.drainGrace", b::drainGrace);
    integer("server.maxInboundMessageBytes", b::maxInboundMessageBytes);
    duration("server.keepalive.permitTime", b::permitKeepAliveTime);
    bool("server.keepalive.permitWithoutCalls", b::permitKeepAliveWithoutCalls);
    duration("server.keepalive.time", b::keepAliveTime);
    duration("server.keepalive.timeout", b::keepAliveTimeout);
    b.tls(serverTls());
    bool("metrics.enabled", b::metricsEnabled);
    str("metrics.host", b::metricsHost);
    integer("metrics.port", b::metricsPort);
    list("fleet.nodes", b::nodes);
    str("fleet.dns", b::dnsName);
    str("fleet.dnsSrv", b::dnsSrvName);
    bool("fleet.mdns", b::mdns);
    str("fleet.subnet.cidr", b::subnetCidr);
    list(
        "fleet.subnet.ports",
        ports ->
            b.subnetPorts(ports.stream().map(p -> parseInt("fleet.subnet.ports", p)).toList()));
    duration("fleet.healthCheckInterval", b::healthCheckInterval);
    duration("fleet.callTimeout", b::callTimeout);
    b.fleetTls(fleetTls());
    return b;
  }

  private @Nullable ServerTls serverTls() {
    String cert = values.get("server.tls.certificate");
    String key = values.get("server.tls.key");
    if (cert == null && key == null) {
      for (String k : List.of("server.tls.clientCa", "server.tls.clientAuth")) {
        if (values.containsKey(k)) {
          throw new IllegalArgumentException(
              where(k) + ": needs server.tls.certificate and server.tls.key as well");
        }
      }
      return null;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException(
          where(cert == null ? "server.tls.key" : "server.tls.certificate")
              + ": server TLS needs both server.tls.certificate and server.tls.key");
    }
    ServerTls.Builder t =
        ServerTls.builder()
            .certificatePem(Path.of(cert), Path.of(key), password("server.tls.keyPassword"));
    String ca = values.get("server.tls.clientCa");
    if (ca != null) {
      t.clientCaPem(Path.of(ca));
    }
    String auth = values.get("server.tls.clientAuth");
    if (auth != null) {
      try {
        t.clientAuth(ServerTls.ClientAuth.valueOf(auth.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where("server.tls.clientAuth") + ": '" + auth + "' is not none, optional or require");
      }
    } else if (ca != null) {
      t.clientAuth(ServerTls.ClientAuth.REQUIRE);
    }
    if (Boolean.parseBoolean(values.getOrDefault("server.tls.allowTls12", "false"))) {
      t.allowTls12();
    }
    try {
      return t.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private TlsConfig fleetTls() {
    TlsConfig.Builder t = TlsConfig.builder();
    bool("fleet.tls.requireTls", t::requireTls);
    String ca = values.get("fleet.tls.trustedCa");
    if (ca != null) {
      t.trustedCaPem(Path.of(ca));
    }
    String cert = values.get("fleet.tls.certificate");
    String key = values.get("fleet.tls.key");
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new IllegalArgumentException(
            source
                + ": a client certificate for the fleet needs fleet.tls.certificate and fleet.tls.key");
      }
      t.clientCertificatePem(Path.of(cert), Path.of(key), password("fleet.tls.keyPassword"));
    }
    if (Boolean.parseBoolean(values.getOrDefault("fleet.tls.allowTls12", "false"))) {
      t.allowTls12();
    }
    return t.build();
  }

  private char @Nullable [] password(String key) {
    String p = values.get(key);
    return p == null ? null : p.toCharArray();
  }

  private String where(String key) {
    return source + " (" + key + " / " + envName(key) + ")";
  }

  private void str(String key, java.util.function.Consumer<String> setter) {
    String v = values.get(key);
    if (v != null) {
      setter.accept(v);
    }
  }

  private void list(String key, java.util.function.Consumer<List<String>> setter) {
    String v = values.get(key);
    if (v != null) {
      List<String> items = new ArrayList<>();
      for (String s : v.split(",")) {
        if (!s.isBlank()) {
          items.add(s.trim());
        }
      }
      setter.accept(items);
    }
  }

  private void integer(String key, java.util.function.IntConsumer setter) {
    String v = values.get(key);
    if (v != null) {
      int parsed = parseInt(key, v);
      try {
        setter.accept(parsed);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where(key) + ": " + e.getMessage(), e);
      }
    }
  }

  private int parseInt(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where(key) + ": '" + v + "' is not a whole number");
    }
  }

  private void bool(String key, java.util.function.Consumer<Boolean> setter) {
    String v = values.get(key);
    if (v != null) {
      String s = v.trim().toLowerCase(Locale.ROOT);
      if (!s.equals("true") && !s.equals("false")) {
        throw new IllegalArgumentException(where(key) + ": '" + v + "' is not true or false");
      }
      setter.accept(Boolean.parseBoolean(s));
    }
  }

  private void duration(String key, java.util.function.Consumer<Duration> setter) {
    String v = values.get(key);
    if (v != null) {
      Duration d = parseDuration(key, v.trim());
      try {
        setter.accept(d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where(key) + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, a bare number of seconds, or
   * ISO-8601.
   */
  Duration parseDuration(String key, String v) {
    Matcher m = DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      switch (unit) {
        case "ms":
          return Duration.ofMillis(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        case "d":
          return Duration.ofDays(n);
        default:
          return Duration.ofSeconds(n);
      }
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where(key) + ": '" + v + "' is not a duration such as 500ms, 30s, 5m or 2h");
    }
  }
}
