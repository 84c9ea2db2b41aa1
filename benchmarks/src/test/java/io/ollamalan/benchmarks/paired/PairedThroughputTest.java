package io.ollamalan.benchmarks.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paired run's schedule and arithmetic, with clients that answer as told. */
class PairedThroughputTest {

  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** A client whose slices run at {@code rate} times the machine's speed of the moment. */
  static final class Scripted implements PairedThroughput.SliceRunner {
    final String name;
    final double rate;
    final double[] machine;
    final List<Integer> slicesAt;
    long errors;

    Scripted(String name, double rate, double[] machine, List<Integer> slicesAt) {
      this.name = name;
      this.rate = rate;
      this.machine = machine;
      this.slicesAt = slicesAt;
    }

    @Override
    public String target() {
      return name;
    }

    @Override
    public SliceWorker.Slice run(long millis) {
      int at = slicesAt.size();
      slicesAt.add(at);
      double speed = machine[Math.min(at / 2, machine.length - 1)];
      long calls = Math.round(rate * speed * millis);
      return new SliceWorker.Slice(
          calls,
          millis * 1_000_000L,
          calls * 50_000L,
          calls * 1_000L,
          errors,
          errors > 0 ? "boom" : null);
    }
  }

  @Test
  void everyClientTakesEveryPlaceEquallyOftenAndPairsOfCyclesRunForwardThenBackward() {
    List<String> two = List.of("a", "b");
    assertThat(PairedThroughput.order(two, 0)).containsExactly("a", "b");
    assertThat(PairedThroughput.order(two, 1)).containsExactly("b", "a");
    assertThat(PairedThroughput.order(two, 2)).containsExactly("b", "a");
    assertThat(PairedThroughput.order(two, 3)).containsExactly("a", "b");

    List<String> four = List.of("a", "b", "c", "d");
    Map<String, int[]> places = new HashMap<>();
    for (int c = 0; c < 8; c++) {
      List<String> o = PairedThroughput.order(four, c);
      assertThat(o).containsExactlyInAnyOrderElementsOf(four);
      for (int i = 0; i < o.size(); i++) {
        places.computeIfAbsent(o.get(i), k -> new int[4])[i]++;
      }
    }
    for (int[] p : places.values()) {
      assertThat(p).containsExactly(2, 2, 2, 2);
    }
  }

  @Test
  void theRatioIsTakenWithinEachCycleSoThatTheMachinesSpeedCancels() throws Exception {
    // The machine's speed halves and doubles from cycle to cycle; b always runs at 0.9x a.
    double[] machine = new double[64];
    for (int i = 0; i < machine.length; i++) {
      machine[i] = i % 3 == 0 ? 0.5 : i % 3 == 1 ? 1.0 : 2.0;
    }
    List<Integer> slices = new ArrayList<>();
    // Both clients share the slice counter, so that the two slices of one cycle see one speed.
    Scripted a = new Scripted("a", 10, machine, slices);
    Scripted b = new Scripted("b", 9, machine, slices);
    List<PairedThroughput.Row> rows = PairedThroughput.run(List.of(a, b), 100, 0, 12, QUIET);

    assertThat(rows).hasSize(24);
    assertThat(rows.stream().filter(r -> r.target().equals("a"))).hasSize(12);
    assertThat(PairedThroughput.medianRatio(rows, "b", "a")).isCloseTo(0.9, within(1e-9));
    for (double r : PairedThroughput.ratios(rows, "b", "a")) {
      assertThat(r).isCloseTo(0.9, within(1e-9));
    }
  }

  @Test
  void warmUpSlicesComeFirstAndAreNotMeasured() throws Exception {
    List<Integer> slices = new ArrayList<>();
    double[] machine = {1.0};
    Scripted a = new Scripted("a", 10, machine, slices);
    Scripted b = new Scripted("b", 10, machine, slices);
    // 1 s of warm-up in slices of 250 ms: 4 per client, then 3 measured cycles.
    List<PairedThroughput.Row> rows = PairedThroughput.run(List.of(a, b), 250, 1, 3, QUIET);
    assertThat(slices).hasSize(8 + 6);
    assertThat(rows).hasSize(6);
    assertThat(rows).extracting(PairedThroughput.Row::cycle).containsExactly(1, 1, 2, 2, 3, 3);
  }

  @Test
  void aSliceWithAFailedCallFailsTheRunAndNamesTheClient() {
    List<Integer> slices = new ArrayList<>();
    Scripted a = new Scripted("a", 10, new double[] {1.0}, slices);
    Scripted b = new Scripted("sdkOneNode", 10, new double[] {1.0}, slices);
    b.errors = 3;
    assertThatThrownBy(() -> PairedThroughput.run(List.of(a, b), 100, 0, 2, QUIET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sdkOneNode")
        .hasMessageContaining("3 of")
        .hasMessageContaining("boom");
  }

  @Test
  void theTableRoundTripsThroughItsFileAndTheSummaryShowsTheRatios(@TempDir Path dir)
      throws Exception {
    List<Integer> slices = new ArrayList<>();
    double[] machine = {1.0, 0.5, 2.0, 1.0};
    List<PairedThroughput.Row> rows =
        PairedThroughput.run(
            List.of(
                new Scripted("okhttpRaw", 10, machine, slices),
                new Scripted("sdkOneNode", 9.5, machine, slices)),
            200,
            0,
            4,
            QUIET);
    Path file = dir.resolve("paired.tsv");
    PairedThroughput.write(file, rows);
    List<PairedThroughput.Row> back = PairedThroughput.read(file);
    assertThat(back).hasSize(rows.size());
    assertThat(PairedThroughput.medianRatio(back, "sdkOneNode", "okhttpRaw"))
        .isCloseTo(0.95, within(1e-3));
    assertThat(PairedThroughput.median(back, "okhttpRaw", PairedThroughput::cpuMicrosPerCall))
        .isCloseTo(50.0, within(0.01));
    String text = PairedThroughput.render(back, List.of("okhttpRaw", "sdkOneNode"));
    assertThat(text).contains("sdkOneNode/okhttpRaw").contains("median 0.950").contains("4 cycles");
    assertThat(PairedThroughput.read(dir.resolve("absent.tsv"))).isEmpty();
  }
}
