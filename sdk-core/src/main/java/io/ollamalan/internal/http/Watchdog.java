package io.ollamalan.internal.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that aborts blocked HTTP attempts whose calling thread was interrupted or whose
 * response or stream-idle limit passed. A blocking socket read neither notices an interrupt nor
 * counts a trickle of bytes as silence; this does both, for every client of the JVM. The thread
 * runs only while attempts are watched (and a second after), so an idle JVM has none.
 */
final class Watchdog {
  static final Watchdog SHARED = new Watchdog(TimeUnit.MILLISECONDS.toNanos(20));

  private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long periodNanos;
  private final Set<AttemptTracker> watched = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean();

  Watchdog(long periodNanos) {
    this.periodNanos = periodNanos;
  }

  void watch(AttemptTracker t) {
    watched.add(t);
    if (!running.get() && running.compareAndSet(false, true)) {
      Thread thread = new Thread(this::run, "ollama-lan-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
  }

  void unwatch(AttemptTracker t) {
    watched.remove(t);
  }

  private void run() {
    long idleSince = -1;
    while (true) {
      LockSupport.parkNanos(periodNanos);
      for (AttemptTracker t : watched) {
        t.check();
      }
      if (!watched.isEmpty()) {
        idleSince = -1;
        continue;
      }
      long now = System.nanoTime();
      if (idleSince < 0) {
        idleSince = now;
      } else if (now - idleSince >= LINGER_NANOS) {
        running.set(false);
        // An attempt watched between the check and the flag would otherwise be unattended.
        if (watched.isEmpty() || !running.compareAndSet(false, true)) {
          return;
        }
        idleSince = -1;
      }
    }
  }
}
