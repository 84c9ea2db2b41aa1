package io.ollamalan.benchmarks.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final StrategyResult RR =
      new StrategyResult(
          "round-robin", 300, 50.0, 150.25, 18_400, 76_600, 23_500, 84_000, 100, 0.075, 3, 1, 0);
  private static final StrategyResult LLM =
      new StrategyResult(
          "llm-aware", 360, 60.0, 180.0, 5_600, 67_600, 10_600, 21_000, 8, 0.3, 0, 0, 2);

  private static final StrategyResult SIMPLE =
      new StrategyResult(
          "simple", 360, 60.0, 180.0, 5_000, 67_600, 10_600, 20_000, 8, 0.3, 0, 0, 2);

  @Test
  void comparisonLineDividesTheDefaultByBothBaselines() {
    assertThat(Report.comparison(LLM, SIMPLE, RR))
        .isEqualTo(
            "default/simple: ttft p99 1.00x, e2e p99 1.05x, loads 1.00x; "
                + "default/round-robin: ttft p99 0.88x, e2e p99 0.25x, loads 0.08x");
  }

  @Test
  void theTargetIsMetOnlyWhenNoFigureIsWorseThanTheSimpleRouter() {
    assertThat(Report.meets(LLM, SIMPLE, RR)).isFalse();
    assertThat(Report.meets(LLM, LLM, RR)).isTrue();
    assertThat(Report.meets(LLM, LLM, LLM)).isFalse();
  }

  @Test
  void ratioOfZeroes() {
    assertThat(Report.ratio(0, 0)).isEqualTo("1.00");
    assertThat(Report.ratio(3, 0)).isEqualTo("inf");
  }

  @Test
  void tableHasAHeaderAndOneRowPerStrategyInSeconds() {
    String[] lines = Report.table(List.of(RR, LLM)).split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0])
        .startsWith("strategy")
        .contains("ttft p50", "e2e p99", "loads", "cache", "503s", "failed");
    assertThat(lines[1].trim().split("\\s+"))
        .containsExactly(
            "round-robin",
            "300",
            "50.0",
            "150.3",
            "18.4s",
            "76.6s",
            "23.5s",
            "84.0s",
            "100",
            "7.5%",
            "3",
            "1",
            "0");
    assertThat(lines[2]).startsWith("llm-aware").contains("30.0%");
  }
}
