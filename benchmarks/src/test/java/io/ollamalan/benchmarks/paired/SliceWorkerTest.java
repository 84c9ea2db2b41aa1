package io.ollamalan.benchmarks.paired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.fleet.FleetServer;
import io.ollamalan.benchmarks.jmh.ChatThroughputBenchmark;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A worker runs its client in slices on command and reports what the slice did. */
class SliceWorkerTest {

  private static FakeFleet fleet() {
    return FakeFleet.startIndexed(
        1,
        0,
        (i, b) ->
            b.model(FakeModel.chat(FleetServer.MODEL).replyTokens(4))
                .loaded(FleetServer.MODEL)
                .tokensPerSecond(0)
                .recordRequests(0));
  }

  @Test
  void runsTheSDKInSlicesOnCommandAndCountsEveryCall() throws Exception {
    try (FakeFleet fleet = fleet();
        SliceWorker w =
            new SliceWorker(ChatThroughputBenchmark.create("sdkOneNode", fleet.baseUrls()), 2)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      w.serve(new BufferedReader(new StringReader("RUN 200\nRUN 100\nQUIT\nRUN 100\n")), out);

      String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines).hasSize(3);
      assertThat(lines[0]).isEqualTo("READY");
      for (String line : new String[] {lines[1], lines[2]}) {
        SliceWorker.Slice s = SliceWorker.Slice.parse(line);
        assertThat(s.calls()).isPositive();
        assertThat(s.errors()).isZero();
        assertThat(s.firstError()).isNull();
        assertThat(s.cpuNanos()).isPositive();
        assertThat(s.allocBytes()).isPositive();
      }
    }
  }

  @Test
  void everyCallOfASliceIsCountedOnceAndFailuresAreReportedWithTheFirstOne() {
    AtomicLong made = new AtomicLong();
    AtomicBoolean fail = new AtomicBoolean();
    ChatTarget counting =
        new ChatTarget() {
          @Override
          public String chat() {
            made.incrementAndGet();
            if (fail.get()) {
              throw new IllegalStateException("node said no");
            }
            return "ok";
          }

          @Override
          public void close() {}
        };
    try (SliceWorker w = new SliceWorker(counting, 3)) {
      SliceWorker.Slice ok = w.slice(50);
      assertThat(ok.calls()).isEqualTo(made.get()).isPositive();
      assertThat(ok.errors()).isZero();

      fail.set(true);
      long before = made.get();
      SliceWorker.Slice bad = w.slice(50);
      assertThat(bad.calls()).isZero();
      assertThat(bad.errors()).isEqualTo(made.get() - before).isPositive();
      assertThat(bad.firstError()).contains("node said no");
      assertThat(SliceWorker.Slice.parse(bad.line())).isEqualTo(bad);
    }
  }

  @Test
  void anUnknownCommandIsRefusedByName() {
    ChatTarget idle =
        new ChatTarget() {
          @Override
          public String chat() {
            return "ok";
          }

          @Override
          public void close() {}
        };
    try (SliceWorker w = new SliceWorker(idle, 1)) {
      PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> w.serve(new BufferedReader(new StringReader("WALK 5\n")), out))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("WALK 5");
    }
  }
}
