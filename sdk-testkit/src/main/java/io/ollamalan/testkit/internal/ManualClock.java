package io.ollamalan.testkit.internal;

import java.time.Duration;
import java.util.PriorityQueue;

/** A clock that only moves when told to; due tasks run inside {@link #advance}. For tests. */
public final class ManualClock implements SimClock {

  private long now;
  private long seq;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();

  private static final class Task implements Comparable<Task>, Cancellable {
    final long due;
    final long order;
    final Runnable body;
    boolean cancelled;

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

  @Override
  public synchronized long now() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(long delayNanos, Runnable task) {
    Task t = new Task(now + Math.max(0, delayNanos), seq++, task);
    tasks.add(t);
    return t;
  }

  /** Moves time forward, running every task that falls due, in order. */
  public void advance(Duration d) {
    long target;
    synchronized (this) {
      target = now + d.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.due);
      }
      if (!next.cancelled) {
        next.body.run();
      }
    }
  }

  /** Number of tasks not yet run or cancelled. */
  public synchronized int pendingTasks() {
    int n = 0;
    for (Task t : tasks) {
      if (!t.cancelled) {
        n++;
      }
    }
    return n;
  }
}
