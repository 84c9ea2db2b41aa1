package io.ollamalan.benchmarks.routing;

import java.util.List;
import java.util.Locale;

/** Formats the results: one table row per strategy, then the comparison line. */
public final class Report {
  private static final String ROW = "%-18s %8s %9s %8s %9s %9s %9s %9s %6s %7s %5s %6s %6s%n";

  private Report() {}

  /** The table: a header and one row per strategy; times in simulated seconds. */
  public static String table(List<StrategyResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            ROW,
            "strategy",
            "turns",
            "turns/min",
            "tok/s",
            "ttft p50",
            "ttft p99",
            "e2e p50",
            "e2e p99",
            "loads",
            "cache",
            "503s",
            "failed",
            "unfin"));
    for (StrategyResult r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              ROW,
              r.strategy(),
              r.completedTurns(),
              fixed(r.turnsPerMinute(), 1),
              fixed(r.tokensPerSecond(), 1),
              seconds(r.ttftP50()),
              seconds(r.ttftP99()),
              seconds(r.e2eP50()),
              seconds(r.e2eP99()),
              r.coldLoads(),
              fixed(100 * r.cacheHitRate(), 1) + "%",
              r.busy503(),
              r.failed(),
              r.unfinished()));
    }
    return sb.toString();
  }

  /** The default's ratios to both baselines: TTFT p99, end-to-end p99 and model loads. */
  public static String comparison(
      StrategyResult dflt, StrategyResult simple, StrategyResult roundRobin) {
    return "default/simple: ttft p99 "
        + ratio(dflt.ttftP99(), simple.ttftP99())
        + "x, e2e p99 "
        + ratio(dflt.e2eP99(), simple.e2eP99())
        + "x, loads "
        + ratio(dflt.coldLoads(), simple.coldLoads())
        + "x; default/round-robin: ttft p99 "
        + ratio(dflt.ttftP99(), roundRobin.ttftP99())
        + "x, e2e p99 "
        + ratio(dflt.e2eP99(), roundRobin.e2eP99())
        + "x, loads "
        + ratio(dflt.coldLoads(), roundRobin.coldLoads())
        + "x";
  }

  /**
   * Whether the default is at most the simple router's TTFT p99, e2e p99 and loads, and below
   * round-robin's on all three.
   */
  public static boolean meets(StrategyResult dflt, StrategyResult simple, StrategyResult rr) {
    return dflt.ttftP99() <= simple.ttftP99()
        && dflt.e2eP99() <= simple.e2eP99()
        && dflt.coldLoads() <= simple.coldLoads()
        && dflt.ttftP99() < rr.ttftP99()
        && dflt.e2eP99() < rr.e2eP99()
        && dflt.coldLoads() < rr.coldLoads();
  }

  static String ratio(double a, double b) {
    if (b == 0) {
      return a == 0 ? "1.00" : "inf";
    }
    return fixed(a / b, 2);
  }

  private static String seconds(long millis) {
    return fixed(millis / 1000.0, 1) + "s";
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
