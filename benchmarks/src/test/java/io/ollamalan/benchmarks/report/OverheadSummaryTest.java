package io.ollamalan.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.benchmarks.report.OverheadSummary.Latency;
import io.ollamalan.benchmarks.report.OverheadSummary.Score;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
}
