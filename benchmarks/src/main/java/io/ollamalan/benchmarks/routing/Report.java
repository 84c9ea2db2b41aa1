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

  /**
   * The last line: llm-aware over round-robin for p99 end-to-end time, throughput, cold loads and
   * prompt-cache hit rate.
   */
  public static String comparison(StrategyResult llmAware, StrategyResult roundRobin) {
    return "llm-aware vs round-robin: p99 e2e ratio "
        + ratio(llmAware.e2eP99(), roundRobin.e2eP99())
        + ", throughput ratio "
        + ratio(llmAware.turnsPerMinute(), roundRobin.turnsPerMinute())
        + ", cold loads ratio "
        + ratio(llmAware.coldLoads(), roundRobin.coldLoads())
        + ", cache hit ratio "
        + ratio(llmAware.cacheHitRate(), roundRobin.cacheHitRate());
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
