package io.ollamalan.benchmarks.paired;

import io.ollamalan.benchmarks.fleet.ChildJvm;
import io.ollamalan.benchmarks.fleet.FleetProcess;
import io.ollamalan.benchmarks.jmh.ChatThroughputBenchmark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop throughput of several clients, each in a JVM of its own, measured in short slices
 * that take turns: every cycle runs each client for one slice, so two clients compared within a
 * cycle ran seconds apart, on the same machine in the same state. The throughput ratios are the
 * medians over the cycles of the ratios within each cycle.
 *
 * <p>Why beside JMH: a JMH run is one client in one JVM for a minute or more, and on a shared
 * machine the speed of everything moves by more than the difference being measured from one minute
 * to the next (raw OkHttp alone: 13,751 to 17,284 calls/s across three JMH rounds of one run).
 * JMH's rounds interleave the clients a minute apart; slices interleave them seconds apart. Each
 * client keeps its own JVM, JIT and heap, as in JMH and as its users run it, and the same JVM
 * options as JMH's forks.
 *
 * <pre>
 * java -cp benchmarks.jar io.ollamalan.benchmarks.paired.PairedThroughput \
 *     [--fleet url,url,url] [--targets okhttpRaw,sdkOneNode,okhttpRawFleet,sdkFullStack]
 *     [--threads 4] [--slice-ms 2000] [--warmup 100] [--cycles 20] [--out DIR]
 * </pre>
 *
 * Without {@code --fleet} it starts a fake fleet of three nodes of its own. Writes {@code
 * paired.tsv} (one line per measured slice) to {@code --out} and prints the summary.
 */
public final class PairedThroughput {

  /** The JVM options of every JMH fork of {@link ChatThroughputBenchmark}. */
  static final List<String> WORKER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  /** The ratios reported, numerator first: the throughput goals' pairs. */
  public static final List<List<String>> RATIOS =
      List.of(
          List.of("sdkOneNode", "okhttpRaw"),
          List.of("sdkFullStack", "okhttpRaw"),
          List.of("sdkFullStack", "okhttpRawFleet"));

  private static final String HEADER =
      "cycle\ttarget\tcalls\tnanos\tper_second\tcpu_us_per_call\tbytes_per_call\terrors";

  private PairedThroughput() {}

  /** One measured slice of one client. */
  public record Row(int cycle, String target, SliceWorker.Slice slice) {}

  public static void main(String[] args) throws Exception {
    List<String> targets = List.of("okhttpRaw", "sdkOneNode", "okhttpRawFleet", "sdkFullStack");
    List<String> fleetUrls = null;
    int threads = 4;
    long sliceMillis = 2000;
    int warmupSeconds = 100;
    int cycles = 20;
    Path out = Path.of("benchmarks/target/paired");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--fleet" -> fleetUrls = List.of(args[++i].split(","));
        case "--targets" -> targets = List.of(args[++i].split(","));
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--slice-ms" -> sliceMillis = Long.parseLong(args[++i]);
        case "--warmup" -> warmupSeconds = Integer.parseInt(args[++i]);
        case "--cycles" -> cycles = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    FleetProcess own = null;
    if (fleetUrls == null) {
      own =
          FleetProcess.start(
              ChatThroughputBenchmark.NODES, ChatThroughputBenchmark.REPLY_TOKENS, 0);
      fleetUrls = own.urls();
    }
    Files.createDirectories(out);
    List<Worker> workers = new ArrayList<>();
    try {
      for (String t : targets) {
        workers.add(Worker.start(t, threads, fleetUrls, out.resolve("paired-" + t + ".log")));
      }
      List<Row> rows = run(workers, sliceMillis, warmupSeconds, cycles, System.err);
      write(out.resolve("paired.tsv"), rows);
      System.out.print(render(rows, targets));
    } finally {
      for (Worker w : workers) {
        w.close();
      }
      if (own != null) {
        own.close();
      }
    }
  }

  /**
   * The order of the clients in cycle {@code c}: each pair of cycles runs one order forward, then
   * backward (A B, B A), and the next pair starts one client later, so that every client takes
   * every place equally often and a drift of the machine within a pair lands on both sides.
   */
  static List<String> order(List<String> targets, int c) {
    List<String> o = new ArrayList<>(targets);
    Collections.rotate(o, -((c / 2) % targets.size()));
    if (c % 2 == 1) {
      Collections.reverse(o);
    }
    return o;
  }

  /** A client's side of the protocol, as the coordinator sees it. */
  interface SliceRunner {
    String target();

    SliceWorker.Slice run(long millis) throws IOException;
  }

  /**
   * Warms every client with slices in turn for {@code warmupSeconds} each, then measures {@code
   * cycles} cycles. A slice that failed a call fails the run: a ratio of a failing client is not a
   * measurement.
   */
  static List<Row> run(
      List<? extends SliceRunner> runners,
      long sliceMillis,
      int warmupSeconds,
      int cycles,
      PrintStream log)
      throws IOException {
    Map<String, SliceRunner> byName = new LinkedHashMap<>();
    for (SliceRunner r : runners) {
      byName.put(r.target(), r);
    }
    List<String> names = List.copyOf(byName.keySet());
    long warmSlices = Math.max(1, TimeUnit.SECONDS.toMillis(warmupSeconds) / sliceMillis);
    log.printf(
        Locale.ROOT,
        "paired: %s, warming %d slices of %d ms each%n",
        String.join(", ", names),
        warmSlices,
        sliceMillis);
    for (int c = 0; c < warmSlices; c++) {
      for (String t : order(names, c)) {
        check(t, byName.get(t).run(sliceMillis));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int c = 1; c <= cycles; c++) {
      StringBuilder line = new StringBuilder("cycle " + c + ":");
      for (String t : order(names, c)) {
        SliceWorker.Slice s = check(t, byName.get(t).run(sliceMillis));
        rows.add(new Row(c, t, s));
        line.append(String.format(Locale.ROOT, " %s %.0f/s", t, s.perSecond()));
      }
      log.println(line);
    }
    return rows;
  }

  private static SliceWorker.Slice check(String target, SliceWorker.Slice s) {
    if (s.errors() > 0 || s.calls() == 0) {
      throw new IllegalStateException(
          target
              + ": "
              + s.errors()
              + " of "
              + (s.calls() + s.errors())
              + " calls failed in a slice (first: "
              + s.firstError()
              + ")");
    }
    return s;
  }

  /**
   * The median over the cycles of {@code a}'s calls per second divided by {@code b}'s in the same
   * cycle; NaN when no cycle measured both.
   */
  public static double medianRatio(List<Row> rows, String a, String b) {
    return quantile(ratios(rows, a, b), 0.5);
  }

  /** Every cycle's ratio of {@code a} to {@code b}, sorted. */
  static double[] ratios(List<Row> rows, String a, String b) {
    Map<Integer, Double> as = new LinkedHashMap<>();
    Map<Integer, Double> bs = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.target().equals(a)) {
        as.put(r.cycle(), r.slice().perSecond());
      } else if (r.target().equals(b)) {
        bs.put(r.cycle(), r.slice().perSecond());
      }
    }
    return as.entrySet().stream()
        .filter(e -> bs.containsKey(e.getKey()))
        .mapToDouble(e -> e.getValue() / bs.get(e.getKey()))
        .sorted()
        .toArray();
  }

  /** The median over its slices of one figure of {@code target}; NaN when it has none. */
  public static double median(
      List<Row> rows, String target, java.util.function.ToDoubleFunction<SliceWorker.Slice> f) {
    double[] v =
        rows.stream()
            .filter(r -> r.target().equals(target))
            .mapToDouble(r -> f.applyAsDouble(r.slice()))
            .sorted()
            .toArray();
    return quantile(v, 0.5);
  }

  /** Linear interpolation between the closest ranks of sorted {@code v}; NaN when empty. */
  static double quantile(double[] v, double q) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
  }

  static double cpuMicrosPerCall(SliceWorker.Slice s) {
    return s.cpuNanos() / 1000.0 / s.calls();
  }

  static double bytesPerCall(SliceWorker.Slice s) {
    return (double) s.allocBytes() / s.calls();
  }

  /** The per-client medians and the ratios with their spread over the cycles. */
  public static String render(List<Row> rows, List<String> targets) {
    StringBuilder sb = new StringBuilder();
    int cycles = (int) rows.stream().mapToInt(Row::cycle).distinct().count();
    sb.append(
        String.format(
            Locale.ROOT,
            "Paired slices: %d cycles, each client one slice per cycle, in its own JVM%n",
            cycles));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-16s %12s %14s %12s%n",
            "client",
            "req/s (med)",
            "caller CPU/req",
            "B/request"));
    for (String t : targets) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %12.0f %11.1f us %12.0f%n",
              t,
              median(rows, t, SliceWorker.Slice::perSecond),
              median(rows, t, PairedThroughput::cpuMicrosPerCall),
              median(rows, t, PairedThroughput::bytesPerCall)));
    }
    for (List<String> pair : RATIOS) {
      double[] r = ratios(rows, pair.get(0), pair.get(1));
      if (r.length == 0) {
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-30s median %.3f, quartiles %.3f-%.3f, range %.3f-%.3f (%d cycles)%n",
              pair.get(0) + "/" + pair.get(1),
              quantile(r, 0.5),
              quantile(r, 0.25),
              quantile(r, 0.75),
              r[0],
              r[r.length - 1],
              r.length));
    }
    return sb.toString();
  }

  static void write(Path file, List<Row> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Row r : rows) {
      SliceWorker.Slice s = r.slice();
      lines.add(
          String.format(
              Locale.ROOT,
              "%d\t%s\t%d\t%d\t%.1f\t%.2f\t%.0f\t%d",
              r.cycle(),
              r.target(),
              s.calls(),
              s.nanos(),
              s.perSecond(),
              cpuMicrosPerCall(s),
              bytesPerCall(s),
              s.errors()));
    }
    Files.write(file, lines);
  }

  /** The rows of a {@code paired.tsv}; empty when the file does not exist. */
  public static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + " does not start with the header '" + HEADER + "'");
    }
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      long calls = Long.parseLong(f[2]);
      long nanos = Long.parseLong(f[3]);
      long cpu = Math.round(Double.parseDouble(f[5]) * 1000 * calls);
      long bytes = Math.round(Double.parseDouble(f[6]) * calls);
      rows.add(
          new Row(
              Integer.parseInt(f[0]),
              f[1],
              new SliceWorker.Slice(calls, nanos, cpu, bytes, Long.parseLong(f[7]), null)));
    }
    return rows;
  }

  /** A worker JVM and the coordinator's end of its pipes. */
  static final class Worker implements SliceRunner, AutoCloseable {
    private final String target;
    private final Process process;
    private final BufferedReader in;
    private final PrintStream out;

    private Worker(String target, Process process) {
      this.target = target;
      this.process = process;
      this.in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.out = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static Worker start(String target, int threads, List<String> urls, Path log)
        throws IOException {
      List<String> cmd =
          ChildJvm.command(
              WORKER_JVM,
              SliceWorker.class,
              List.of(target, Integer.toString(threads), String.join(",", urls)));
      Process p =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
      Worker w = new Worker(target, p);
      String ready = w.in.readLine();
      if (!"READY".equals(ready)) {
        w.close();
        throw new IOException(
            target + ": the worker did not get ready (said '" + ready + "'; see " + log + ")");
      }
      return w;
    }

    @Override
    public String target() {
      return target;
    }

    @Override
    public SliceWorker.Slice run(long millis) throws IOException {
      out.println("RUN " + millis);
      String line = in.readLine();
      if (line == null) {
        throw new IOException(target + ": the worker exited");
      }
      return SliceWorker.Slice.parse(line);
    }

    @Override
    public void close() {
      out.println("QUIT");
      ChildJvm.stop(process, 20);
    }
  }
}
