package io.ollamalan.internal.tls;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx started as a TLS-terminating reverse proxy, one process with one server block per
 * scenario, configured from {@code nginx.conf.template} and {@code server.conf.template} (the
 * templates docs/security.md shows).
 */
final class Nginx implements AutoCloseable {

  /** The binary; {@code -Dollamalan.nginx=...} points elsewhere. */
  static final Path BINARY = Path.of(System.getProperty("ollamalan.nginx", "/usr/sbin/nginx"));

  /** The Debian package that provides {@link #BINARY} with http_ssl and http_v2. */
  static final String DEBIAN_PACKAGE = "nginx-light";

  /** One server block. */
  record Server(String name, Path certificate, Path key, String protocols, Path clientCa) {
    static Server tls13(String name, Path certificate, Path key) {
      return new Server(name, certificate, key, "TLSv1.3", null);
    }
  }

  private final Process process;
  private final Path prefix;
  private final Map<String, Integer> ports;

  private Nginx(Process process, Path prefix, Map<String, Integer> ports) {
    this.process = process;
    this.prefix = prefix;
    this.ports = ports;
  }

  /**
   * Skips the calling test when nginx is not installed, naming the package to install; fails it
   * instead under {@code CI=true}, where a missing package is a broken CI script.
   */
  static void assumeInstalled() {
    String problem = null;
    if (!Files.isExecutable(BINARY)) {
      problem = "nginx is not installed (" + BINARY + " is missing)";
    } else {
      String modules = run(BINARY.toString(), "-V");
      if (!modules.contains("--with-http_ssl_module")
          || !modules.contains("--with-http_v2_module")) {
        problem = BINARY + " lacks http_ssl_module or http_v2_module";
      }
    }
    if (problem == null) {
      return;
    }
    String message =
        problem
            + ": install the Debian package "
            + DEBIAN_PACKAGE
            + " (apt-get install -y "
            + DEBIAN_PACKAGE
            + "); .ci/run installs it";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " [CI=true: a missing nginx fails the build]");
    }
    Assumptions.assumeTrue(false, message);
  }

  /** Starts nginx in {@code prefix} in front of {@code upstream} and waits until it listens. */
  static Nginx start(Path prefix, InetSocketAddress upstream, List<Server> servers)
      throws IOException, InterruptedException {
    for (String d : List.of("temp", "logs")) {
      Files.createDirectories(prefix.resolve(d));
    }
    prefix.resolve("temp").toFile().setWritable(true, false);
    boolean http2Directive = versionAtLeast(1, 25, 1);
    String serverTemplate = template("server.conf.template");
    Map<String, Integer> ports = new LinkedHashMap<>();
    StringBuilder blocks = new StringBuilder();
    for (Server s : servers) {
      int port = freePort();
      ports.put(s.name(), port);
      String listen =
          http2Directive
              ? "listen 127.0.0.1:" + port + " ssl;\n    http2 on;"
              : "listen 127.0.0.1:" + port + " ssl http2;";
      String clientCertificates =
          s.clientCa() == null
              ? "# no client certificate requested"
              : "ssl_client_certificate " + s.clientCa() + ";\n    ssl_verify_client on;";
      String block =
          serverTemplate
              .replace("@LISTEN@", listen)
              .replace("@SERVER_NAME@", "localhost")
              .replace("@CERTIFICATE@", s.certificate().toString())
              .replace("@CERTIFICATE_KEY@", s.key().toString())
              .replace("@PROTOCOLS@", s.protocols())
              .replace("@CLIENT_CERTIFICATES@", clientCertificates)
              .replace("@ACCESS_LOG@", accessLog(prefix, s.name()).toString());
      blocks.append(block.indent(4)).append('\n');
    }
    String conf =
        template("nginx.conf.template")
            .replace("@PREFIX@", prefix.toString())
            .replace("@UPSTREAM@", upstream.getHostString() + ":" + upstream.getPort())
            .replace("@SERVERS@", blocks.toString().stripTrailing());
    Path confFile = prefix.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    Path errorLog = prefix.resolve("logs/error.log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "-p",
                prefix.toString(),
                "-c",
                confFile.toString(),
                "-e",
                errorLog.toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
            .start();
    Nginx nginx = new Nginx(process, prefix, ports);
    try {
      nginx.awaitListening(Duration.ofSeconds(15));
    } catch (RuntimeException | Error | InterruptedException e) {
      nginx.close();
      throw e;
    }
    return nginx;
  }

  int port(String server) {
    return ports.get(server);
  }

  Path accessLog(String server) {
    return accessLog(prefix, server);
  }

  /** The access log's lines so far; nginx writes each line when the request completes. */
  List<String> accessLogLines(String server) {
    try {
      Path log = accessLog(server);
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String errorLog() {
    try {
      return Files.readString(prefix.resolve("logs/error.log"));
    } catch (IOException e) {
      return "(no error log: " + e + ")";
    }
  }

  /** Stops nginx (SIGTERM: fast shutdown) and waits for it; its workers exit with it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitListening(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    List<String> pending = new ArrayList<>(ports.keySet());
    while (!pending.isEmpty()) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited with " + process.exitValue() + ":\n" + errorLog());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "nginx did not listen on " + pending + " within " + bound + ":\n" + errorLog());
      }
      pending.removeIf(
          name -> {
            try (Socket s = new Socket()) {
              s.connect(new InetSocketAddress("127.0.0.1", ports.get(name)), 200);
              return true;
            } catch (IOException e) {
              return false;
            }
          });
      if (!pending.isEmpty()) {
        Thread.sleep(20);
      }
    }
  }

  private static Path accessLog(Path prefix, String server) {
    return prefix.resolve("logs/" + server + ".access.log");
  }

  static String template(String name) {
    try (InputStream in = Nginx.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean versionAtLeast(int major, int minor, int patch) {
    Matcher m =
        Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)").matcher(run(BINARY.toString(), "-v"));
    if (!m.find()) {
      return false;
    }
    int[] v = {
      Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
    };
    int[] w = {major, minor, patch};
    for (int i = 0; i < 3; i++) {
      if (v[i] != w[i]) {
        return v[i] > w[i];
      }
    }
    return true;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
