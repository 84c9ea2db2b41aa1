package io.ollamalan.internal.routing;

import java.util.function.LongSupplier;

/**
 * Bounds retries to a share of calls plus a small floor per second, so that a failing fleet sees at
 * most that much extra load (Finagle's retry budget).
 */
final class RetryBudget {
  private static final double MAX_BALANCE = 100;

  private final double ratio;
  private final int minPerSecond;
  private final LongSupplier ticker;
  private double balance;
  private long windowStart;
  private int usedInWindow;

  RetryBudget(double ratio, int minPerSecond, LongSupplier ticker) {
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.ticker = ticker;
    this.windowStart = ticker.getAsLong();
  }

  synchronized void deposit() {
    balance = Math.min(MAX_BALANCE, balance + ratio);
  }

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
    if (balance >= 1) {
      balance -= 1;
      return true;
    }
    return false;
  }
}
