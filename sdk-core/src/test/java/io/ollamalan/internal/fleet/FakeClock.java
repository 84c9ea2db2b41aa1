package io.ollamalan.internal.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A clock and {@link Scheduler} moved by hand: {@link #advance(Duration)} runs, on the calling
 * thread and in time order, every task that falls due.
 */
final class FakeClock extends Clock implements Scheduler {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Task> tasks = new ArrayList<>();
  private long seq;

  private static final class Task {
    final Instant due;
    final long order;
    final Runnable run;
    boolean cancelled;

    Task(Instant due, long order, Runnable run) {
      this.due = due;
      this.order = order;
      this.run = run;
    }
  }

  @Override
  public synchronized Cancellable schedule(Runnable task, Duration delay) {
    Task t = new Task(now.plus(delay), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (FakeClock.this) {
        t.cancelled = true;
      }
    };
  }

  /** Moves time forward by {@code d}, running every task due on the way. */
  void advance(Duration d) {
    Instant end;
    synchronized (this) {
      end = now.plus(d);
    }
    while (true) {
      Task next;
      synchronized (this) {
        tasks.removeIf(t -> t.cancelled);
        next =
            tasks.stream()
                .filter(t -> !t.due.isAfter(end))
                .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order))
                .orElse(null);
        if (next == null) {
          now = end;
          return;
        }
        tasks.remove(next);
        if (next.due.isAfter(now)) {
          now = next.due;
        }
      }
      next.run.run();
    }
  }

  /** Runs the tasks due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  synchronized int pending() {
    tasks.removeIf(t -> t.cancelled);
    return tasks.size();
  }

  synchronized Duration nextDelay() {
    return tasks.stream()
        .filter(t -> !t.cancelled)
        .map(t -> Duration.between(now, t.due))
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
