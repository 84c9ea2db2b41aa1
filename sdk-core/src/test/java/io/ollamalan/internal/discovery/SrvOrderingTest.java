package io.ollamalan.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.internal.discovery.SrvOrdering.Srv;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SrvOrderingTest {

  @Test
  void lowerPriorityAlwaysComesFirst() {
    List<Srv> in =
        List.of(new Srv(20, 100, 1, "backup"), new Srv(10, 1, 1, "a"), new Srv(10, 0, 1, "b"));
    Random r = new Random(1);
    for (int i = 0; i < 100; i++) {
      List<Srv> out = SrvOrdering.order(in, r::nextDouble);
      assertThat(out.get(2).target()).isEqualTo("backup");
    }
  }

  @Test
  void withinAPriorityTargetsComeFirstInProportionToWeight() {
    List<Srv> in = List.of(new Srv(0, 30, 1, "light"), new Srv(0, 70, 1, "heavy"));
    Random r = new Random(42);
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      first.merge(SrvOrdering.order(in, r::nextDouble).get(0).target(), 1, Integer::sum);
    }
    assertThat(first.get("heavy")).isBetween(6_700, 7_300);
    assertThat(first.get("light")).isBetween(2_700, 3_300);
  }

  @Test
  void zeroWeightIsPickedOnlyOnAZeroDrawOrWhenAlone() {
    List<Srv> in = List.of(new Srv(0, 0, 1, "zero"), new Srv(0, 10, 1, "ten"));
    assertThat(SrvOrdering.order(in, () -> 0.5).get(0).target()).isEqualTo("ten");
    assertThat(SrvOrdering.order(in, () -> 0.0).get(0).target()).isEqualTo("zero");
    assertThat(SrvOrdering.order(in, () -> 0.5)).hasSize(2);
  }
}
