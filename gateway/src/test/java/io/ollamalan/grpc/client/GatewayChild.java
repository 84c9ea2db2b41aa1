package io.ollamalan.grpc.client;

import io.ollamalan.gateway.Gateway;
import io.ollamalan.gateway.GatewayConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a JVM of its own, so that a test can kill it the way an operator's {@code kill -9}
 * or a crash does: no GOAWAY, no drain, connections reset.
 */
final class GatewayChild implements AutoCloseable {
  private final Process process;
  final int port;

  private GatewayChild(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Child entry point: {@code nodeUrl,nodeUrl...}; prints {@code READY port}. */
  public static void main(String[] args) throws Exception {
    GatewayConfig config =
        GatewayConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .metricsEnabled(false)
            .nodes(List.of(args[0].split(",")))
            .build();
    try (Gateway gateway = Gateway.builder().config(config).start()) {
      System.out.println("READY " + gateway.port());
      System.out.flush();
      InputStream in = System.in;
      byte[] sink = new byte[256];
      while (in.read(sink) >= 0) {
        // Runs until the parent closes standard input or dies.
      }
    }
  }

  static GatewayChild start(List<String> nodeUrls) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            GatewayChild.class.getName(),
            String.join(",", nodeUrls));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .redirectOutput(ProcessBuilder.Redirect.PIPE)
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("READY ")) {
          return new GatewayChild(p, Integer.parseInt(line.substring(6).trim()));
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("the gateway process ended before it was ready: " + cmd);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  String address() {
    return "grpc://127.0.0.1:" + port;
  }

  /** SIGKILL: the process dies at once, the kernel resets its connections. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already gone.
    }
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
