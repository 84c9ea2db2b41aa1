package io.ollamalan.benchmarks.gateway;

import io.ollamalan.benchmarks.fleet.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A {@link GatewayServer} in a child JVM, so that its CPU time can be read on its own (the added
 * cost of a call through the gateway is the client's plus the gateway's).
 */
final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private GatewayProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static GatewayProcess start(List<String> nodeUrls) {
    List<String> cmd =
        ChildJvm.command(
            List.of(
                "-Xms1g",
                "-Xmx1g",
                // Its heap touched before it serves, as the fleet's (see FleetProcess): on a
                // virtual
                // machine whose host backs memory at first touch, the faults are not the gateway's.
                "-XX:+AlwaysPreTouch",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
            GatewayServer.class,
            List.of(String.join(",", nodeUrls)));
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
          return new GatewayProcess(p, Integer.parseInt(line.substring(6).trim()));
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("the gateway process ended before it was ready: " + cmd);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  /** {@code grpc://127.0.0.1:port}. */
  String address() {
    return "grpc://127.0.0.1:" + port;
  }

  /** CPU time the gateway process used so far, in nanoseconds (user + system). */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  @Override
  public void close() {
    ChildJvm.stop(process, 20);
  }
}
