package io.ollamalan.benchmarks.load;

import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.clients.RawOkHttpTarget;
import io.ollamalan.benchmarks.clients.SdkTarget;
import io.ollamalan.benchmarks.fleet.FleetProcess;
import io.ollamalan.benchmarks.fleet.FleetServer;
import io.ollamalan.benchmarks.jmh.ChatThroughputBenchmark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs {@link OpenLoop} for each client, at fixed rates or up a stepped ramp.
 *
 * <pre>
 * java -cp benchmarks.jar io.ollamalan.benchmarks.load.LoadMain \
 *     [--targets okhttp,sdk,sdkUnlimited,sdkFullStack] [--rates 1200] [--ramp] [--warmup 5] [--seconds 20]
 *     [--rounds 4] [--budget-ms 10] [--out DIR]
 * </pre>
 *
 * <p>All clients share one fake fleet and take turns: each rate is measured in {@code rounds}
 * alternating slices of {@code seconds / rounds} per client, so that a burst of other work on a
 * shared machine lands on both sides of a comparison rather than on one. {@code --ramp} goes up the
 * rates given and drops a client after its second step whose median slice p99 is over the budget. A
 * {@link StallMeter} runs throughout; each line gives what it saw over that client's slices, so
 * that a tail the machine caused (its kernel, its hypervisor, this JVM's pauses) reads as such.
 * Writes {@code openloop.tsv}, one {@code .hgrm} per run and, for a ramp, {@code
 * latency-vs-load.png} and {@code .csv} in DIR.
 */
public final class LoadMain {

  /** The per-node rate the SDK is built for. */
  public static final double TARGET_RATE = 1200;

  private LoadMain() {}

  public static void main(String[] args) throws Exception {
    List<String> targets = List.of("okhttp", "sdk");
    List<Double> rates = List.of(TARGET_RATE);
    boolean ramp = false;
    int warmup = 5;
    int seconds = 20;
    int rounds = 4;
    double budget = 10;
    Path out = Path.of("target", "overhead");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--targets" -> targets = List.of(args[++i].split(","));
        case "--rates" -> {
          List<Double> r = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            r.add(Double.parseDouble(s));
          }
          rates = r;
        }
        case "--ramp" -> ramp = true;
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--budget-ms" -> budget = Double.parseDouble(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(out);
    String loadBefore = loadAverage();
    List<OpenLoop.Result> results = new ArrayList<>();
    Map<String, ChatTarget> clients = new LinkedHashMap<>();
    try (StallMeter stalls = StallMeter.start();
        FleetProcess fleet =
            FleetProcess.start(
                ChatThroughputBenchmark.NODES, ChatThroughputBenchmark.REPLY_TOKENS, 0)) {
      try {
        for (String t : targets) {
          clients.put(t, create(t, fleet));
        }
        for (ChatTarget c : clients.values()) {
          warm(c);
        }
        for (Map.Entry<String, ChatTarget> c : clients.entrySet()) {
          OpenLoop.run(
              c.getKey(),
              c.getValue(),
              rates.get(0),
              Duration.ofSeconds(warmup),
              Duration.ofSeconds(1));
        }
        Map<String, Integer> overBudget = new LinkedHashMap<>();
        for (double rate : rates) {
          if (ramp && overBudget.values().stream().filter(n -> n >= 2).count() == clients.size()) {
            break;
          }
          Map<String, List<OpenLoop.Result>> parts = new LinkedHashMap<>();
          for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, ChatTarget> c : clients.entrySet()) {
              if (overBudget.getOrDefault(c.getKey(), 0) >= 2) {
                continue;
              }
              parts
                  .computeIfAbsent(c.getKey(), k -> new ArrayList<>())
                  .add(
                      OpenLoop.run(
                          c.getKey(),
                          c.getValue(),
                          rate,
                          Duration.ofSeconds(1),
                          Duration.ofSeconds(Math.max(1, seconds / rounds)),
                          stalls));
            }
          }
          for (Map.Entry<String, List<OpenLoop.Result>> p : parts.entrySet()) {
            OpenLoop.Result r = OpenLoop.Result.merge(p.getValue());
            results.add(r);
            System.out.println(line(r));
            try (PrintStream hgrm =
                new PrintStream(
                    Files.newOutputStream(
                        out.resolve(String.format(Locale.ROOT, "%s-%.0f.hgrm", r.target(), rate))),
                    true,
                    StandardCharsets.UTF_8)) {
              r.micros().outputPercentileDistribution(hgrm, 1000.0);
            }
            // The median of the slices decides: one burst of other work should not end a client.
            if (r.medianSliceP99Millis() > budget || r.errors() > 0) {
              overBudget.merge(r.target(), 1, Integer::sum);
            }
          }
        }
      } finally {
        for (ChatTarget c : clients.values()) {
          c.close();
        }
      }
    }
    String loadAfter = loadAverage();
    System.out.println("host load average (1 min) before " + loadBefore + ", after " + loadAfter);
    writeTsv(results, out.resolve("openloop.tsv"), loadBefore + " " + loadAfter);
    if (ramp) {
      for (String t : targets) {
        double best = 0;
        double bestSlices = 0;
        for (OpenLoop.Result r : results) {
          if (r.target().equals(t) && r.errors() == 0 && r.p99Millis() <= budget) {
            best = Math.max(best, r.offeredPerSecond());
          }
          if (r.target().equals(t) && r.errors() == 0 && r.medianSliceP99Millis() <= budget) {
            bestSlices = Math.max(bestSlices, r.offeredPerSecond());
          }
        }
        System.out.printf(
            Locale.ROOT,
            "highest rate with p99 <= %.0f ms: %s %.0f/s merged, " + "%.0f/s by median slice p99%n",
            budget,
            t,
            best,
            bestSlices);
      }
      writeCsv(results, out.resolve("latency-vs-load.csv"));
      LatencyChart.write(
          results,
          budget,
          Runtime.getRuntime().availableProcessors()
              + " CPUs shared with the 3-node fake fleet (loopback); "
              + seconds
              + " s per client and step in "
              + rounds
              + " alternating rounds; host load "
              + loadBefore
              + " -> "
              + loadAfter,
          out.resolve("latency-vs-load.png"));
    }
  }

  /** The host's one-minute load average: other work on the machine shows up in the tail. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  static ChatTarget create(String name, FleetProcess fleet) {
    return switch (name) {
      case "okhttp" -> new RawOkHttpTarget(fleet.url(0), FleetServer.MODEL);
      case "sdk" -> SdkTarget.oneNode(fleet.url(0), FleetServer.MODEL);
      case "sdkUnlimited" -> SdkTarget.oneNodeUnlimited(fleet.url(0), FleetServer.MODEL);
      case "sdkFullStack" -> SdkTarget.fullStack(fleet.urls(), FleetServer.MODEL);
      default ->
          throw new IllegalArgumentException(
              "unknown target " + name + "; known: okhttp, sdk, sdkUnlimited, sdkFullStack");
    };
  }

  /** Closed-loop calls from four threads so that the JIT has compiled the path before timing. */
  static void warm(ChatTarget target) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        done.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < 2500; k++) {
                    target.chat();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static String line(OpenLoop.Result r) {
    return String.format(
        Locale.ROOT,
        "%-13s offered %6.0f/s sent %7.1f/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  "
            + "max %8.3f ms  median slice p99 %7.3f ms  cpu %6.1f us/req  ok %d  errors %d  "
            + "stalls p99.9 %.3f max %.3f ms, %.2f %% of the time beyond 1 ms%s",
        r.target(),
        r.offeredPerSecond(),
        r.sentPerSecond(),
        r.p50Millis(),
        r.p99Millis(),
        r.p999Millis(),
        r.maxMillis(),
        r.medianSliceP99Millis(),
        r.cpuMicrosPerRequest(),
        r.completed(),
        r.errors(),
        r.stallP999Millis(),
        r.stallMaxMillis(),
        100 * r.stallShare(1),
        r.errorKinds().isEmpty() ? "" : " " + r.errorKinds());
  }

  static void writeCsv(List<OpenLoop.Result> results, Path file) throws IOException {
    StringBuilder sb = new StringBuilder("target,offered_per_s,p50_ms,p99_ms,p999_ms,errors\n");
    for (OpenLoop.Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%.0f,%.3f,%.3f,%.3f,%d%n",
              r.target(),
              r.offeredPerSecond(),
              r.p50Millis(),
              r.p99Millis(),
              r.p999Millis(),
              r.errors()));
    }
    Files.writeString(file, sb.toString());
  }

  static void writeTsv(List<OpenLoop.Result> results, Path file, String load) throws IOException {
    StringBuilder sb =
        new StringBuilder(
            "# host load average before/after: "
                + load
                + "\n"
                + "target\toffered_per_s\tsent_per_s\tp50_ms\tp99_ms\tp999_ms\tmax_ms\tslice_p99_median_ms"
                + "\tcompleted\terrors\tcpu_us_per_request\tstall_p999_ms\tstall_max_ms"
                + "\tstall_beyond_1ms_pct\n");
    for (OpenLoop.Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s\t%.0f\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%.1f\t%.3f\t%.3f\t%.3f%n",
              r.target(),
              r.offeredPerSecond(),
              r.sentPerSecond(),
              r.p50Millis(),
              r.p99Millis(),
              r.p999Millis(),
              r.maxMillis(),
              r.medianSliceP99Millis(),
              r.completed(),
              r.errors(),
              r.cpuMicrosPerRequest(),
              r.stallP999Millis(),
              r.stallMaxMillis(),
              100 * r.stallShare(1)));
    }
    Files.writeString(file, sb.toString());
  }
}
