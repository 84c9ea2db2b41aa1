package io.ollamalan.internal.fleet;

import io.ollamalan.internal.discovery.Threads;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} on one daemon thread; {@link #close()} stops the thread. */
final class ExecutorScheduler implements Scheduler, AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;

  ExecutorScheduler(String name) {
    this.executor = Threads.singleScheduler(name);
  }

  @Override
  public Cancellable schedule(Runnable task, Duration delay) {
    try {
      ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public void close() {
    Threads.shutdown(executor);
  }
}
