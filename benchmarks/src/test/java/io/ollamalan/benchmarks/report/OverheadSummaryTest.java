package io.ollamalan.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ollamalan.benchmarks.paired.PairedThroughput;
import io.ollamalan.benchmarks.paired.SliceWorker;
import io.ollamalan.benchmarks.report.OverheadSummary.Latency;
import io.ollamalan.benchmarks.report.OverheadSummary.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OverheadSummaryTest {

  /** Open-loop results as files written before the stall meter have them. */
  private static final List<Latency> NO_STALLS =
      List.of(
          new Latency("okhttp", 1200, 0.2, 0.6, 2, 0.5, 0, 80, Double.NaN, Double.NaN, Double.NaN),
          new Latency("sdk", 1200, 0.2, 0.75, 3, 0.55, 0, 90, Double.NaN, Double.NaN, Double.NaN));

  @Test
  void lastLineCarriesTheRatiosAndTheSdkP99() {
    Map<String, Score> jmh = clients(14_000);
    jmh.put("peerOllama4j", new Score(500, 10, 100_000));
    jmh.put("peerLangChain4j", new Score(2_000, 10, 30_000));
    jmh.put("peerSpringAi", new Score(1_000, 10, 50_000));
    jmh.put("sdkChatStream", new Score(1_500_000, 1000, 1_000));
    List<Latency> latency = NO_STALLS;
    String out = OverheadSummary.render(jmh, latency, Map.of("sdk", 13_000L));
    String[] lines = out.split("\n");
    assertThat(lines[lines.length - 1])
        .isEqualTo(
            "sdk/okhttp throughput ratio 0.90; sdk vs best peer 4.50; p99 at 1200 QPS 0.75 ms");
    assertThat(out)
        .contains("[met] one node >= 0.9x raw OkHttp throughput")
        .contains("[met] full stack >= 0.9x raw OkHttp throughput")
        .contains("[NOT met] allocation per request <= 1.3x raw OkHttp")
        .contains("[met] heap per open stream <= 16 KiB");
  }

  @Test
  void throughputGoalsAreJudgedOnTheRatiosWithinEachRound() {
    // Round 2 ran while the machine was busy: every client is slower in it. Medians of the scores
    // taken separately would compare raw OkHttp's fast rounds with the SDK's slow one.
    Map<Integer, Map<String, Score>> rounds = new TreeMap<>();
    rounds.put(1, round(20_000, 19_000, 19_000, 17_400));
    rounds.put(2, round(10_000, 9_500, 9_300, 8_700));
    rounds.put(3, round(21_000, 20_000, 18_000, 18_300));
    assertThat(OverheadSummary.medianRatio(rounds, "sdkOneNode", "okhttpRaw"))
        .isCloseTo(0.93, within(0.001));
    assertThat(OverheadSummary.medianRatio(rounds, "sdkFullStack", "okhttpRawFleet"))
        .isCloseTo(0.9158, within(0.001));
    Map<String, Score> jmh = new LinkedHashMap<>(OverheadSummary.median(rounds));
    assertThat(jmh.get("okhttpRaw").perSecond()).isEqualTo(20_000);
    jmh.put("sdkChatStream", new Score(1_500_000, 1000, 1_000));
    List<Latency> latency = NO_STALLS;
    String out = OverheadSummary.render(jmh, rounds, latency, Map.of("sdk", 13_000L));
    assertThat(out)
        .contains("[met] one node >= 0.9x raw OkHttp throughput               0.93x")
        .contains("[met] full stack >= 0.9x raw OkHttp over the same 3 nodes  0.92x")
        .contains(
            "[info] against raw OkHttp on one node                       full stack 0.87x,"
                + " raw OkHttp over the 3 nodes 0.95x")
        .contains("Rounds (req/s; ratios within the round)");
  }

  @Test
  void pairedSlicesJudgeTheThroughputGoalsWhenTheRunHasThemWithTheRoundsShownBeside() {
    // The JMH rounds, a minute apart, say 0.80x; the slices, seconds apart, say 0.95x one node and
    // 0.85x full stack: the slices judge, the rounds are shown.
    Map<Integer, Map<String, Score>> rounds = new TreeMap<>();
    rounds.put(1, round(20_000, 20_000, 16_000, 16_000));
    Map<String, Score> jmh = new LinkedHashMap<>(OverheadSummary.median(rounds));
    jmh.put("sdkChatStream", new Score(1_500_000, 1000, 1_000));
    List<PairedThroughput.Row> paired = new ArrayList<>();
    for (int c = 1; c <= 3; c++) {
      long speed = c * 1000L; // the machine's speed moves from cycle to cycle
      paired.add(row(c, "okhttpRaw", 20 * speed));
      paired.add(row(c, "sdkOneNode", 19 * speed));
      paired.add(row(c, "okhttpRawFleet", 20 * speed));
      paired.add(row(c, "sdkFullStack", 17 * speed));
    }
    String out = OverheadSummary.render(jmh, rounds, NO_STALLS, Map.of("sdk", 13_000L), paired);
    assertThat(out)
        .contains("Paired slices: 3 cycles")
        .contains(
            "[met] one node >= 0.9x raw OkHttp throughput               0.95x paired slices"
                + " (JMH rounds 0.80x)")
        .contains(
            "[NOT met] full stack >= 0.9x raw OkHttp over the same 3 nodes  0.85x paired slices"
                + " (JMH rounds 0.80x)")
        .contains("full stack 0.85x, raw OkHttp over the 3 nodes 1.00x");
    assertThat(out.split("\n")[out.split("\n").length - 1])
        .startsWith("sdk/okhttp throughput ratio 0.85;");
  }

  private static PairedThroughput.Row row(int cycle, String target, long calls) {
    return new PairedThroughput.Row(
        cycle,
        target,
        new SliceWorker.Slice(calls, 1_000_000_000L, calls * 50_000L, calls * 12_000L, 0, null));
  }

  @Test
  void readsTheStallMetersColumnsAndSaysWhenTheMachinesStallsExceedTheGoal() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("openloop");
    java.nio.file.Path tsv = dir.resolve("openloop.tsv");
    java.nio.file.Files.writeString(
        tsv,
        "# host load average before/after: 1.0 1.2\n"
            + "target\toffered_per_s\tsent_per_s\tp50_ms\tp99_ms\tp999_ms\tmax_ms"
            + "\tslice_p99_median_ms\tcompleted\terrors\tcpu_us_per_request\tstall_p999_ms"
            + "\tstall_max_ms\tstall_beyond_1ms_pct\n"
            + "okhttp\t1200\t1200.0\t0.300\t70.000\t100.000\t130.000\t66.000\t24000\t0\t300.0"
            + "\t23.500\t82.000\t1.250\n"
            + "sdk\t1200\t1200.0\t0.300\t63.000\t100.000\t130.000\t60.000\t24000\t0\t310.0"
            + "\t21.000\t80.000\t0.900\n");
    List<Latency> latency = OverheadSummary.readLatency(tsv);
    assertThat(latency.get(0).stallP999()).isEqualTo(23.5);
    assertThat(latency.get(1).stallMax()).isEqualTo(80.0);
    assertThat(latency.get(0).stallBeyondPct()).isEqualTo(1.25);
    Map<String, Score> jmh = clients(12_900);
    String out = OverheadSummary.render(jmh, latency, Map.of("sdk", 13_000L));
    assertThat(out)
        .contains("okhttp 1.25 %, sdk 0.90 %: 1 % or more, the machine's stalls decide the p99")
        .contains("23.500      82.000        1.25 %");
  }

  @Test
  void quietStallsAddNoWarningAndOldFilesReadWithoutThem() {
    Map<String, Score> jmh = clients(12_900);
    String quiet =
        OverheadSummary.render(
            jmh,
            List.of(
                new Latency("okhttp", 1200, 0.2, 0.6, 2, 0.5, 0, 80, 2.5, 5, 0.05),
                new Latency("sdk", 1200, 0.2, 0.75, 3, 0.55, 0, 90, 1.9, 13, 0.08)),
            Map.of());
    assertThat(quiet).contains("okhttp 0.05 %, sdk 0.08 %").doesNotContain("decide the p99");
    String old = OverheadSummary.render(jmh, NO_STALLS, Map.of());
    assertThat(old).doesNotContain("sleeping thread");
  }

  /** Raw OkHttp and the SDK on one node and full stack, as JMH's medians. */
  private static Map<String, Score> clients(double fullStackBytesPerOp) {
    Map<String, Score> jmh = new LinkedHashMap<>();
    jmh.put("okhttpRaw", new Score(10_000, 100, 10_000));
    jmh.put("sdkOneNode", new Score(9_500, 100, 12_900));
    jmh.put("sdkFullStack", new Score(9_000, 100, fullStackBytesPerOp));
    return jmh;
  }

  private static Map<String, Score> round(double raw, double rawFleet, double one, double full) {
    Map<String, Score> m = new LinkedHashMap<>();
    m.put("okhttpRaw", new Score(raw, Double.NaN, 12_000, 30));
    m.put("okhttpRawFleet", new Score(rawFleet, Double.NaN, 12_200, 31));
    m.put("sdkOneNode", new Score(one, Double.NaN, 13_000, 35));
    m.put("sdkFullStack", new Score(full, Double.NaN, 13_300, 38));
    return m;
  }
}
