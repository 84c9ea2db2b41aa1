package io.ollamalan.testkit.internal;

import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.Fault;
import io.ollamalan.testkit.RecordedRequest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Everything the HTTP handlers share for one node: models, scheduler, faults and counters. */
public final class NodeContext {

  /** Source of injected faults for a request path and phase. */
  public interface FaultSource {
    List<Fault> take(String path, boolean streamPhase);
  }

  private final String version;
  private final Map<String, FakeModel> installed = new ConcurrentHashMap<>();
  private final Map<String, FakeModel> registry = new ConcurrentHashMap<>();
  private final Set<String> blobs = ConcurrentHashMap.newKeySet();
  private final FaultSource faults;
  private final int recordLimit;
  private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();
  private final AtomicLong requestCount = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final boolean hostCheck;
  private volatile @Nullable Scheduler scheduler;
  private volatile @Nullable ScaledClock clock;

  public NodeContext(String version, FaultSource faults, int recordLimit, boolean hostCheck) {
    this.version = version;
    this.faults = faults;
    this.recordLimit = recordLimit;
    this.hostCheck = hostCheck;
  }

  public String version() {
    return version;
  }

  public boolean hostCheck() {
    return hostCheck;
  }

  /** The scheduler of the running node; requests reach this only once the node has started. */
  public Scheduler scheduler() {
    return runningScheduler();
  }

  /** The scheduler, or null before the node's first start. */
  public @Nullable Scheduler schedulerIfStarted() {
    return scheduler;
  }

  /**
   * The scheduler.
   *
   * @throws IllegalStateException before the node's first start
   */
  public Scheduler runningScheduler() {
    Scheduler s = scheduler;
    if (s == null) {
      throw new IllegalStateException("FakeOllamaNode has not been started");
    }
    return s;
  }

  /**
   * The clock of the running scheduler.
   *
   * @throws IllegalStateException before the node's first start
   */
  public ScaledClock clock() {
    ScaledClock c = clock;
    if (c == null) {
      throw new IllegalStateException("FakeOllamaNode has not been started");
    }
    return c;
  }

  /** Installs a fresh scheduler, as a restarted process has. */
  public void resetScheduler(Scheduler scheduler, ScaledClock clock) {
    Scheduler old = this.scheduler;
    this.clock = clock;
    this.scheduler = scheduler;
    if (old != null) {
      old.reset();
    }
  }

  public FaultSource faults() {
    return faults;
  }

  private static String key(String name) {
    ModelName parsed = ModelName.parse(name);
    if (parsed == null) {
      throw new IllegalArgumentException("Invalid model name: '" + name + "'");
    }
    return parsed.key();
  }

  /** Installed model matching the name case-insensitively, or null. */
  public @Nullable FakeModel find(ModelName name) {
    return installed.get(name.key());
  }

  /** Installed model by reference string, or null (also for invalid names). */
  public @Nullable FakeModel find(String name) {
    ModelName parsed = ModelName.parse(name);
    return parsed == null ? null : installed.get(parsed.key());
  }

  public void install(FakeModel model) {
    installed.put(key(model.name()), model);
  }

  public @Nullable FakeModel remove(String name) {
    return installed.remove(key(name));
  }

  public Collection<FakeModel> installedModels() {
    return new ArrayList<>(installed.values());
  }

  /** Makes a model available to {@code /api/pull}. */
  public void addToRegistry(FakeModel model) {
    registry.put(key(model.name()), model);
  }

  public @Nullable FakeModel registryModel(ModelName name) {
    return registry.get(name.key());
  }

  public boolean hasBlob(String digest) {
    return blobs.contains(digest);
  }

  public void addBlob(String digest) {
    blobs.add(digest);
  }

  public long nextRequest() {
    return requestCount.incrementAndGet();
  }

  public long requestCount() {
    return requestCount.get();
  }

  public AtomicInteger inFlight() {
    return inFlight;
  }

  public boolean recording() {
    return recordLimit > 0;
  }

  public void record(RecordedRequest r) {
    synchronized (recorded) {
      recorded.addLast(r);
      while (recorded.size() > recordLimit) {
        recorded.removeFirst();
      }
    }
  }

  public List<RecordedRequest> recorded() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  public void clearRecorded() {
    synchronized (recorded) {
      recorded.clear();
    }
  }

  /** Current wall-clock instant; one place so timestamps are consistent. */
  public static Instant now() {
    return Instant.now();
  }
}
