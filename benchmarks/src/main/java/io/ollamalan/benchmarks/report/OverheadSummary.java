package io.ollamalan.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ollamalan.benchmarks.paired.PairedThroughput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what {@code benchmarks/bin/overhead} wrote (JMH's JSON, {@code openloop.tsv}, {@code
 * heap.tsv}) and prints the summary table, the goals and, last, the one-line verdict.
 *
 * <p>The throughput of raw OkHttp and the SDK is measured in rounds ({@code
 * jmh-round<N>-<benchmark>.json}, one JMH run per benchmark, in an order that rotates from round to
 * round): the tables show the median of the rounds. The same clients are also measured in paired
 * slices ({@code paired.tsv}, see {@link PairedThroughput}): each in a JVM of its own, taking turns
 * every two seconds. When those exist, the throughput goals are judged on the median of the ratios
 * taken within each of their cycles, and the JMH rounds' ratios are shown beside them; else on the
 * rounds' ratios. Either way a change in the machine's speed between two runs does not pass for a
 * difference between two clients, and slices seconds apart leave it less time to change.
 */
public final class OverheadSummary {

  static final List<String> PEERS = List.of("peerOllama4j", "peerLangChain4j", "peerSpringAi");
  static final double TARGET_RATE = 1200;

  /** The goal for allocation per request, one node and full stack, against raw OkHttp. */
  static final double MAX_ALLOC_RATIO = 1.3;

  /**
   * One JMH result: score, its error, allocation per operation (NaN without -prof gc) and the
   * calling thread's CPU time per call (NaN where not counted).
   */
  public record Score(double perSecond, double error, double bytesPerOp, double cpuMicros) {

    public Score(double perSecond, double error, double bytesPerOp) {
      this(perSecond, error, bytesPerOp, Double.NaN);
    }
  }

  /**
   * One open-loop result at one rate; {@code stallP999}, {@code stallMax} and {@code
   * stallBeyondPct} (the share of the time it spent more than 1 ms into a stall, in %) are the
   * stall meter's over the same slices (NaN when it did not run).
   */
  public record Latency(
      String target,
      double rate,
      double p50,
      double p99,
      double p999,
      double sliceP99,
      long errors,
      double cpuMicros,
      double stallP999,
      double stallMax,
      double stallBeyondPct) {}

  /** The benchmarks measured in rounds, and the pairs whose ratio is a goal. */
  static final List<String> ROUND_BENCHMARKS =
      List.of("okhttpRaw", "okhttpRawFleet", "sdkOneNode", "sdkFullStack");

  private static final Pattern ROUND_FILE = Pattern.compile("jmh-round(\\d+)-(\\w+)\\.json");

  private OverheadSummary() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/overhead");
    Map<Integer, Map<String, Score>> rounds = readRounds(dir);
    Map<String, Score> jmh = new LinkedHashMap<>(median(rounds));
    Path rest = dir.resolve("jmh.json");
    if (Files.exists(rest)) {
      jmh.putAll(readJmh(rest));
    }
    List<Latency> latency = readLatency(dir.resolve("openloop.tsv"));
    Map<String, Long> heap = readHeap(dir.resolve("heap.tsv"));
    List<PairedThroughput.Row> paired = PairedThroughput.read(dir.resolve("paired.tsv"));
    System.out.print(render(jmh, rounds, latency, heap, paired));
  }

  /** Scores by round number, then benchmark, from the {@code jmh-round<N>-<name>.json} files. */
  public static Map<Integer, Map<String, Score>> readRounds(Path dir) throws IOException {
    Map<Integer, Map<String, Score>> rounds = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        Matcher m = ROUND_FILE.matcher(f.getFileName().toString());
        if (m.matches()) {
          rounds
              .computeIfAbsent(Integer.parseInt(m.group(1)), r -> new LinkedHashMap<>())
              .putAll(readJmh(f));
        }
      }
    }
    return rounds;
  }

  /** Per benchmark, the median of each figure over the rounds that measured it. */
  public static Map<String, Score> median(Map<Integer, Map<String, Score>> rounds) {
    Map<String, List<Score>> by = new LinkedHashMap<>();
    rounds
        .values()
        .forEach(r -> r.forEach((k, v) -> by.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
    Map<String, Score> out = new LinkedHashMap<>();
    by.forEach(
        (k, v) ->
            out.put(
                k,
                new Score(
                    median(v, Score::perSecond),
                    Double.NaN,
                    median(v, Score::bytesPerOp),
                    median(v, Score::cpuMicros))));
    return out;
  }

  private static double median(List<Score> scores, ToDoubleFunction<Score> f) {
    double[] v = scores.stream().mapToDouble(f).toArray();
    return median(v);
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /**
   * The median over the rounds of {@code a}'s throughput divided by {@code b}'s in the same round;
   * NaN if no round measured both.
   */
  static double medianRatio(Map<Integer, Map<String, Score>> rounds, String a, String b) {
    return median(
        rounds.values().stream()
            .filter(r -> r.containsKey(a) && r.containsKey(b))
            .mapToDouble(r -> r.get(a).perSecond() / r.get(b).perSecond())
            .toArray());
  }

  /** Scores by benchmark method name. */
  public static Map<String, Score> readJmh(Path json) throws IOException {
    Map<String, Score> out = new LinkedHashMap<>();
    for (JsonNode b : new ObjectMapper().readTree(json.toFile())) {
      String name = b.get("benchmark").asText();
      name = name.substring(name.lastIndexOf('.') + 1);
      JsonNode pm = b.get("primaryMetric");
      JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
      JsonNode calls = b.path("secondaryMetrics").path("calls").path("score");
      JsonNode cpu = b.path("secondaryMetrics").path("cpuNanos").path("score");
      double cpuPerCall =
          calls.isMissingNode() || cpu.isMissingNode() || calls.asDouble() == 0
              ? Double.NaN
              : cpu.asDouble() / calls.asDouble() / 1000;
      out.put(
          name,
          new Score(
              pm.get("score").asDouble(),
              pm.path("scoreError").asDouble(Double.NaN),
              alloc.isMissingNode() ? Double.NaN : alloc.asDouble(),
              cpuPerCall));
    }
    return out;
  }

  public static List<Latency> readLatency(Path tsv) throws IOException {
    List<Latency> out = new ArrayList<>();
    for (String line : Files.readAllLines(tsv)) {
      if (line.startsWith("#") || line.startsWith("target\t") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      out.add(
          new Latency(
              f[0],
              Double.parseDouble(f[1]),
              Double.parseDouble(f[3]),
              Double.parseDouble(f[4]),
              Double.parseDouble(f[5]),
              Double.parseDouble(f[7]),
              Long.parseLong(f[9]),
              f.length > 10 ? Double.parseDouble(f[10]) : Double.NaN,
              f.length > 11 ? Double.parseDouble(f[11]) : Double.NaN,
              f.length > 12 ? Double.parseDouble(f[12]) : Double.NaN,
              f.length > 13 ? Double.parseDouble(f[13]) : Double.NaN));
    }
    return out;
  }

  public static Map<String, Long> readHeap(Path tsv) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    if (!Files.exists(tsv)) {
      return out;
    }
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t");
      if (f.length == 3 && !f[0].equals("target")) {
        out.put(f[0], Long.parseLong(f[2]));
      }
    }
    return out;
  }

  /** The whole report from one measurement per benchmark; its last line is the verdict. */
  public static String render(
      Map<String, Score> jmh, List<Latency> latency, Map<String, Long> heap) {
    Map<Integer, Map<String, Score>> one = new TreeMap<>();
    one.put(1, jmh);
    return render(jmh, one, latency, heap);
  }

  /**
   * The whole report; its last line is the verdict. {@code jmh} holds the figures shown in the
   * tables (the rounds' medians and the benchmarks run once), {@code rounds} each round's own.
   */
  public static String render(
      Map<String, Score> jmh,
      Map<Integer, Map<String, Score>> rounds,
      List<Latency> latency,
      Map<String, Long> heap) {
    return render(jmh, rounds, latency, heap, List.of());
  }

  /**
   * The whole report with the paired slices' table; when {@code paired} has slices, the throughput
   * goals are judged on its ratios (two clients seconds apart), and the JMH rounds' ratios (a
   * minute apart) are shown beside them.
   */
  public static String render(
      Map<String, Score> jmh,
      Map<Integer, Map<String, Score>> rounds,
      List<Latency> latency,
      Map<String, Long> heap,
      List<PairedThroughput.Row> paired) {
    StringBuilder sb = new StringBuilder();
    Score floor = jmh.get("okhttpRaw");
    sb.append("Non-streamed chat, 4 client threads, fake fleet in a child JVM (loopback)\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-16s %12s %10s %12s %10s %10s %14s%n",
            "client",
            "req/s",
            "± (99.9%)",
            "B/request",
            "thrpt/raw",
            "alloc/raw",
            "caller CPU/req"));
    for (String name :
        List.of(
            "okhttpRaw",
            "sdkOneNode",
            "okhttpRawFleet",
            "sdkFullStack",
            "peerOllama4j",
            "peerLangChain4j",
            "peerSpringAi")) {
      Score s = jmh.get(name);
      if (s == null) {
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %12.0f %10s %12.0f %10.2f %10.2f %11.1f us%n",
              name,
              s.perSecond(),
              err(s),
              s.bytesPerOp(),
              s.perSecond() / floor.perSecond(),
              s.bytesPerOp() / floor.bytesPerOp(),
              s.cpuMicros()));
    }
    if (rounds.size() > 1) {
      sb.append("\nRounds (req/s; ratios within the round)\n");
      sb.append(String.format(Locale.ROOT, "%-6s", "round"));
      for (String b : ROUND_BENCHMARKS) {
        sb.append(String.format(Locale.ROOT, " %15s", b));
      }
      sb.append(String.format(Locale.ROOT, " %9s %9s %9s%n", "one/raw", "full/raw", "full/raw3"));
      rounds.forEach(
          (r, m) -> {
            sb.append(String.format(Locale.ROOT, "%-6d", r));
            for (String b : ROUND_BENCHMARKS) {
              Score s = m.get(b);
              sb.append(
                  String.format(Locale.ROOT, " %15.0f", s == null ? Double.NaN : s.perSecond()));
            }
            Map<Integer, Map<String, Score>> just = Map.of(r, m);
            sb.append(
                String.format(
                    Locale.ROOT,
                    " %9.2f %9.2f %9.2f%n",
                    medianRatio(just, "sdkOneNode", "okhttpRaw"),
                    medianRatio(just, "sdkFullStack", "okhttpRaw"),
                    medianRatio(just, "sdkFullStack", "okhttpRawFleet")));
          });
    }
    if (!paired.isEmpty()) {
      sb.append('\n').append(PairedThroughput.render(paired, ROUND_BENCHMARKS));
    }
    Score jackson = jmh.get("jacksonLines");
    Score stream = jmh.get("sdkChatStream");
    if (stream != null) {
      sb.append("\nStreaming decode, one thread\n");
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %12s %10s %12s%n",
              "decoder",
              "chunks/s",
              "± (99.9%)",
              "B/chunk"));
      Map<String, Score> decoders = new LinkedHashMap<>();
      decoders.put("jacksonLines", jackson);
      decoders.put("sdkChatStream", stream);
      decoders.forEach(
          (name, score) -> {
            if (score != null) {
              sb.append(
                  String.format(
                      Locale.ROOT,
                      "%-16s %12.0f %10s %12.0f%n",
                      name,
                      score.perSecond(),
                      err(score),
                      score.bytesPerOp()));
            }
          });
    }
    sb.append("\nOpen loop, latency from intended send time (ms)\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-16s %8s %8s %8s %8s %14s %7s %12s %13s %11s %13s%n",
            "client",
            "rate/s",
            "p50",
            "p99",
            "p99.9",
            "slice-med p99",
            "errors",
            "client CPU",
            "stalls p99.9",
            "stalls max",
            "stalled >1ms"));
    for (Latency l : latency) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-16s %8.0f %8.3f %8.3f %8.3f %14.3f %7d %9.1f us %13.3f %11.3f %11.2f %%%n",
              l.target(),
              l.rate(),
              l.p50(),
              l.p99(),
              l.p999(),
              l.sliceP99(),
              l.errors(),
              l.cpuMicros(),
              l.stallP999(),
              l.stallMax(),
              l.stallBeyondPct()));
    }
    if (!heap.isEmpty()) {
      sb.append("\nHeap per open stream (slow streams held open, live heap after full GC)\n");
      heap.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-16s %,12d bytes%n", k, v)));
    }

    Score full = jmh.get("sdkFullStack");
    Ratios ratios = new Ratios(rounds, paired);
    // The full stack's floor is raw OkHttp over the same three nodes when the run measured it:
    // three
    // servers on the two CPUs the client shares, and three sets of connections, cost raw OkHttp
    // itself, and a comparison with one node would count them against the SDK.
    boolean fleetFloor = jmh.containsKey("okhttpRawFleet");
    String fullFloor = fleetFloor ? "okhttpRawFleet" : "okhttpRaw";
    double ratio = ratios.of("sdkFullStack", fullFloor);
    double bestPeer = 0;
    String bestPeerName = "none";
    for (String p : PEERS) {
      Score s = jmh.get(p);
      if (s != null && s.perSecond() > bestPeer) {
        bestPeer = s.perSecond();
        bestPeerName = p;
      }
    }
    double vsPeer = bestPeer > 0 ? full.perSecond() / bestPeer : Double.NaN;
    Latency sdkAt = at(latency, "sdk", TARGET_RATE);
    Latency rawAt = at(latency, "okhttp", TARGET_RATE);
    double p99 = sdkAt == null ? Double.NaN : sdkAt.p99();
    double added = sdkAt == null || rawAt == null ? Double.NaN : sdkAt.p99() - rawAt.p99();
    double addedSlices =
        sdkAt == null || rawAt == null ? Double.NaN : sdkAt.sliceP99() - rawAt.sliceP99();
    double allocRatio = jmh.get("sdkOneNode").bytesPerOp() / floor.bytesPerOp();
    double allocFull = full.bytesPerOp() / floor.bytesPerOp();
    Long sdkHeap = heap.get("sdk");

    sb.append("\nGoals\n");
    ratios.goal(sb, "one node >= 0.9x raw OkHttp throughput", "sdkOneNode", "okhttpRaw");
    ratios.goal(
        sb,
        fleetFloor
            ? "full stack >= 0.9x raw OkHttp over the same 3 nodes"
            : "full stack >= 0.9x raw OkHttp throughput",
        "sdkFullStack",
        fullFloor);
    if (fleetFloor) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  [info] %-52s full stack %.2fx, raw OkHttp over the 3 nodes %.2fx%n",
              "against raw OkHttp on one node",
              ratios.of("sdkFullStack", "okhttpRaw"),
              ratios.of("okhttpRawFleet", "okhttpRaw")));
    }
    ratioGoal(sb, "full stack >= 3x best peer (" + bestPeerName + ")", vsPeer, 3);
    goal(
        sb,
        "p99 added at 1200/s <= 1 ms over raw OkHttp",
        added <= 1,
        String.format(
            Locale.ROOT, "%+.3f ms merged, %+.3f ms median of slices", added, addedSlices));
    if (sdkAt != null && rawAt != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  [info] client CPU per request at 1200/s                    okhttp %.1f us, sdk %.1f us"
                  + " (%.2fx)%n",
              rawAt.cpuMicros(),
              sdkAt.cpuMicros(),
              sdkAt.cpuMicros() / rawAt.cpuMicros()));
      double share = Math.max(sdkAt.stallBeyondPct(), rawAt.stallBeyondPct());
      if (!Double.isNaN(share)) {
        // At a constant rate, at least this share of the requests waited over 1 ms for the
        // machine alone: at 1 % or more the p99 is the machine's, and a difference of two p99s
        // says nothing about the goal.
        sb.append(
            String.format(
                Locale.ROOT,
                "  [info] time a sleeping thread spent > 1 ms into a stall      okhttp %.2f %%, sdk"
                    + " %.2f %%%s%n",
                rawAt.stallBeyondPct(),
                sdkAt.stallBeyondPct(),
                share >= 1
                    ? ": 1 % or more, the machine's stalls decide the p99; see RESULTS.md"
                    : ""));
      }
    }
    goal(
        sb,
        "streaming decode >= 1,000,000 chunks/s on one core",
        stream != null && stream.perSecond() >= 1e6,
        stream == null
            ? "not run"
            : String.format(Locale.ROOT, "%,.0f chunks/s", stream.perSecond()));
    goal(
        sb,
        "allocation per request <= 1.3x raw OkHttp",
        allocRatio <= MAX_ALLOC_RATIO && allocFull <= MAX_ALLOC_RATIO,
        String.format(Locale.ROOT, "one node %.2fx, full stack %.2fx", allocRatio, allocFull));
    goal(
        sb,
        "heap per open stream <= 16 KiB",
        sdkHeap != null && sdkHeap <= 16 * 1024,
        sdkHeap == null ? "not run" : String.format(Locale.ROOT, "%,d bytes", sdkHeap));
    sb.append(
        String.format(
            Locale.ROOT,
            "sdk/okhttp throughput ratio %.2f; sdk vs best peer %.2f; p99 at 1200 QPS %.2f ms%n",
            ratio,
            vsPeer,
            p99));
    return sb.toString();
  }

  /** JMH gives no error bound for a single fork with few iterations. */
  private static String err(Score s) {
    return Double.isNaN(s.error()) ? "n/a" : String.format(Locale.ROOT, "%.0f", s.error());
  }

  private static Latency at(List<Latency> latency, String target, double rate) {
    for (Latency l : latency) {
      if (l.target().equals(target) && l.rate() == rate) {
        return l;
      }
    }
    return null;
  }

  /**
   * The throughput ratios the goals judge: the paired slices' when the run has them, with the JMH
   * rounds' ratio shown beside; else the JMH rounds'.
   */
  private record Ratios(
      Map<Integer, Map<String, Score>> rounds, List<PairedThroughput.Row> paired) {

    double of(String a, String b) {
      return paired.isEmpty()
          ? medianRatio(rounds, a, b)
          : PairedThroughput.medianRatio(paired, a, b);
    }

    void goal(StringBuilder sb, String what, String a, String b) {
      double r = of(a, b);
      String measured;
      if (paired.isEmpty()) {
        measured = String.format(Locale.ROOT, "%.2fx", r);
      } else {
        measured =
            String.format(
                Locale.ROOT,
                "%.2fx paired slices (JMH rounds %.2fx)",
                r,
                medianRatio(rounds, a, b));
      }
      OverheadSummary.goal(sb, what, r >= 0.9, measured);
    }
  }

  /** A goal met when {@code ratio} is at least {@code min}, printed as {@code 0.00x}. */
  private static void ratioGoal(StringBuilder sb, String what, double ratio, double min) {
    goal(sb, what, ratio >= min, String.format(Locale.ROOT, "%.2fx", ratio));
  }

  private static void goal(StringBuilder sb, String what, boolean met, String measured) {
    sb.append(
        String.format(Locale.ROOT, "  [%s] %-52s %s%n", met ? "met" : "NOT met", what, measured));
  }
}
