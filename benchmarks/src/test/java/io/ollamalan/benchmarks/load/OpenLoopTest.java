package io.ollamalan.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.benchmarks.clients.ChatTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  /** Answers at once, or fails every {@code failEvery}-th call. */
  static final class Instant implements ChatTarget {
    final AtomicInteger calls = new AtomicInteger();
    final int failEvery;

    Instant(int failEvery) {
      this.failEvery = failEvery;
    }

    @Override
    public String chat() {
      return "ok";
    }

    @Override
    public CompletableFuture<String> chatAsync() {
      int n = calls.incrementAndGet();
      return failEvery > 0 && n % failEvery == 0
          ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
          : CompletableFuture.completedFuture("ok");
    }

    @Override
    public void close() {}
  }

  @Test
  void sendsOnScheduleAndRecordsOnlyTheMeasuredPart() {
    Instant target = new Instant(0);
    OpenLoop.Result r =
        OpenLoop.run("instant", target, 400, Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(target.calls.get()).isBetween(295, 301);
    assertThat(r.completed()).isBetween(198L, 201L);
    assertThat(r.errors()).isZero();
    assertThat(r.errorKinds()).isEmpty();
  }

  @Test
  void countsFailuresAsErrorsNotLatencies() {
    OpenLoop.Result r =
        OpenLoop.run("failing", new Instant(2), 400, Duration.ZERO, Duration.ofMillis(250));
    assertThat(r.errors()).isBetween(49L, 51L);
    assertThat(r.completed() + r.errors()).isBetween(99L, 101L);
    assertThat(r.errorKinds()).containsOnlyKeys("IllegalStateException");
    assertThat(r.errorKinds().get("IllegalStateException")).isEqualTo(r.errors());
  }

  @Test
  void namesTheSdksErrorsByKind() {
    // Nothing listens on port 1 of the loopback address: the connection is refused.
    try (io.ollamalan.OllamaClient client =
        io.ollamalan.OllamaClient.builder()
            .nodes("http://127.0.0.1:1")
            .healthChecksEnabled(false)
            .maxAttempts(1)
            .build()) {
      CompletableFuture<?> call =
          client.chatAsync(io.ollamalan.model.ChatRequest.builder("m").user("hi").build());
      Throwable failure = call.handle((v, e) -> e).join();
      assertThat(OpenLoop.kind(failure)).isEqualTo("TRANSPORT");
    }
    assertThat(OpenLoop.kind(null)).isEqualTo("no reply");
  }

  @Test
  void theStallMeterRecordsHowMuchLongerThanAskedASleepTook() throws Exception {
    java.util.concurrent.atomic.AtomicInteger sleeps =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    // The fifth sleep takes 40 ms instead of 1: the meter must record a stall of at least 39 ms.
    try (StallMeter meter =
        StallMeter.start(
            n -> {
              int k = sleeps.incrementAndGet();
              Thread.sleep(k == 5 ? 40 : 1);
              if (k == 6) {
                stalled.countDown();
              }
            })) {
      stalled.await();
      org.HdrHistogram.Histogram h = meter.interval();
      assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(39_000);
      assertThat(h.getTotalCount()).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void theStallShareCountsOnlyTheTimeBeyondTheThreshold() {
    org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(OpenLoop.MAX_MICROS, 3);
    // 980 sleeps that overslept 0, and one stall of 21 ms: 20 ms of it beyond 1 ms, in 1,000 ms.
    h.recordValueWithCount(0, 980);
    h.recordValue(21_000);
    OpenLoop.Result r =
        new OpenLoop.Result(
            "x", 1, 1, 1, new java.util.TreeMap<>(), new org.HdrHistogram.Histogram(3), 0, 0, h);
    assertThat(r.stallShare(1)).isCloseTo(0.02, org.assertj.core.api.Assertions.within(0.0005));
    assertThat(r.stallShare(30)).isZero();
  }

  @Test
  void aRunTakesTheStallsOfItsMeasuredPartOnly() {
    try (StallMeter meter = StallMeter.start(n -> Thread.sleep(1))) {
      OpenLoop.Result r =
          OpenLoop.run(
              "x", new Instant(0), 400, Duration.ofMillis(100), Duration.ofMillis(200), meter);
      assertThat(r.stallMicros().getTotalCount()).isPositive();
      assertThat(r.stallP999Millis()).isNotNaN();
      OpenLoop.Result none =
          OpenLoop.run("x", new Instant(0), 400, Duration.ZERO, Duration.ofMillis(100));
      assertThat(none.stallP999Millis()).isNaN();
      OpenLoop.Result m = OpenLoop.Result.merge(List.of(r, none));
      assertThat(m.stallMicros().getTotalCount()).isEqualTo(r.stallMicros().getTotalCount());
    }
  }

  @Test
  void mergingSlicesAddsCountsAndKeepsTheMedianSliceP99() {
    OpenLoop.Result a =
        OpenLoop.run("x", new Instant(0), 400, Duration.ZERO, Duration.ofMillis(100));
    OpenLoop.Result b =
        OpenLoop.run("x", new Instant(0), 400, Duration.ZERO, Duration.ofMillis(100));
    OpenLoop.Result m = OpenLoop.Result.merge(List.of(a, b));
    assertThat(m.completed()).isEqualTo(a.completed() + b.completed());
    assertThat(m.errorKinds()).isEmpty();
    assertThat(m.micros().getTotalCount()).isEqualTo(m.completed());
    assertThat(m.medianSliceP99Millis()).isEqualTo((a.p99Millis() + b.p99Millis()) / 2);
  }
}
