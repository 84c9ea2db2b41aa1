package io.ollamalan.internal.routing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounds retries to a share of calls plus a small floor per second, so that a failing fleet sees at
 * most that much extra load (Finagle's retry budget).
 */
final class RetryBudget {
  /** The balance in millionths of a retry: every call deposits, from every thread, lock-free. */
  private static final long UNIT = 1_000_000L;

  private static final long MAX_BALANCE = 100 * UNIT;

  private final long deposit;
  private final int minPerSecond;
  private final LongSupplier ticker;
  private final AtomicLong balance = new AtomicLong();
  private long windowStart;
  private int usedInWindow;

  RetryBudget(double ratio, int minPerSecond, LongSupplier ticker) {
    this.deposit = Math.round(ratio * UNIT);
    this.minPerSecond = minPerSecond;
    this.ticker = ticker;
    this.windowStart = ticker.getAsLong();
  }

  /**
   * Called once per call. A healthy client keeps the balance full, where a deposit is one read: a
   * lock here would be taken by every call of every thread.
   */
  void deposit() {
    while (true) {
      long b = balance.get();
      if (b >= MAX_BALANCE || deposit == 0) {
        return;
      }
      if (balance.compareAndSet(b, Math.min(MAX_BALANCE, b + deposit))) {
        return;
      }
    }
  }

  /** Called only when an attempt failed and could be retried elsewhere. */
  synchronized boolean tryWithdraw() {
    long now = ticker.getAsLong();
    if (now - windowStart >= 1_000_000_000L) {
      windowStart = now;
      usedInWindow = 0;
    }
    if (usedInWindow < minPerSecond) {
      usedInWindow++;
      return true;
    }
    while (true) {
      long b = balance.get();
      if (b < UNIT) {
        return false;
      }
      if (balance.compareAndSet(b, b - UNIT)) {
        return true;
      }
    }
  }
}
