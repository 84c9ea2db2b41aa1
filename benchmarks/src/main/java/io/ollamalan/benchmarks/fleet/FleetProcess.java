package io.ollamalan.benchmarks.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FleetServer} in a child JVM on this machine's loopback addresses.
 *
 * <p>The child shares the CPUs with the measured JVM (there is no other machine), but not its heap,
 * its allocation counters or its safepoints.
 */
public final class FleetProcess implements AutoCloseable {

  private final Process process;
  private final List<String> urls;

  private FleetProcess(Process process, List<String> urls) {
    this.process = process;
    this.urls = urls;
  }

  /** Starts {@code nodes} nodes answering {@code replyTokens} tokens, {@code 0} = no pacing. */
  public static FleetProcess start(int nodes, int replyTokens, double tokensPerSecond) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A young generation large enough that the fake rarely collects: its pauses are not the
    // client's, and a latency benchmark should not report them as if they were.
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xms3g",
                "-Xmx3g",
                "-Xmn2g",
                "-XX:+UseParallelGC",
                "-cp",
                System.getProperty("java.class.path"),
                FleetServer.class.getName(),
                Integer.toString(nodes),
                Integer.toString(replyTokens),
                Double.toString(tokensPerSecond)));
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
          return new FleetProcess(p, List.of(line.substring(6).split(",")));
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("the fleet process ended before it was ready: " + cmd);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", cmd), e);
    }
  }

  /** Base URLs of the nodes, in address order. */
  public List<String> urls() {
    return urls;
  }

  /** The base URL of node {@code i}. */
  public String url(int i) {
    return urls.get(i);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FleetProcess" + urls + " pid " + process.pid();
  }
}
