package io.ollamalan.benchmarks.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FleetServer} in a child JVM on this machine's loopback addresses.
 *
 * <p>The child shares the CPUs with the measured JVM (there is no other machine), but not its heap,
 * its allocation counters or its safepoints.
 */
public final class FleetProcess implements AutoCloseable {

  /**
   * System property naming the base URLs (comma-separated) of a fleet already running, for {@link
   * #startOrAttach}.
   */
  public static final String SHARED_FLEET = "ollamalan.bench.fleet";

  private final @Nullable Process process;
  private final List<String> urls;

  private FleetProcess(@Nullable Process process, List<String> urls) {
    this.process = process;
    this.urls = urls;
  }

  /**
   * The unpaced fleet named by {@link #SHARED_FLEET} when it is set (closing it leaves it running),
   * else a new one as {@link #start}. {@code benchmarks/bin/overhead} runs one fleet for all its
   * JMH runs: a fleet per run is one more JVM per run whose JIT compiles its serving path
   * differently each time, and with one fleet only the client changes from one run to the next (raw
   * OkHttp over three nodes ran at 9,900 to 17,700 calls/s in three runs with a fleet each).
   */
  public static FleetProcess startOrAttach(int nodes, int replyTokens) {
    String shared = System.getProperty(SHARED_FLEET, "");
    if (shared.isBlank()) {
      return start(nodes, replyTokens, 0);
    }
    List<String> urls = List.of(shared.trim().split(","));
    if (urls.size() < nodes) {
      throw new IllegalArgumentException(
          SHARED_FLEET + " names " + urls.size() + " nodes, the benchmark needs " + nodes);
    }
    return new FleetProcess(null, urls);
  }

  /** Starts {@code nodes} nodes answering {@code replyTokens} tokens, {@code 0} = no pacing. */
  public static FleetProcess start(int nodes, int replyTokens, double tokensPerSecond) {
    // A young generation large enough that the fake rarely collects: its pauses are not the
    // client's, and a latency benchmark should not report them as if they were. Its memory is
    // touched before it serves: on a virtual machine whose host backs memory at first touch, each
    // new page of a 2 GB young generation cost the fleet 12-23 us while it served, all through the
    // first pass over it (one page per 4 KB allocated), which took CPU from the client measured.
    List<String> cmd =
        ChildJvm.command(
            List.of("-Xms3g", "-Xmx3g", "-Xmn2g", "-XX:+UseParallelGC", "-XX:+AlwaysPreTouch"),
            FleetServer.class,
            List.of(
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

  /**
   * Runs a fleet as {@link #start} does and prints {@code READY url,url,...} once it serves, until
   * standard input closes: how {@code benchmarks/bin/overhead} starts the one fleet its JMH runs
   * share ({@link #SHARED_FLEET}), with the same JVM options as every other benchmark's fleet.
   *
   * <p>Arguments: {@code nodes replyTokens tokensPerSecond}.
   */
  public static void main(String[] args) throws IOException {
    try (FleetProcess fleet =
        start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Double.parseDouble(args[2]))) {
      System.out.println("READY " + String.join(",", fleet.urls()));
      System.out.flush();
      byte[] sink = new byte[256];
      while (System.in.read(sink) >= 0) {
        // Only the end of input matters: the script closed it or died.
      }
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
    if (process == null) {
      return; // attached to a fleet this JVM does not own
    }
    ChildJvm.stop(process, 10);
  }

  @Override
  public String toString() {
    return "FleetProcess" + urls + (process == null ? " (attached)" : " pid " + process.pid());
  }
}
