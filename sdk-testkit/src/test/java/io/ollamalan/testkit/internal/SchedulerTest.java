package io.ollamalan.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.SchedulerConfig;
import io.ollamalan.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The scheduler state machine driven by a manual clock: no sleeping, no I/O. */
class SchedulerTest {

  static final long MIN = 60_000_000_000L;

  final TestClock clock = new TestClock();
  final FakeModel a = FakeModel.chat("a").sizeBytes(2_000).loadTime(Duration.ofSeconds(2));
  final FakeModel b = FakeModel.chat("b").sizeBytes(2_000).loadTime(Duration.ofSeconds(2));
  final FakeModel c = FakeModel.chat("c").sizeBytes(2_000).loadTime(Duration.ofSeconds(2));

  Scheduler scheduler(SchedulerConfig.Builder b) {
    return new Scheduler(b.build(), SimClock.manual(clock));
  }

  /** One request that waits for its load to finish, then ends. */
  void load(Scheduler s, FakeModel m, Long keepAlive) {
    Scheduler.Admission adm = s.admit(m, keepAlive, 0);
    clock.advance(Duration.ofSeconds(2));
    assertThat(adm.runner()).isCompleted();
    adm.close();
  }

  static List<String> loaded(Scheduler s) {
    return s.runners().stream().map(r -> r.model.name()).toList();
  }

  @Test
  void loadsThenServesAndReportsTheLoadTime() {
    Scheduler s = scheduler(SchedulerConfig.builder());
    Scheduler.Admission first = s.admit(a, null, 0);
    Scheduler.Admission second = s.admit(a, null, 0);
    assertThat(first.runner()).isNotDone();
    assertThat(s.runners().get(0).loading).isTrue();
    clock.advance(Duration.ofMillis(1999));
    assertThat(first.runner()).isNotDone();
    clock.advance(Duration.ofMillis(1));
    assertThat(first.runner()).isCompleted();
    assertThat(second.runner()).isCompleted();
    assertThat(first.grantedAt()).isEqualTo(2_000_000_000L);
    assertThat(s.loads()).isEqualTo(1);
    Scheduler.Admission warm = s.admit(a, null, 0);
    assertThat(warm.runner()).isCompleted();
    assertThat(warm.grantedAt() - clock.nanoTime()).isZero();
  }

  @Test
  void queueFullAnswers503WithOllamasExactMessage() {
    Scheduler s = scheduler(SchedulerConfig.builder().maxQueue(1).maxLoadedModels(1));
    Scheduler.Admission holdA = s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(2));
    Scheduler.Admission waitingB = s.admit(b, null, 0);
    Scheduler.Admission queuedC = s.admit(c, null, 0);
    assertThat(s.queued()).isEqualTo(1);
    assertThatThrownBy(() -> s.admit(c, null, 0))
        .isInstanceOf(SchedulerException.class)
        .hasMessage("server busy, please try again.  maximum pending requests exceeded")
        .satisfies(e -> assertThat(((SchedulerException) e).status()).isEqualTo(503));
    holdA.close();
    clock.advance(Duration.ofSeconds(2));
    assertThat(waitingB.runner()).isCompleted();
    assertThat(loaded(s)).containsExactly("b:latest");
    assertThat(queuedC.runner()).isNotDone();
  }

  @Test
  void evictsTheIdleRunnerWithTheShortestKeepAliveFirst() {
    Scheduler s = scheduler(SchedulerConfig.builder().maxLoadedModels(2));
    load(s, a, 10 * MIN);
    load(s, b, MIN);
    assertThat(loaded(s)).containsExactly("a:latest", "b:latest");
    load(s, c, null);
    assertThat(loaded(s)).containsExactly("a:latest", "c:latest");
  }

  @Test
  void breaksKeepAliveTiesByNameAndPrefersIdleRunners() {
    Scheduler s = scheduler(SchedulerConfig.builder().maxLoadedModels(2));
    Scheduler.Admission busyA = s.admit(a, MIN, 0);
    clock.advance(Duration.ofSeconds(2));
    load(s, b, MIN);
    load(s, c, null);
    assertThat(loaded(s)).containsExactly("a:latest", "c:latest");
    busyA.close();
  }

  @Test
  void waitsForABusyVictimBeforeLoading() {
    Scheduler s = scheduler(SchedulerConfig.builder().maxLoadedModels(1));
    Scheduler.Admission busyA = s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(2));
    Scheduler.Admission wantB = s.admit(b, null, 0);
    clock.advance(Duration.ofMinutes(1));
    assertThat(wantB.runner()).isNotDone();
    assertThat(loaded(s)).containsExactly("a:latest");
    busyA.close();
    assertThat(loaded(s)).containsExactly("b:latest");
    clock.advance(Duration.ofSeconds(2));
    assertThat(wantB.runner()).isCompleted();
    assertThat(wantB.grantedAt()).isEqualTo(Duration.ofSeconds(64).toNanos());
  }

  @Test
  void memoryBudgetEvictsButAModelAloneAlwaysLoads() {
    Scheduler s = scheduler(SchedulerConfig.builder().memoryBytes(3_000));
    load(s, a, null);
    load(s, b, null);
    assertThat(loaded(s)).containsExactly("b:latest");
    FakeModel huge = FakeModel.chat("huge").sizeBytes(10_000);
    s.admit(huge, null, 0).close();
    assertThat(loaded(s)).containsExactly("huge:latest");
  }

  @Test
  void keepAliveExpiresIdleRunnersAndZeroUnloadsAtOnce() {
    Scheduler s = scheduler(SchedulerConfig.builder());
    Scheduler.Admission r = s.admit(a, 30_000_000_000L, 0);
    clock.advance(Duration.ofSeconds(2));
    clock.advance(Duration.ofMinutes(10));
    assertThat(loaded(s)).containsExactly("a:latest");
    r.close();
    assertThat(s.runners().get(0).expiresAt).isEqualTo(clock.nanoTime() + 30_000_000_000L);
    clock.advance(Duration.ofSeconds(29));
    assertThat(loaded(s)).containsExactly("a:latest");
    clock.advance(Duration.ofSeconds(1));
    assertThat(loaded(s)).isEmpty();

    Scheduler.Admission zero = s.admit(b, 0L, 0);
    clock.advance(Duration.ofSeconds(2));
    assertThat(loaded(s)).containsExactly("b:latest");
    zero.close();
    assertThat(loaded(s)).isEmpty();
  }

  @Test
  void requestWithoutKeepAliveKeepsTheRunnersSessionDuration() {
    Scheduler s = scheduler(SchedulerConfig.builder());
    s.admit(a, -1L, 0).close();
    clock.advance(Duration.ofSeconds(2));
    s.admit(a, null, 0).close();
    assertThat(s.runners().get(0).expiresAt).isEqualTo(Scheduler.FOREVER);
    clock.advance(Duration.ofDays(365));
    assertThat(loaded(s)).containsExactly("a:latest");
    s.admit(a, MIN, 0).close();
    clock.advance(Duration.ofMinutes(1));
    assertThat(loaded(s)).isEmpty();
  }

  @Test
  void expireUnloadsWhenTheLastRequestFinishes() {
    Scheduler s = scheduler(SchedulerConfig.builder());
    Scheduler.Admission busy = s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(2));
    assertThat(s.expire(a)).isTrue();
    assertThat(loaded(s)).containsExactly("a:latest");
    busy.close();
    assertThat(loaded(s)).isEmpty();
    assertThat(s.expire(a)).isFalse();
  }

  @Test
  void psReportsNowPlusSessionDurationBeforeTheFirstIdle() {
    Scheduler s = scheduler(SchedulerConfig.builder().keepAlive(Duration.ofMinutes(5)));
    s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(1));
    Scheduler.RunnerInfo info = s.runners().get(0);
    assertThat(info.loading).isTrue();
    assertThat(info.expiresAt).isEqualTo(clock.nanoTime() + 5 * MIN);
    assertThat(info.numCtx).isEqualTo(4096);
  }

  @Test
  void canceledQueuedRequestIsDroppedWith499() {
    Scheduler s = scheduler(SchedulerConfig.builder().maxLoadedModels(1));
    Scheduler.Admission busyA = s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(2));
    Scheduler.Admission wantB = s.admit(b, null, 0);
    Scheduler.Admission wantC = s.admit(c, null, 0);
    wantC.close();
    assertThat(s.queued()).isZero();
    assertThatThrownBy(() -> wantC.runner().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SchedulerException.class)
        .hasMessageContaining("request canceled");
    busyA.close();
    wantB.close();
  }

  @Test
  void slotsReuseTheLongestCachedPrefixCappedBelowThePromptLength() {
    Scheduler s = scheduler(SchedulerConfig.builder().numParallel(2));
    Scheduler.Admission adm = s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(2));
    Scheduler.Runner r = adm.runner().join();

    Scheduler.SlotLease first = s.acquireSlot(r, new int[] {1, 2, 3, 4}, true);
    assertThat(first.cachedTokens()).isZero();
    first.release(new int[] {1, 2, 3, 4, 5, 6});

    Scheduler.SlotLease other = s.acquireSlot(r, new int[] {9, 9}, true);
    Scheduler.SlotLease followUp = s.acquireSlot(r, new int[] {1, 2, 3, 4, 5, 6, 7}, true);
    assertThat(other.cachedTokens()).isZero();
    assertThat(followUp.cachedTokens()).isEqualTo(6);
    followUp.release(null);
    other.release(null);

    Scheduler.SlotLease same = s.acquireSlot(r, new int[] {1, 2, 3, 4, 5, 6, 7}, true);
    assertThat(same.cachedTokens()).isEqualTo(6);
    same.release(null);
    Scheduler.SlotLease nines = s.acquireSlot(r, new int[] {9, 9, 8}, true);
    assertThat(nines.cachedTokens()).isEqualTo(2);
    nines.release(null);
  }

  @Test
  void requestsWaitForAFreeSlotInFifoOrder() {
    Scheduler s = scheduler(SchedulerConfig.builder().numParallel(1));
    Scheduler.Admission adm = s.admit(a, null, 0);
    clock.advance(Duration.ofSeconds(2));
    Scheduler.Runner r = adm.runner().join();
    Scheduler.SlotLease one = s.acquireSlot(r, new int[] {1}, true);
    Scheduler.SlotLease two = s.acquireSlot(r, new int[] {2}, true);
    Scheduler.SlotLease three = s.acquireSlot(r, new int[] {3}, true);
    assertThat(one.granted()).isCompleted();
    assertThat(two.granted()).isNotDone();
    one.release(null);
    assertThat(two.granted()).isCompleted();
    assertThat(three.granted()).isNotDone();
    two.release(null);
    assertThat(three.granted()).isCompleted();
    three.release(null);
  }

  @Test
  void resetDropsEverything() {
    Scheduler s = scheduler(SchedulerConfig.builder().maxLoadedModels(1));
    s.admit(a, null, 0);
    Scheduler.Admission queued = s.admit(b, null, 0);
    s.reset();
    assertThat(s.runners()).isEmpty();
    assertThat(queued.runner()).isCompletedExceptionally();
    assertThat(clock.pendingTasks()).isLessThanOrEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(s.runners()).isEmpty();
  }
}
