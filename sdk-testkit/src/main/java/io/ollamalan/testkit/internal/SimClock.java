package io.ollamalan.testkit.internal;

/**
 * Simulated time for the scheduler. Durations are simulated nanoseconds; an implementation maps
 * them to wall-clock time (scaled) or lets a test advance time by hand.
 */
public interface SimClock {

  /** Current simulated time in nanoseconds (monotonic, arbitrary origin). */
  long now();

  /** Runs {@code task} once {@code delayNanos} of simulated time have passed. */
  Cancellable schedule(long delayNanos, Runnable task);

  /** Handle to a scheduled task. */
  interface Cancellable {
    /** Prevents the task from running if it has not run yet. */
    void cancel();
  }
}
