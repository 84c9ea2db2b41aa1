package io.ollamalan.testkit.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Wall-clock time sped up by a constant factor; tasks run on the given executor. */
public final class ScaledClock implements SimClock {

  private final double scale;
  private final long origin = System.nanoTime();
  private final ScheduledExecutorService executor;

  public ScaledClock(double scale, ScheduledExecutorService executor) {
    this.scale = scale;
    this.executor = executor;
  }

  @Override
  public long now() {
    return (long) ((System.nanoTime() - origin) * scale);
  }

  /** Wall-clock nanoseconds that correspond to a simulated duration (rounded up). */
  public long toWall(long simNanos) {
    return (long) Math.ceil(simNanos / scale);
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    ScheduledFuture<?> f =
        executor.schedule(task, toWall(Math.max(0, delayNanos)), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }
}
