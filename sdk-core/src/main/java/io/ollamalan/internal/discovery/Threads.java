package io.ollamalan.internal.discovery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thread naming and shutdown shared by discovery sources and health checks. */
public final class Threads {
  private static final Logger log = LoggerFactory.getLogger(Threads.class);

  /** Every thread this SDK starts for discovery or health has a name starting with this. */
  public static final String PREFIX = "ollama-lan-";

  private Threads() {}

  /** Daemon threads named {@code ollama-lan-<name>-<n>}. */
  public static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, PREFIX + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A one-thread scheduler whose cancelled tasks leave its queue at once. */
  public static ScheduledThreadPoolExecutor singleScheduler(String name) {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, daemon(name));
    e.setRemoveOnCancelPolicy(true);
    e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return e;
  }

  /**
   * Interrupts the executor's threads and waits up to 5 s for them to end, so that a closed
   * component leaves no thread behind.
   */
  public static void shutdown(ExecutorService executor) {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("threads of {} did not stop within 5 s", executor);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
