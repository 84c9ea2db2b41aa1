package io.ollamalan.internal.routing;

import io.ollamalan.LoadedModel;
import io.ollamalan.ModelNames;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which models one node holds in memory, as far as the node has shown, and how many it can hold.
 *
 * <p>A fresh {@code /api/ps} answer is the truth: it replaces every belief, except for models with
 * calls in flight there (they are loaded or loading). Between two reads, a model the client sent
 * calls to is believed loaded once a call completed or while one runs. A completed call whose
 * {@code load_duration} shows a cold load is evidence: the model was not there before, and if the
 * node already held its capacity, the least recently used other model was evicted.
 *
 * <p>The capacity is learned, never configured: it is the number of models the node held when it
 * was seen to evict one (a model it listed disappeared while others stayed, or a model it held had
 * to be loaded again), or when {@code /api/ps} shows a model only partly in GPU memory ({@code
 * size_vram < size}: the node is out of memory). Until then it is unknown, and a load is not
 * assumed to evict anything. Guarded by its own monitor; one per node, so calls to different nodes
 * never contend.
 */
final class Residency {
  /** A load shorter than this is Ollama touching a loaded model, not loading it. */
  static final long COLD_LOAD_NANOS = 200_000_000L;

  /** How long an idle model is believed to stay without a fresh {@code /api/ps}: its keep-alive. */
  static final long IDLE_EXPIRY_NANOS = 5 * 60_000_000_000L;

  private static final class Entry {
    int inFlight;
    boolean resident;
    long residentSince;
    long lastUse;
    long listedAt;

    void resident(boolean r, long now) {
      if (r && !resident) {
        residentSince = now;
      }
      resident = r;
    }
  }

  private final Map<String, Entry> models = new HashMap<>(8);

  /** The latest {@code /api/ps} answer taken into account, null before the first. */
  private @Nullable List<LoadedModel> lastPs;

  private int capacity;

  /** Takes a {@code /api/ps} answer into account if it is a new one (a new list instance). */
  synchronized void observePs(List<LoadedModel> ps, boolean known, long now) {
    if (!known || ps == lastPs) {
      return;
    }
    List<LoadedModel> previous = lastPs;
    lastPs = ps;
    boolean partial = false;
    for (LoadedModel m : ps) {
      partial |= m.size() > 0 && m.sizeVram() > 0 && m.sizeVram() < m.size();
    }
    // Compared with the previous answer rather than with beliefs: a model whose calls wait for it
    // to load again is believed resident, yet its eviction says how full the node is. A model the
    // previous answer listed is gone while another came in, or while a model this client has calls
    // for is not listed (it is loading): the load pushed it out, and the node is full at the count
    // it holds with the incoming ones. A model that left while nothing came in expired.
    int learned = 0;
    if (previous != null && !ps.isEmpty()) {
      boolean gone = false;
      for (LoadedModel m : previous) {
        gone |= !listed(ps, ModelNames.normalize(m.name()));
      }
      if (gone) {
        int incoming = 0;
        for (LoadedModel m : ps) {
          if (!listed(previous, ModelNames.normalize(m.name()))) {
            incoming++;
          }
        }
        int loading = 0;
        for (Map.Entry<String, Entry> me : models.entrySet()) {
          if (me.getValue().inFlight > 0 && !listed(ps, me.getKey())) {
            loading++;
          }
        }
        if (incoming > 0) {
          learned = ps.size();
        } else if (loading > 0) {
          learned = Math.min(previous.size(), ps.size() + loading);
        }
      }
    }
    for (Map.Entry<String, Entry> me : models.entrySet()) {
      Entry e = me.getValue();
      e.resident(listed(ps, me.getKey()) || e.inFlight > 0, now);
    }
    for (LoadedModel m : ps) {
      Entry e = models.computeIfAbsent(ModelNames.normalize(m.name()), k -> new Entry());
      if (!e.resident) {
        e.resident(true, now);
        e.lastUse = now;
      }
      e.listedAt = now;
    }
    if (capacity > 0 && ps.size() > capacity) {
      capacity = ps.size();
    }
    if (partial) {
      // Out of GPU memory: the node is full at this count.
      learnCapacity(ps.size());
    } else if (learned > 0) {
      learnCapacity(learned);
    }
  }

  private static boolean listed(List<LoadedModel> ps, String model) {
    for (LoadedModel m : ps) {
      if (ModelNames.normalize(m.name()).equals(model)) {
        return true;
      }
    }
    return false;
  }

  private void learnCapacity(int models) {
    int c = Math.max(1, models);
    capacity = capacity == 0 ? c : Math.min(capacity, c);
  }

  /** A call for {@code model} was sent to the node. */
  synchronized void placed(String model, long now) {
    Entry e = models.computeIfAbsent(model, k -> new Entry());
    e.inFlight++;
    e.lastUse = now;
  }

  /**
   * A call placed here ended.
   *
   * @param answered whether the node answered (only then do its timings say anything)
   * @param loadNanos the answer's {@code load_duration}
   * @param startNanos when the call was placed
   */
  synchronized void finished(
      String model, boolean answered, long loadNanos, long startNanos, long now) {
    Entry e = models.get(model);
    if (e == null) {
      return;
    }
    e.inFlight = Math.max(0, e.inFlight - 1);
    e.lastUse = now;
    if (!answered) {
      return;
    }
    if (loadNanos >= COLD_LOAD_NANOS && !e.resident) {
      // The model came in cold: if the node was at capacity, it pushed out the least recent one.
      int others = residentOthers(model);
      if (capacity > 0 && others >= capacity) {
        evictLeastRecent(model);
      }
    } else if (loadNanos >= COLD_LOAD_NANOS
        && e.resident
        && e.residentSince < startNanos
        && residentOthers(model) > 0) {
      // Believed loaded, yet loaded again: something evicted it while the others stayed.
      learnCapacity(residentOthers(model));
    }
    e.resident(true, now);
  }

  private int residentOthers(String model) {
    int n = 0;
    for (Map.Entry<String, Entry> me : models.entrySet()) {
      if (me.getValue().resident && !me.getKey().equals(model)) {
        n++;
      }
    }
    return n;
  }

  private void evictLeastRecent(String model) {
    Entry victim = null;
    for (Map.Entry<String, Entry> me : models.entrySet()) {
      Entry e = me.getValue();
      if (e.resident
          && e.inFlight == 0
          && !me.getKey().equals(model)
          && (victim == null || e.lastUse < victim.lastUse)) {
        victim = e;
      }
    }
    if (victim != null) {
      victim.resident(false, 0);
    }
  }

  /**
   * Whether a new call for {@code model} will find it held on the node: the latest {@code /api/ps}
   * lists it, or the client's calls since show it (one answered, or one running: a model whose
   * first call is loading it is as good as held).
   *
   * <p>Except on a node asked for more models than it holds at once (its capacity is known and
   * calls wait for a model it does not list): those models take turns evicting each other, each
   * load leaving calls behind that load the other again. No model there takes new calls until the
   * calls waiting for a load have drained; the node settles on what it holds then.
   */
  synchronized boolean warm(String model, long now) {
    List<LoadedModel> ps = lastPs;
    boolean oversubscribed = capacity > 0 && ps != null && active(now) > capacity;
    if (oversubscribed && loadingOtherThan(model)) {
      return false;
    }
    Entry e = models.get(model);
    if (e == null) {
      return false;
    }
    if (e.inFlight > 0) {
      return !oversubscribed || (ps != null && listed(ps, model));
    }
    return held(e, now);
  }

  /** Whether calls wait on the node for a model other than {@code model} that it does not list. */
  private boolean loadingOtherThan(String model) {
    for (Map.Entry<String, Entry> me : models.entrySet()) {
      if (me.getValue().inFlight > 0
          && !me.getKey().equals(model)
          && (lastPs == null || !listed(lastPs, me.getKey()))) {
        return true;
      }
    }
    return false;
  }

  /** Models with calls running or believed held and not expired. */
  private int active(long now) {
    int n = 0;
    for (Entry e : models.values()) {
      if (e.inFlight > 0 || held(e, now)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Believed held: shown by the latest {@code /api/ps} or by calls since, and not idle past its
   * keep-alive as far as this client saw (a model the node keeps listing is held, whoever uses it).
   */
  private static boolean held(Entry e, long now) {
    return e.resident
        && (now - e.lastUse < IDLE_EXPIRY_NANOS || now - e.listedAt < IDLE_EXPIRY_NANOS);
  }

  /** Whether loading {@code model} here would push another model out, as far as is known. */
  synchronized boolean loadEvicts(String model, long now) {
    if (capacity == 0) {
      return false;
    }
    int n = 0;
    for (Map.Entry<String, Entry> me : models.entrySet()) {
      Entry e = me.getValue();
      if (!me.getKey().equals(model) && (e.inFlight > 0 || held(e, now))) {
        n++;
      }
    }
    return n >= capacity;
  }

  /** The learned number of models the node holds at once; 0 while unknown. */
  synchronized int capacity() {
    return capacity;
  }

  /** Forgets idle entries that expired long ago, so that the map stays small. */
  synchronized void prune(long now) {
    for (Iterator<Entry> it = models.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.inFlight == 0 && now - e.lastUse > 2 * IDLE_EXPIRY_NANOS) {
        it.remove();
      }
    }
  }
}
