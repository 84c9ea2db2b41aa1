package io.ollamalan.testkit.internal;

import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.SchedulerConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The state machine of an Ollama node's scheduler (scheduler.md §3-§10): runners per model with a
 * reference count and keep-alive, a bounded FIFO of requests that need a load, a single loader,
 * eviction by (session duration, name) preferring idle runners, parallel slots with a FIFO wait and
 * a per-slot prompt-prefix cache. All times are simulated nanoseconds from a {@link SimClock}.
 *
 * <p>Thread-safe; one lock guards all state. Futures are completed outside the lock.
 */
public final class Scheduler {

  /** Session duration meaning "forever". */
  public static final long FOREVER = Long.MAX_VALUE;

  private final SchedulerConfig config;
  private final SimClock clock;
  private final Object lock = new Object();
  private final Map<String, Runner> runners = new LinkedHashMap<>();
  private final ArrayDeque<Admission> pending = new ArrayDeque<>();
  private @Nullable Admission current;
  private @Nullable Runner loading;
  private @Nullable Runner awaitedVictim;
  private final List<Runnable> deferred = new ArrayList<>();
  private long loads;
  private long unloads;

  public Scheduler(SchedulerConfig config, SimClock clock) {
    this.config = config;
    this.clock = clock;
  }

  public SimClock clock() {
    return clock;
  }

  public SchedulerConfig config() {
    return config;
  }

  /** Runner states. */
  public enum State {
    LOADING,
    READY
  }

  /** A loaded (or loading) model. */
  public final class Runner {
    final FakeModel model;
    final String key;
    final int numCtx;
    State state = State.LOADING;
    int refCount;
    long sessionDuration;
    long expiresAt;
    boolean evicting;
    boolean dead;
    SimClock.@Nullable Cancellable timer;
    final List<Admission> loadWaiters = new ArrayList<>();
    final List<Slot> slots = new ArrayList<>();
    final ArrayDeque<SlotLease> slotWaiters = new ArrayDeque<>();
    int busySlots;
    long useCounter;

    Runner(FakeModel model, int numCtx) {
      this.model = model;
      this.key = keyOf(model);
      this.numCtx = numCtx;
    }

    public FakeModel model() {
      return model;
    }
  }

  /** One parallel slot of a runner and the tokens its KV cache holds. */
  static final class Slot {
    int[] tokens = new int[0];
    boolean busy;
    long lastUsed;
  }

  /** Read-only view of a runner for {@code /api/ps}. */
  public static final class RunnerInfo {
    public final FakeModel model;
    public final boolean loading;
    public final int refCount;
    public final long sessionDuration;

    /** Simulated expiry time, {@link #FOREVER} when it never expires. */
    public final long expiresAt;

    public final int numCtx;
    public final int busySlots;

    RunnerInfo(Runner r, long now) {
      this.model = r.model;
      this.loading = r.state == State.LOADING;
      this.refCount = r.refCount;
      this.sessionDuration = r.sessionDuration;
      long at = r.expiresAt;
      if (at == 0) {
        at = r.sessionDuration == FOREVER ? FOREVER : saturatedAdd(now, r.sessionDuration);
      }
      this.expiresAt = at;
      this.numCtx = r.numCtx;
      this.busySlots = r.busySlots;
    }
  }

  /**
   * A request's hold on a runner: queued, attached (refCount held) or closed. {@link #close()}
   * releases whatever it holds and is idempotent.
   */
  public final class Admission implements AutoCloseable {
    final FakeModel model;
    final String key;
    final @Nullable Long keepAlive;
    final int numCtx;
    final long startedAt;
    final CompletableFuture<Runner> future = new CompletableFuture<>();
    @Nullable Runner runner;
    boolean queued;
    boolean closed;
    long grantedAt = -1;

    Admission(FakeModel model, @Nullable Long keepAlive, int numCtx, long startedAt) {
      this.model = model;
      this.key = keyOf(model);
      this.keepAlive = keepAlive;
      this.numCtx = numCtx;
      this.startedAt = startedAt;
    }

    /** Completes with the runner once it is loaded; fails with {@link SchedulerException}. */
    public CompletableFuture<Runner> runner() {
      return future;
    }

    /** Simulated time at which the runner was obtained, or -1. */
    public long grantedAt() {
      synchronized (lock) {
        return grantedAt;
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        if (queued) {
          queued = false;
          pending.remove(this);
          if (current == this) {
            current = null;
          }
          SchedulerException e = SchedulerException.canceled();
          deferred.add(() -> future.completeExceptionally(e));
          pumpLocked();
        } else if (runner != null) {
          runner.loadWaiters.remove(this);
          if (!future.isDone()) {
            SchedulerException e = SchedulerException.canceled();
            deferred.add(() -> future.completeExceptionally(e));
          }
          releaseLocked(runner);
        }
      }
      flush();
    }
  }

  /** A request's hold on a parallel slot. */
  public final class SlotLease {
    final Runner runner;
    final int[] prompt;
    final boolean cache;
    final CompletableFuture<SlotLease> future = new CompletableFuture<>();
    @Nullable Slot slot;
    int cached;
    boolean closed;

    SlotLease(Runner runner, int[] prompt, boolean cache) {
      this.runner = runner;
      this.prompt = prompt;
      this.cache = cache;
    }

    /** Completes when a slot is free (FIFO). */
    public CompletableFuture<SlotLease> granted() {
      return future;
    }

    /** Prompt tokens served from the slot's cache (at most {@code prompt.length - 1}). */
    public int cachedTokens() {
      synchronized (lock) {
        return cached;
      }
    }

    /**
     * Frees the slot. With {@code tokens} non-null the slot's cache then holds them (prompt plus
     * generated tokens); with null it keeps the prompt.
     */
    public void release(int @Nullable [] tokens) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        if (slot == null) {
          runner.slotWaiters.remove(this);
          if (!future.isDone()) {
            SchedulerException e = SchedulerException.canceled();
            deferred.add(() -> future.completeExceptionally(e));
          }
        } else {
          if (cache) {
            slot.tokens = tokens != null ? tokens : prompt;
          }
          slot.busy = false;
          slot.lastUsed = ++runner.useCounter;
          runner.busySlots--;
          slot = null;
          grantSlotsLocked(runner);
        }
      }
      flush();
    }
  }

  static String keyOf(FakeModel model) {
    return model.name().toLowerCase(Locale.ROOT);
  }

  /** Converts a keep_alive to a session duration: negative means forever. */
  public static long sessionDurationOf(long keepAliveNanos) {
    return keepAliveNanos < 0 ? FOREVER : keepAliveNanos;
  }

  private long defaultSessionDuration() {
    long ns = config.keepAlive().isNegative() ? -1 : saturatedNanos(config.keepAlive());
    return sessionDurationOf(ns);
  }

  private static long saturatedNanos(java.time.Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return FOREVER;
    }
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? FOREVER : r;
  }

  /**
   * Attaches a request to the model's runner, queueing a load if needed.
   *
   * @param keepAlive request keep_alive in nanoseconds (negative = forever), or null if absent
   * @param numCtx requested per-slot context, or 0 for the default
   * @throws SchedulerException 503 when the pending-load queue is full
   */
  public Admission admit(FakeModel model, @Nullable Long keepAlive, int numCtx) {
    Admission a;
    synchronized (lock) {
      int ctx =
          numCtx > 0
              ? Math.max(4, Math.min(numCtx, model.contextLength()))
              : Math.min(config.defaultContextLength(), model.contextLength());
      a = new Admission(model, keepAlive, ctx, clock.now());
      Runner r = runners.get(a.key);
      if (r != null && !r.evicting) {
        attachLocked(r, a);
      } else {
        if (pending.size() >= config.maxQueue()) {
          throw SchedulerException.queueFull();
        }
        a.queued = true;
        pending.add(a);
        pumpLocked();
      }
    }
    flush();
    return a;
  }

  /**
   * Unloads the model as {@code keep_alive:0} with an empty prompt does: at once if idle, otherwise
   * when its in-flight requests finish. Returns false if it was not loaded.
   */
  public boolean expire(FakeModel model) {
    boolean found;
    synchronized (lock) {
      Runner r = runners.get(keyOf(model));
      found = r != null;
      if (r != null) {
        r.sessionDuration = 0;
        r.expiresAt = clock.now();
        cancelTimer(r);
        if (r.refCount == 0 && r.state == State.READY) {
          unloadLocked(r);
        }
      }
    }
    flush();
    return found;
  }

  /** Loads the model as a request without keep_alive would, then releases it. */
  public CompletableFuture<Void> preload(FakeModel model) {
    Admission a = admit(model, null, 0);
    return a.runner()
        .handle(
            (r, e) -> {
              a.close();
              if (e != null) {
                throw e instanceof RuntimeException
                    ? (RuntimeException) e
                    : new RuntimeException(e);
              }
              return null;
            });
  }

  /** Requests a parallel slot of the runner for a prompt; {@code cache} enables prefix reuse. */
  public SlotLease acquireSlot(Runner runner, int[] prompt, boolean cache) {
    SlotLease lease;
    synchronized (lock) {
      lease = new SlotLease(runner, prompt, cache);
      runner.slotWaiters.add(lease);
      grantSlotsLocked(runner);
    }
    flush();
    return lease;
  }

  /** Drops all runners and queued requests, as a process restart does. */
  public void reset() {
    synchronized (lock) {
      for (Runner r : runners.values()) {
        r.dead = true;
        cancelTimer(r);
        for (Admission a : r.loadWaiters) {
          SchedulerException e = SchedulerException.canceled();
          deferred.add(() -> a.future.completeExceptionally(e));
        }
        r.loadWaiters.clear();
        for (SlotLease l : r.slotWaiters) {
          SchedulerException e = SchedulerException.canceled();
          deferred.add(() -> l.future.completeExceptionally(e));
        }
        r.slotWaiters.clear();
      }
      runners.clear();
      List<Admission> all = new ArrayList<>(pending);
      if (current != null && !all.contains(current)) {
        all.add(current);
      }
      for (Admission a : all) {
        a.queued = false;
        SchedulerException e = SchedulerException.canceled();
        deferred.add(() -> a.future.completeExceptionally(e));
      }
      pending.clear();
      current = null;
      loading = null;
      awaitedVictim = null;
    }
    flush();
  }

  /** Snapshot of the runners, in load order. */
  public List<RunnerInfo> runners() {
    synchronized (lock) {
      long now = clock.now();
      List<RunnerInfo> list = new ArrayList<>(runners.size());
      for (Runner r : runners.values()) {
        list.add(new RunnerInfo(r, now));
      }
      return list;
    }
  }

  /** Requests waiting in the pending-load queue (excluding the one being processed). */
  public int queued() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Number of completed loads since creation. */
  public long loads() {
    synchronized (lock) {
      return loads;
    }
  }

  /** Number of unloads since creation. */
  public long unloads() {
    synchronized (lock) {
      return unloads;
    }
  }

  private void flush() {
    while (true) {
      Runnable[] tasks;
      synchronized (lock) {
        if (deferred.isEmpty()) {
          return;
        }
        tasks = deferred.toArray(new Runnable[0]);
        deferred.clear();
      }
      for (Runnable t : tasks) {
        t.run();
      }
    }
  }

  private void attachLocked(Runner r, Admission a) {
    a.runner = r;
    a.queued = false;
    r.refCount++;
    cancelTimer(r);
    if (a.keepAlive != null) {
      r.sessionDuration = sessionDurationOf(a.keepAlive);
    }
    if (r.state == State.READY) {
      grantLocked(a, r);
    } else {
      r.loadWaiters.add(a);
    }
  }

  private void grantLocked(Admission a, Runner r) {
    a.grantedAt = clock.now();
    deferred.add(() -> a.future.complete(r));
  }

  private void releaseLocked(Runner r) {
    if (r.dead) {
      return;
    }
    r.refCount--;
    if (r.refCount > 0 || r.state != State.READY) {
      return;
    }
    onIdleLocked(r);
  }

  private void onIdleLocked(Runner r) {
    if (r.evicting || r.sessionDuration <= 0) {
      unloadLocked(r);
      return;
    }
    long now = clock.now();
    if (r.sessionDuration == FOREVER) {
      r.expiresAt = FOREVER;
      return;
    }
    r.expiresAt = saturatedAdd(now, r.sessionDuration);
    cancelTimer(r);
    final Runner target = r;
    r.timer =
        clock.schedule(
            r.sessionDuration,
            () -> {
              synchronized (lock) {
                if (!target.dead && target.refCount == 0 && runners.get(target.key) == target) {
                  unloadLocked(target);
                }
              }
              flush();
            });
  }

  private static void cancelTimer(Runner r) {
    if (r.timer != null) {
      r.timer.cancel();
      r.timer = null;
    }
  }

  private void unloadLocked(Runner r) {
    if (r.dead) {
      return;
    }
    r.dead = true;
    cancelTimer(r);
    runners.remove(r.key);
    unloads++;
    if (awaitedVictim == r) {
      awaitedVictim = null;
    }
    pumpLocked();
  }

  private long usedMemory() {
    long sum = 0;
    for (Runner r : runners.values()) {
      sum += r.model.sizeBytes();
    }
    return sum;
  }

  /** processPending: one request at a time, one load at a time, eviction before loading. */
  private void pumpLocked() {
    while (true) {
      if (loading != null || awaitedVictim != null) {
        return;
      }
      Admission a = current != null ? current : pending.poll();
      if (a == null) {
        return;
      }
      current = a;
      if (a.closed) {
        current = null;
        continue;
      }
      Runner existing = runners.get(a.key);
      if (existing != null) {
        if (!existing.evicting) {
          current = null;
          attachLocked(existing, a);
          continue;
        }
        awaitedVictim = existing;
        return;
      }
      boolean tooMany = runners.size() >= config.maxLoadedModels();
      boolean tooBig =
          !runners.isEmpty() && usedMemory() + a.model.sizeBytes() > config.memoryBytes();
      if (tooMany || tooBig) {
        Runner victim = pickVictimLocked();
        victim.evicting = true;
        victim.sessionDuration = 0;
        cancelTimer(victim);
        if (victim.refCount == 0 && victim.state == State.READY) {
          unloadLocked(victim);
          continue;
        }
        awaitedVictim = victim;
        return;
      }
      current = null;
      startLoadLocked(a);
    }
  }

  private Runner pickVictimLocked() {
    List<Runner> sorted = new ArrayList<>(runners.values());
    sorted.sort(Comparator.<Runner>comparingLong(r -> r.sessionDuration).thenComparing(r -> r.key));
    for (Runner r : sorted) {
      if (r.refCount == 0 && r.state == State.READY) {
        return r;
      }
    }
    for (Runner r : sorted) {
      if (r.evicting) {
        return r;
      }
    }
    return sorted.get(0);
  }

  private void startLoadLocked(Admission a) {
    Runner r = new Runner(a.model, a.numCtx);
    r.sessionDuration =
        a.keepAlive != null ? sessionDurationOf(a.keepAlive) : defaultSessionDuration();
    runners.put(r.key, r);
    a.runner = r;
    a.queued = false;
    r.refCount = 1;
    r.loadWaiters.add(a);
    long loadNanos = loadNanos(a.model);
    loading = r;
    if (loadNanos <= 0) {
      finishLoadLocked(r);
    } else {
      clock.schedule(
          loadNanos,
          () -> {
            synchronized (lock) {
              if (!r.dead && loading == r) {
                finishLoadLocked(r);
                pumpLocked();
              }
            }
            flush();
          });
    }
  }

  private long loadNanos(FakeModel model) {
    if (model.loadTime() != null) {
      return saturatedNanos(model.loadTime());
    }
    long bps = config.loadBytesPerSecond();
    if (bps <= 0) {
      return 0;
    }
    return (long) (model.sizeBytes() * 1e9 / bps);
  }

  private void finishLoadLocked(Runner r) {
    loading = null;
    r.state = State.READY;
    loads++;
    for (Iterator<Admission> it = r.loadWaiters.iterator(); it.hasNext(); ) {
      grantLocked(it.next(), r);
      it.remove();
    }
    if (r.refCount == 0) {
      onIdleLocked(r);
    }
  }

  private void grantSlotsLocked(Runner r) {
    while (!r.slotWaiters.isEmpty() && r.busySlots < config.numParallel() && !r.dead) {
      SlotLease lease = r.slotWaiters.poll();
      Slot best = null;
      int bestLcp = -1;
      for (Slot s : r.slots) {
        if (s.busy) {
          continue;
        }
        int lcp = lease.cache ? commonPrefix(s.tokens, lease.prompt) : 0;
        if (lcp > bestLcp || (lcp == bestLcp && best != null && s.lastUsed < best.lastUsed)) {
          best = s;
          bestLcp = lcp;
        }
      }
      if ((best == null || bestLcp == 0) && r.slots.size() < config.numParallel()) {
        best = new Slot();
        r.slots.add(best);
        bestLcp = 0;
      }
      if (best == null) {
        // Fewer busy slots than numParallel means a free or a new slot was found above.
        throw new IllegalStateException(
            r.busySlots + " of " + config.numParallel() + " slots busy, but none free");
      }
      best.busy = true;
      r.busySlots++;
      lease.slot = best;
      lease.cached = Math.max(0, Math.min(bestLcp, lease.prompt.length - 1));
      deferred.add(() -> lease.future.complete(lease));
    }
  }

  static int commonPrefix(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    int i = 0;
    while (i < n && a[i] == b[i]) {
      i++;
    }
    return i;
  }
}
