package io.ollamalan.benchmarks.routing;

import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Balancers;
import io.ollamalan.routing.LlmAwareBalancer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The routing-quality benchmark: replays one seeded workload of multi-turn conversations over three
 * models on four simulated Ollama nodes once per balancing strategy, prints a table of what each
 * achieved and, last, how the LLM-aware balancer compares with round-robin. Run it with {@code
 * benchmarks/bin/routing-sim [--seed N] [--quick] [--duration MINUTES] [--verbose]}.
 */
public final class RoutingSim {
  private RoutingSim() {}

  public static void main(String[] args) throws InterruptedException {
    long seed = Scenario.DEFAULT_SEED;
    long duration = Scenario.DEFAULT_DURATION_MILLIS;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed":
          seed = Long.parseLong(value(args, ++i, "--seed"));
          break;
        case "--quick":
          duration = Scenario.QUICK_DURATION_MILLIS;
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
              "usage: routing-sim [--seed N] [--quick] [--duration MINUTES] " + "[--verbose]");
          return;
        default:
          throw new IllegalArgumentException("unknown option " + args[i] + "; try --help");
      }
    }
    Scenario scenario = Scenario.defaults(seed, duration);
    Workload workload = Workload.generate(scenario.workload());
    PrintStream out = System.out;
    out.println(describe(scenario, workload));
    List<StrategyResult> results = new ArrayList<>();
    // The LLM-aware balancer is told what an operator knows: how many models a node holds.
    int resident = scenario.nodes().get(0).maxLoadedModels();
    for (Supplier<Balancer> b :
        List.<Supplier<Balancer>>of(
            Balancers::roundRobin,
            Balancers::leastOutstanding,
            () -> LlmAwareBalancer.builder().residentModelsPerNode(resident).build())) {
      Balancer balancer = b.get();
      long t0 = System.nanoTime();
      StrategyResult r = new Replay(scenario, workload, balancer, verbose ? out : null).run();
      out.printf("  %s done in %.1f s wall%n", balancer.name(), (System.nanoTime() - t0) / 1e9);
      results.add(r);
    }
    out.println();
    out.print(Report.table(results));
    out.println(Report.comparison(results.get(2), results.get(0)));
  }

  static String describe(Scenario s, Workload w) {
    return String.format(
        java.util.Locale.ROOT,
        "routing-sim: seed %d, %d conversations (%d turns) over %.0f simulated minutes, "
            + "%d nodes, time scale %.0fx; times below are simulated",
        s.workload().seed(),
        w.conversations().size(),
        w.turns(),
        s.workload().durationMillis() / 60_000.0,
        s.nodes().size(),
        s.timeScale());
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
