package io.ollamalan.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Time that only moves when a test says so: one source for both a {@link Clock} (wall time,
 * starting at 2026-01-01T00:00:00Z) and a nanosecond ticker (starting at 0), so that code reading
 * either sees the same time pass. Work scheduled on it runs on the thread that calls {@link
 * #advance}, in the order it falls due, so that a test observes state changes with time without
 * sleeping.
 */
public final class TestClock extends Clock {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private long nanos;
  private long seq;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  public interface Cancellable {
    /** Calls the task off if it has not run; harmless otherwise. */
    void cancel();
  }

  private static final class Task implements Comparable<Task>, Cancellable {
    final long due;
    final long order;
    final Runnable body;
    volatile boolean cancelled;

    Task(long due, long order, Runnable body) {
      this.due = due;
      this.order = order;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** Nanoseconds since this clock was made; the ticker of code that measures durations. */
  public synchronized long nanoTime() {
    return nanos;
  }

  /** {@link #nanoTime()} as a ticker to inject where code expects {@code System::nanoTime}. */
  public LongSupplier ticker() {
    return this::nanoTime;
  }

  @Override
  public synchronized Instant instant() {
    return ORIGIN.plusNanos(nanos);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  /** Runs {@code task} once time has advanced by {@code delay} (a negative delay means now). */
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    Task t = new Task(nanos + Math.max(0, delay.toNanos()), seq++, task);
    tasks.add(t);
    return t;
  }

  /** Moves time forward by {@code d}, running every task that falls due on the way, in order. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward, but advance was given " + d);
    }
    long target;
    synchronized (this) {
      target = nanos + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          nanos = target;
          return;
        }
        tasks.poll();
        nanos = Math.max(nanos, next.due);
      }
      if (!next.cancelled) {
        next.body.run();
      }
    }
  }

  /** Runs the tasks due now without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Number of tasks neither run nor cancelled. */
  public synchronized int pendingTasks() {
    int n = 0;
    for (Task t : tasks) {
      if (!t.cancelled) {
        n++;
      }
    }
    return n;
  }

  /** Time until the next task falls due, or null when none is pending. */
  public synchronized @Nullable Duration nextDelay() {
    long min = Long.MAX_VALUE;
    for (Task t : tasks) {
      if (!t.cancelled) {
        min = Math.min(min, t.due);
      }
    }
    return min == Long.MAX_VALUE ? null : Duration.ofNanos(min - nanos);
  }
}
