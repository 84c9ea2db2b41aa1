package io.ollamalan.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.LoadedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a node holds is learned from what it shows: /api/ps, placements and load_duration. */
class ResidencyTest {
  static final long COLD = 5_000_000_000L;
  final Residency r = new Residency();
  long now = 1_000_000_000L;

  static List<LoadedModel> ps(String... names) {
    List<LoadedModel> out = new ArrayList<>();
    for (String n : names) {
      out.add(new LoadedModel(n, 4_000_000_000L, 4_000_000_000L, null, 4096));
    }
    return out;
  }

  void answered(String model, long loadNanos) {
    long start = now++;
    r.placed(model, start);
    r.finished(model, true, loadNanos, start, now++);
  }

  @Test
  void aFreshPsIsTheTruthAndCancelsBeliefs() {
    answered("a:latest", COLD);
    assertThat(r.warm("a:latest", now)).isTrue();
    r.observePs(ps("b:latest"), true, now++);
    assertThat(r.warm("a:latest", now)).isFalse();
    assertThat(r.warm("b:latest", now)).isTrue();
  }

  @Test
  void theSamePsReadTwiceChangesNothing() {
    List<LoadedModel> read = ps("b:latest");
    r.observePs(read, true, now++);
    answered("a:latest", COLD);
    r.observePs(read, true, now++);
    assertThat(r.warm("a:latest", now)).isTrue();
  }

  @Test
  void aModelWithCallsRunningStaysWhateverPsSays() {
    r.placed("a:latest", now++);
    r.observePs(ps(), true, now++);
    assertThat(r.warm("a:latest", now)).isTrue();
  }

  @Test
  void withoutEvidenceALoadIsNotAssumedToEvict() {
    r.observePs(ps("a:latest", "b:latest", "c:latest"), true, now++);
    assertThat(r.capacity()).isZero();
    assertThat(r.loadEvicts("d:latest", now)).isFalse();
  }

  @Test
  void theCapacityIsLearnedFromAnEvictionSeenInPs() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    r.observePs(ps("b:latest", "c:latest"), true, now++);
    assertThat(r.capacity()).isEqualTo(2);
    assertThat(r.loadEvicts("a:latest", now)).isTrue();
    assertThat(r.loadEvicts("b:latest", now)).isFalse();
  }

  @Test
  void aModelThatLeavesWhileNothingArrivesExpiredAndTeachesNothing() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    r.observePs(ps("b:latest"), true, now++);
    assertThat(r.capacity()).isZero();
  }

  @Test
  void aModelPushedOutWhileTheCallsModelLoadsShowsTheNodeIsFull() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    // c's call waits for c to load; the node drops a to make room, before c shows as loaded.
    r.placed("c:latest", now++);
    r.observePs(ps("b:latest"), true, now++);
    assertThat(r.capacity()).isEqualTo(2);
    assertThat(r.warm("a:latest", now)).isFalse();
    assertThat(r.loadEvicts("a:latest", now)).isTrue();
  }

  @Test
  void aModelThatLeavesWhileAnotherOfItsCallsRunsStillCountsAsEvicted() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    r.placed("a:latest", now++);
    // a's call is waiting for a to load again: the node is full, and a takes turns with b and c.
    r.observePs(ps("b:latest", "c:latest"), true, now++);
    assertThat(r.capacity()).isEqualTo(2);
    assertThat(r.warm("a:latest", now)).isFalse();
  }

  @Test
  void modelsTakingTurnsOnAFullNodeAreNotWarmWhileNotLoaded() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    r.observePs(ps("b:latest", "c:latest"), true, now++);
    assertThat(r.capacity()).isEqualTo(2);
    // Calls for a wait on the node, which holds b and c: a is loading, and would push one out.
    r.placed("a:latest", now++);
    r.placed("b:latest", now++);
    r.placed("c:latest", now++);
    assertThat(r.warm("a:latest", now)).isFalse();
    // On a node with room, a model whose first call is loading it is as good as held.
    Residency roomy = new Residency();
    roomy.observePs(ps("b:latest"), true, now++);
    roomy.placed("a:latest", now++);
    assertThat(roomy.warm("a:latest", now)).isTrue();
  }

  @Test
  void noModelTakesNewCallsWhileModelsTakeTurnsOnAFullNode() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    r.observePs(ps("b:latest", "c:latest"), true, now++);
    // Calls for a wait to load it again while c's calls run: c, although listed, takes none.
    r.placed("a:latest", now++);
    r.placed("c:latest", now++);
    assertThat(r.warm("c:latest", now)).isFalse();
    assertThat(r.warm("a:latest", now)).isFalse();
    // a's calls drained: the node settled on b and c, which take calls again.
    r.finished("a:latest", false, 0, now, now++);
    r.observePs(ps("b:latest", "c:latest"), true, now++);
    assertThat(r.warm("c:latest", now)).isTrue();
  }

  @Test
  void aModelOnlyPartlyInGpuMemoryShowsTheNodeIsFull() {
    List<LoadedModel> read =
        List.of(
            new LoadedModel("a:latest", 4_000_000_000L, 4_000_000_000L, null, 4096),
            new LoadedModel("b:latest", 9_000_000_000L, 6_000_000_000L, null, 4096));
    r.observePs(read, true, now++);
    assertThat(r.capacity()).isEqualTo(2);
  }

  @Test
  void aColdLoadOnAFullNodeEvictsTheLeastRecentlyUsedModel() {
    r.observePs(ps("a:latest", "b:latest"), true, now++);
    r.observePs(ps("b:latest", "c:latest"), true, now++);
    answered("b:latest", 1_000_000L);
    answered("d:latest", COLD);
    assertThat(r.warm("c:latest", now)).isFalse();
    assertThat(r.warm("b:latest", now)).isTrue();
    assertThat(r.warm("d:latest", now)).isTrue();
  }

  @Test
  void aModelBelievedLoadedThatLoadsAgainWasEvicted() {
    answered("a:latest", COLD);
    answered("b:latest", COLD);
    answered("c:latest", COLD);
    // a was believed held since its first call; loading it again shows the node holds fewer.
    answered("a:latest", COLD);
    assertThat(r.capacity()).isEqualTo(2);
  }

  @Test
  void anIdleModelIsForgottenAfterItsKeepAlive() {
    answered("a:latest", COLD);
    now += Residency.IDLE_EXPIRY_NANOS + 1;
    assertThat(r.warm("a:latest", now)).isFalse();
  }
}
