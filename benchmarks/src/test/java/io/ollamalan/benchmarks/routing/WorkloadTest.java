package io.ollamalan.benchmarks.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private static Workload.Spec spec(long seed) {
    return Scenario.of(seed, Scenario.QUICK_DURATION_MILLIS, 14).workload();
  }

  @Test
  void sameSeedGivesSameWorkload() {
    assertThat(Workload.generate(spec(7))).isEqualTo(Workload.generate(spec(7)));
  }

  @Test
  void anotherSeedGivesAnotherWorkload() {
    assertThat(Workload.generate(spec(7))).isNotEqualTo(Workload.generate(spec(8)));
  }

  @Test
  void conversationsArriveInOrderWithinTheWindowAndFollowTheSpec() {
    Workload.Spec spec = spec(42);
    Workload w = Workload.generate(spec);
    assertThat(w.conversations()).isNotEmpty();
    long previous = 0;
    for (Workload.Conversation c : w.conversations()) {
      assertThat(c.arrivalMillis()).isBetween(previous, spec.durationMillis());
      previous = c.arrivalMillis();
      assertThat(c.turns()).hasSizeBetween(spec.minTurns(), spec.maxTurns());
      assertThat(c.turns().get(0).thinkMillis()).isZero();
      for (Workload.Turn t : c.turns().subList(1, c.turns().size())) {
        assertThat(t.thinkMillis()).isGreaterThanOrEqualTo(2_000);
      }
      assertThat(spec.models()).extracting(SimModel::name).contains(c.model());
    }
  }

  @Test
  void everyModelIsUsed() {
    Workload w = Workload.generate(spec(42));
    assertThat(w.conversations())
        .extracting(Workload.Conversation::model)
        .containsAll(List.of("llama3.1:8b", "qwen2.5:14b", "llama3.2:3b"));
  }
}
