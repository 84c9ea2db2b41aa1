package io.ollamalan.benchmarks.clients;

import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a Micrometer timer with percentile histogram does per call, without Micrometer: count, total
 * time, max and a power-of-two bucket histogram, tagged by outcome and node.
 */
public final class TimerListener implements ClientListener {

  private static final int BUCKETS = 64;

  private final LongAdder count = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
  private volatile long maxNanos;

  @Override
  public void onCallEnd(CallRecord record) {
    long d = record.durationNanos();
    if (!record.succeeded()) {
      failures.increment();
    }
    // A real meter registry resolves tags to a meter per call; this is the same lookup work.
    String tags = record.outcome() + '|' + record.nodeId();
    if (tags.isEmpty()) {
      return;
    }
    count.increment();
    totalNanos.add(d);
    buckets.incrementAndGet(Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(Math.max(d, 1))));
    long m = maxNanos;
    if (d > m) {
      maxNanos = d;
    }
  }

  public long count() {
    return count.sum();
  }

  public long failures() {
    return failures.sum();
  }

  public double meanMillis() {
    long n = count.sum();
    return n == 0 ? 0 : totalNanos.sum() / 1e6 / n;
  }

  public double maxMillis() {
    return maxNanos / 1e6;
  }
}
