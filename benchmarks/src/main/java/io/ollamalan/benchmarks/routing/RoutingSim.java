package io.ollamalan.benchmarks.routing;

import io.ollamalan.routing.Balancers;
import io.ollamalan.routing.RoutingConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routing-quality benchmark. For each load level (light, moderate, beyond capacity) and each
 * seed, it replays one seeded workload of multi-turn conversations over three models on four
 * unequal simulated Ollama nodes three times: through the client with {@link
 * RoutingConfig#defaults()} (nothing tuned, nothing told about the nodes), and through two
 * baselines without client-side admission, as users would route without this SDK: the simple router
 * ({@link SimpleRouter}) and round-robin. It prints each run and the default's ratios to both
 * baselines for time to first token p99, end-to-end p99 and model loads.
 *
 * <p>Run it with {@code benchmarks/bin/routing-sim [--quick] [--seed N] [--rate NAME] [--duration
 * MINUTES] [--verbose]}. There is deliberately no option to change the client's configuration.
 */
public final class RoutingSim {
  private RoutingSim() {}

  public static void main(String[] args) throws InterruptedException {
    List<Long> seeds = Scenario.DEFAULT_SEEDS;
    long duration = Scenario.DEFAULT_DURATION_MILLIS;
    String onlyRate = null;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed":
          seeds = List.of(Long.parseLong(value(args, ++i, "--seed")));
          break;
        case "--quick":
          duration = Scenario.QUICK_DURATION_MILLIS;
          break;
        case "--rate":
          onlyRate = value(args, ++i, "--rate");
          if (!Scenario.RATES.containsKey(onlyRate)) {
            throw new IllegalArgumentException(
                "--rate is one of " + Scenario.RATES.keySet() + ", was " + onlyRate);
          }
          break;
        case "--duration":
          duration = Math.round(Double.parseDouble(value(args, ++i, "--duration")) * 60_000);
          if (duration <= 0 || duration > 120 * 60_000L) {
            throw new IllegalArgumentException("--duration is in simulated minutes, 0 to 120");
          }
          break;
        case "--verbose":
          verbose = true;
          break;
        case "-h":
        case "--help":
          System.out.println(
              "usage: routing-sim [--quick] [--seed N] [--rate light|moderate|'beyond capacity'] "
                  + "[--duration MINUTES] [--verbose]");
          return;
        default:
          throw new IllegalArgumentException("unknown option " + args[i] + "; try --help");
      }
    }
    PrintStream out = System.out;
    warmUp(out);
    List<String> verdicts = new ArrayList<>();
    int runs = 0;
    int met = 0;
    // Per figure (ttft p99, e2e p99, loads): runs where the default was at most the simple
    // router's, and runs where it was below round-robin's.
    int[] notAboveSimple = new int[3];
    int[] belowRoundRobin = new int[3];
    for (Map.Entry<String, Double> rate : Scenario.RATES.entrySet()) {
      if (onlyRate != null && !onlyRate.equals(rate.getKey())) {
        continue;
      }
      for (long seed : seeds) {
        Scenario scenario = Scenario.of(seed, duration, rate.getValue());
        Workload workload = Workload.generate(scenario.workload());
        out.println();
        out.println(rate.getKey() + ": " + describe(scenario, workload));
        List<String> names = List.of("default", "simple", "round-robin");
        List<RoutingConfig> configs =
            List.of(
                RoutingConfig.defaults(),
                baseline(SimpleRouter::new),
                baseline(Balancers::roundRobin));
        StrategyResult[] byStrategy = new StrategyResult[3];
        // The order rotates with each run so that no strategy always runs first (or last) in the
        // JVM.
        for (int k = 0; k < 3; k++) {
          int s = (k + runs) % 3;
          byStrategy[s] = run(scenario, workload, configs.get(s), names.get(s), verbose, out);
        }
        List<StrategyResult> results = List.of(byStrategy);
        out.print(Report.table(results));
        String line = Report.comparison(results.get(0), results.get(1), results.get(2));
        out.println(line);
        runs++;
        long[] d = figures(results.get(0));
        long[] sr = figures(results.get(1));
        long[] rr = figures(results.get(2));
        for (int f = 0; f < 3; f++) {
          notAboveSimple[f] += d[f] <= sr[f] ? 1 : 0;
          belowRoundRobin[f] += d[f] < rr[f] ? 1 : 0;
        }
        boolean ok = Report.meets(results.get(0), results.get(1), results.get(2));
        if (ok) {
          met++;
        }
        verdicts.add(
            String.format(
                Locale.ROOT,
                "%-16s seed %d: %s  %s",
                rate.getKey(),
                seed,
                ok ? "met" : "MISSED",
                line));
      }
    }
    out.println();
    out.println(
        "summary (default vs baselines; met = <= 1.00x simple and < 1.00x round-robin on all three):");
    verdicts.forEach(out::println);
    out.printf(
        Locale.ROOT,
        "default at most the simple router's: ttft p99 in %d of %d runs, e2e p99 in %d, loads in %d%n",
        notAboveSimple[0],
        runs,
        notAboveSimple[1],
        notAboveSimple[2]);
    out.printf(
        Locale.ROOT,
        "default below round-robin's:         ttft p99 in %d of %d runs, e2e p99 in %d, loads in %d%n",
        belowRoundRobin[0],
        runs,
        belowRoundRobin[1],
        belowRoundRobin[2]);
    out.println(met + " of " + runs + " scenario runs met the target");
  }

  private static long[] figures(StrategyResult r) {
    return new long[] {r.ttftP99(), r.e2eP99(), r.coldLoads()};
  }

  /**
   * Replays one short light workload per strategy and discards the results: the first replay in a
   * fresh JVM pays class loading and compilation, which the simulation's time scale would multiply
   * into tens of simulated seconds against whichever strategy ran first.
   */
  private static void warmUp(PrintStream out) throws InterruptedException {
    long t0 = System.nanoTime();
    Scenario s = Scenario.of(0, 60_000L, 20);
    Workload w = Workload.generate(s.workload());
    new Replay(s, w, RoutingConfig.defaults(), "warm-up", null).run();
    new Replay(s, w, baseline(SimpleRouter::new), "warm-up", null).run();
    new Replay(s, w, baseline(Balancers::roundRobin), "warm-up", null).run();
    out.printf(
        Locale.ROOT,
        "warm-up done in %.1f s wall (not measured)%n",
        (System.nanoTime() - t0) / 1e9);
  }

  /** A baseline: the balancer alone, with no client-side admission (no limit, no queue). */
  private static RoutingConfig baseline(
      java.util.function.Supplier<? extends io.ollamalan.routing.Balancer> b) {
    return RoutingConfig.builder()
        .balancer(b)
        .adaptiveConcurrency(false)
        .initialConcurrency(100_000)
        .maxConcurrency(100_000)
        .build();
  }

  private static StrategyResult run(
      Scenario scenario,
      Workload workload,
      RoutingConfig routing,
      String name,
      boolean verbose,
      PrintStream out)
      throws InterruptedException {
    long t0 = System.nanoTime();
    StrategyResult r = new Replay(scenario, workload, routing, name, verbose ? out : null).run();
    out.printf(Locale.ROOT, "  %s done in %.1f s wall%n", name, (System.nanoTime() - t0) / 1e9);
    return r;
  }

  static String describe(Scenario s, Workload w) {
    StringBuilder nodes = new StringBuilder();
    for (int i = 0; i < s.nodes().size(); i++) {
      io.ollamalan.testkit.SchedulerConfig c = s.nodes().get(i);
      nodes.append(
          String.format(
              Locale.ROOT,
              "%n  node%d: %s, room for %d models, holds %s at the start",
              i,
              c.decodeTokensPerSecond() >= 40 ? "fast" : "slow",
              c.maxLoadedModels(),
              s.initiallyLoaded().get(i).isEmpty() ? "none" : s.initiallyLoaded().get(i)));
    }
    return String.format(
        Locale.ROOT,
        "seed %d, %.0f conversations/min, %d conversations (%d turns) over %.0f simulated minutes, "
            + "%d unequal nodes, time scale %.0fx; times below are simulated%s",
        s.workload().seed(),
        s.workload().conversationsPerMinute(),
        w.conversations().size(),
        w.turns(),
        s.workload().durationMillis() / 60_000.0,
        s.nodes().size(),
        s.timeScale(),
        nodes);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
