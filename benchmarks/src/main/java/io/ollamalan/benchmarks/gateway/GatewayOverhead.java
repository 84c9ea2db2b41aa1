package io.ollamalan.benchmarks.gateway;

import io.ollamalan.OllamaClient;
import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.clients.SdkTarget;
import io.ollamalan.benchmarks.fleet.FleetProcess;
import io.ollamalan.benchmarks.fleet.FleetServer;
import io.ollamalan.benchmarks.jmh.ChatThroughputBenchmark;
import io.ollamalan.benchmarks.load.OpenLoop;
import io.ollamalan.benchmarks.load.StallMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a call through the gRPC gateway costs over direct HTTP to the same fake node: added p50 and
 * p99 latency and added CPU per call, open loop ({@link OpenLoop}, no coordinated omission).
 *
 * <pre>
 * java -cp benchmarks.jar io.ollamalan.benchmarks.gateway.GatewayOverhead \
 *     [--rates 1200,2500,5000] [--warmup 5] [--seconds 20] [--rounds 4] [--budget-ms 10]
 *     [--out DIR]
 * </pre>
 *
 * <p>Three processes share the machine: the fake fleet (one node used), the gateway with its
 * defaults in front of that node, and this JVM, which runs two clients with their defaults: {@code
 * direct} (the SDK over HTTP to the node) and {@code gateway} (the SDK with a {@code grpc://}
 * address, i.e. the gRPC transport, to the gateway, which forwards with the SDK over HTTP). Each
 * rate is measured in {@code rounds} alternating slices per client so that bursts of other work on
 * a shared machine land on both. CPU per call is this JVM's per completed call plus, for {@code
 * gateway}, the gateway process's CPU over the slice divided by the calls sent in it. Each line
 * also gives what a {@link StallMeter} in this JVM saw over the same slices: a p99 close to the
 * stalls is the machine's.
 *
 * <p>The rates are climbed in order; the highest one where the gateway path had no error and a
 * median slice p99 within {@code budget-ms} is reported as the rate it holds.
 */
public final class GatewayOverhead {

  /** The rate the added p99 goal (under 1 ms) is stated for. */
  public static final double GOAL_RATE = 1200;

  private GatewayOverhead() {}

  /** One client at one rate, with the gateway's CPU per call (0 for direct). */
  record Row(OpenLoop.Result result, double gatewayCpuMicrosPerCall) {
    double cpuMicrosPerCall() {
      return result.cpuMicrosPerRequest() + gatewayCpuMicrosPerCall;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Double> rates = List.of(GOAL_RATE, 2500.0, 5000.0);
    int warmup = 5;
    int seconds = 20;
    int rounds = 4;
    double budget = 10;
    Path out = Path.of("target", "gateway-overhead");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rates" -> {
          List<Double> r = new ArrayList<>();
          for (String s : args[++i].split(",")) {
            r.add(Double.parseDouble(s));
          }
          rates = r;
        }
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
    StringBuilder tsv =
        new StringBuilder(
            "rate\tclient\tp50_ms\tp99_ms\tmedian_slice_p99_ms\tcpu_us_per_call\t"
                + "gateway_cpu_us_per_call\tok\terrors\n");
    double held = 0;
    try (StallMeter stalls = StallMeter.start();
        FleetProcess fleet =
            FleetProcess.start(
                ChatThroughputBenchmark.NODES, ChatThroughputBenchmark.REPLY_TOKENS, 0);
        GatewayProcess gateway = GatewayProcess.start(List.of(fleet.url(0)));
        SdkTarget directClient = SdkTarget.oneNode(fleet.url(0), FleetServer.MODEL);
        SdkTarget gatewayClient =
            SdkTarget.of(
                OllamaClient.builder().nodes(gateway.address()).build(), FleetServer.MODEL)) {
      FailureTally direct = new FailureTally(directClient);
      FailureTally viaGateway = new FailureTally(gatewayClient);
      warm(direct);
      warm(viaGateway);
      OpenLoop.run(
          "direct", direct, rates.get(0), Duration.ofSeconds(warmup), Duration.ofSeconds(1));
      OpenLoop.run(
          "gateway", viaGateway, rates.get(0), Duration.ofSeconds(warmup), Duration.ofSeconds(1));
      int slice = Math.max(1, seconds / rounds);
      for (double rate : rates) {
        List<OpenLoop.Result> directParts = new ArrayList<>();
        List<OpenLoop.Result> gatewayParts = new ArrayList<>();
        long gatewayCpu = 0;
        double gatewaySent = 0;
        for (int round = 0; round < rounds; round++) {
          directParts.add(
              OpenLoop.run(
                  "direct",
                  direct,
                  rate,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(slice),
                  stalls));
          long before = gateway.cpuNanos();
          gatewayParts.add(
              OpenLoop.run(
                  "gateway",
                  viaGateway,
                  rate,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(slice),
                  stalls));
          gatewayCpu += gateway.cpuNanos() - before;
          gatewaySent += rate * (1 + slice);
        }
        Row d = new Row(OpenLoop.Result.merge(directParts), 0);
        Row g = new Row(OpenLoop.Result.merge(gatewayParts), gatewayCpu / 1000.0 / gatewaySent);
        for (Row r : List.of(d, g)) {
          System.out.println(line(r));
          tsv.append(
              String.format(
                  Locale.ROOT,
                  "%.0f\t%s\t%.3f\t%.3f\t%.3f\t%.1f\t%.1f\t%d\t%d%n",
                  rate,
                  r.result().target(),
                  r.result().p50Millis(),
                  r.result().p99Millis(),
                  r.result().medianSliceP99Millis(),
                  r.cpuMicrosPerCall(),
                  r.gatewayCpuMicrosPerCall(),
                  r.result().completed(),
                  r.result().errors()));
        }
        System.out.printf(
            Locale.ROOT,
            "added by the gateway at %.0f/s: p50 %+.3f ms  p99 %+.3f ms  median slice p99 %+.3f ms"
                + "  cpu %+.1f us/call%n",
            rate,
            g.result().p50Millis() - d.result().p50Millis(),
            g.result().p99Millis() - d.result().p99Millis(),
            g.result().medianSliceP99Millis() - d.result().medianSliceP99Millis(),
            g.cpuMicrosPerCall() - d.cpuMicrosPerCall());
        for (FailureTally t : List.of(direct, viaGateway)) {
          String kinds = t.drain();
          if (!kinds.isEmpty()) {
            System.out.println(
                "  failures of " + (t == direct ? "direct" : "gateway") + ": " + kinds);
          }
        }
        if (g.result().errors() > 0 || g.result().medianSliceP99Millis() > budget) {
          break;
        }
        held = rate;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "highest rate the gateway path held (no error, median slice p99 <= %.0f ms): %.0f/s%n",
        budget,
        held);
    String loadAfter = loadAverage();
    System.out.println("host load average (1 min) before " + loadBefore + ", after " + loadAfter);
    Files.writeString(out.resolve("gateway-overhead.tsv"), tsv.toString());
  }

  /** Closed-loop calls from four threads so that the JIT has compiled both paths before timing. */
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

  static String line(Row r) {
    OpenLoop.Result x = r.result();
    return String.format(
        Locale.ROOT,
        "%-8s offered %6.0f/s sent %7.1f/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms"
            + "  median slice p99 %7.3f ms  cpu %6.1f us/call (gateway process %5.1f)  ok %d"
            + "  errors %d  stalls p99.9 %.3f max %.3f ms",
        x.target(),
        x.offeredPerSecond(),
        x.sentPerSecond(),
        x.p50Millis(),
        x.p99Millis(),
        x.p999Millis(),
        x.medianSliceP99Millis(),
        r.cpuMicrosPerCall(),
        r.gatewayCpuMicrosPerCall(),
        x.completed(),
        x.errors(),
        x.stallP999Millis(),
        x.stallMaxMillis());
  }

  /** Counts the failed calls of a target by what went wrong, to explain an error count. */
  static final class FailureTally implements ChatTarget {
    private final ChatTarget target;
    private final java.util.concurrent.ConcurrentHashMap<
            String, java.util.concurrent.atomic.LongAdder>
        kinds = new java.util.concurrent.ConcurrentHashMap<>();

    FailureTally(ChatTarget target) {
      this.target = target;
    }

    @Override
    public String chat() {
      return target.chat();
    }

    @Override
    public java.util.concurrent.CompletableFuture<String> chatAsync() {
      return target
          .chatAsync()
          .whenComplete(
              (r, e) -> {
                if (e != null) {
                  Throwable c =
                      e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                  String kind =
                      c instanceof io.ollamalan.OllamaException o
                          ? o.kind().name()
                          : c.getClass().getSimpleName();
                  kinds
                      .computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder())
                      .increment();
                }
              });
    }

    /** The failures since the last call, e.g. {@code TIMEOUT=3 SERVER_BUSY=1}. */
    String drain() {
      StringBuilder sb = new StringBuilder();
      kinds.forEach((k, n) -> sb.append(k).append('=').append(n.sumThenReset()).append(' '));
      kinds.clear();
      return sb.toString().trim();
    }

    @Override
    public void close() {
      target.close();
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
