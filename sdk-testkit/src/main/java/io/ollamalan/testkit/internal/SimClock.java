package io.ollamalan.testkit.internal;

import io.ollamalan.testkit.TestClock;
import java.time.Duration;

/**
 * Simulated time for the scheduler. Durations are simulated nanoseconds; an implementation maps
 * them to wall-clock time (scaled) or lets a test advance time by hand.
 */
public interface SimClock {

  /** Current simulated time in nanoseconds (monotonic, arbitrary origin). */
  long now();

  /** Runs {@code task} once {@code delayNanos} of simulated time have passed. */
  Cancellable schedule(long delayNanos, Runnable task);

  /** Simulated time that moves only when a test advances {@code clock}. */
  static SimClock manual(TestClock clock) {
    return new SimClock() {
      @Override
      public long now() {
        return clock.nanoTime();
      }

      @Override
      public Cancellable schedule(long delayNanos, Runnable task) {
        return clock.schedule(Duration.ofNanos(delayNanos), task)::cancel;
      }
    };
  }

  /** Handle to a scheduled task. */
  interface Cancellable {
    /** Prevents the task from running if it has not run yet. */
    void cancel();
  }
}
