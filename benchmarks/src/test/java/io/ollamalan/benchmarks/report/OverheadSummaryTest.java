package io.ollamalan.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ollamalan.benchmarks.report.OverheadSummary.Latency;
import io.ollamalan.benchmarks.report.OverheadSummary.Score;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OverheadSummaryTest {

  @Test
  void lastLineCarriesTheRatiosAndTheSdkP99() {
    Map<String, Score> jmh = new LinkedHashMap<>();
    jmh.put("okhttpRaw", new Score(10_000, 100, 10_000));
    jmh.put("sdkOneNode", new Score(9_500, 100, 12_900));
    jmh.put("sdkFullStack", new Score(9_000, 100, 14_000));
    jmh.put("peerOllama4j", new Score(500, 10, 100_000));
    jmh.put("peerLangChain4j", new Score(2_000, 10, 30_000));
    jmh.put("peerSpringAi", new Score(1_000, 10, 50_000));
    jmh.put("sdkChatStream", new Score(1_500_000, 1000, 1_000));
    List<Latency> latency =
        List.of(
            new Latency("okhttp", 1200, 0.2, 0.6, 2, 0.5, 0, 80),
            new Latency("sdk", 1200, 0.2, 0.75, 3, 0.55, 0, 90));
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
    List<Latency> latency =
        List.of(
            new Latency("okhttp", 1200, 0.2, 0.6, 2, 0.5, 0, 80),
            new Latency("sdk", 1200, 0.2, 0.75, 3, 0.55, 0, 90));
    String out = OverheadSummary.render(jmh, rounds, latency, Map.of("sdk", 13_000L));
    assertThat(out)
        .contains("[met] one node >= 0.9x raw OkHttp throughput               0.93x")
        .contains("[NOT met] full stack >= 0.9x raw OkHttp throughput             0.87x")
        .contains("[met]   same, against raw OkHttp over the same 3 nodes     0.92x")
        .contains("Rounds (req/s; ratios within the round)");
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
