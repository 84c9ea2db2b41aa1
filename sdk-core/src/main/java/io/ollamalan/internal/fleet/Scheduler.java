package io.ollamalan.internal.fleet;

import java.time.Duration;

/**
 * Runs timed work. The production implementation wraps a scheduled executor; tests pass a fake
 * driven by hand so that state changes with time need no sleeping.
 */
public interface Scheduler {

  /** Runs {@code task} once after {@code delay}. */
  Cancellable schedule(Runnable task, Duration delay);

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Calls the task off if it has not started; harmless otherwise. */
    void cancel();
  }
}
