package io.ollamalan.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The fault queue of one node. Thread-safe: tests may add faults while requests are served.
 *
 * <pre>{@code
 * node.faults().add(Fault.busy().times(2).onPath("/api/chat"));
 * node.faults().add(Fault.resetAfterChunks(3));
 * node.faults().clear();
 * }</pre>
 */
public final class Faults {

  private final List<Entry> entries = new ArrayList<>();

  Faults() {}

  private static final class Entry {
    final Fault fault;
    int remaining;

    Entry(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }
  }

  /** Queues a fault; returns this for chaining. */
  public Faults add(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    synchronized (entries) {
      entries.add(new Entry(fault));
    }
    return this;
  }

  /** Removes every queued fault. */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  /** Faults still queued, each with its original settings. */
  public List<Fault> pending() {
    synchronized (entries) {
      List<Fault> list = new ArrayList<>(entries.size());
      for (Entry e : entries) {
        list.add(e.fault);
      }
      return list;
    }
  }

  /**
   * Takes the faults of one phase that apply to a request for {@code path}: all matching delays and
   * at most one terminal fault, each consumed once. Used by the server; returns an empty list when
   * nothing applies.
   */
  List<Fault> take(String path, boolean streamPhase) {
    synchronized (entries) {
      if (entries.isEmpty()) {
        return List.of();
      }
      List<Fault> taken = new ArrayList<>(2);
      boolean terminalTaken = false;
      for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
        Entry e = it.next();
        Fault f = e.fault;
        if (f.kind().streamPhase() != streamPhase || (f.path() != null && !f.path().equals(path))) {
          continue;
        }
        if (f.kind().terminal()) {
          if (terminalTaken) {
            continue;
          }
          terminalTaken = true;
        }
        taken.add(f);
        if (e.remaining != Fault.UNTIL_CLEARED && --e.remaining == 0) {
          it.remove();
        }
      }
      return taken;
    }
  }
}
