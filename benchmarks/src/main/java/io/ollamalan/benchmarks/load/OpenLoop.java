package io.ollamalan.benchmarks.load;

import io.ollamalan.OllamaException;
import io.ollamalan.benchmarks.clients.ChatTarget;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load generator (wrk2's method): requests leave at a constant rate on a fixed
 * schedule whatever the answers do, and each latency runs from the request's <em>intended</em> send
 * time, so a stall of the client or the server is charged to every request it delayed (no
 * coordinated omission).
 */
public final class OpenLoop {

  /** Latencies are recorded in microseconds, up to this bound. */
  static final long MAX_MICROS = TimeUnit.SECONDS.toMicros(60);

  /** Requests in flight beyond which the run is abandoned: the target cannot keep up. */
  static final int MAX_OUTSTANDING = 20_000;

  private OpenLoop() {}

  /**
   * What one run at one rate measured. {@code medianSliceP99Millis} is the median of the p99s of
   * the slices it was merged from: on a shared machine a burst of other work inflates the merged
   * p99 of whichever client it hit, the median of the slices much less. {@code cpuMicrosPerRequest}
   * is this JVM's CPU time over the measured part per completed request. {@code errorKinds} counts
   * the errors by kind: the {@code OllamaException} kind, else the exception's class, or {@code
   * abandoned} (not sent, the target fell too far behind) and {@code unanswered} (no answer 30 s
   * after the last send). {@code stallMicros} is what a {@link StallMeter} recorded over the
   * measured part (empty when none ran).
   */
  public record Result(
      String target,
      double offeredPerSecond,
      double sentPerSecond,
      long completed,
      SortedMap<String, Long> errorKinds,
      Histogram micros,
      double medianSliceP99Millis,
      double cpuMicrosPerRequest,
      Histogram stallMicros) {

    /** Several slices of the same target and rate as one result. */
    public static Result merge(List<Result> parts) {
      Histogram all = new Histogram(MAX_MICROS, 3);
      Histogram stalls = new Histogram(MAX_MICROS, 3);
      long completed = 0;
      SortedMap<String, Long> kinds = new TreeMap<>();
      double sent = 0;
      double cpu = 0;
      for (Result p : parts) {
        cpu += p.cpuMicrosPerRequest() * p.completed();
        all.add(p.micros());
        stalls.add(p.stallMicros());
        completed += p.completed();
        p.errorKinds().forEach((k, v) -> kinds.merge(k, v, Long::sum));
        sent += p.sentPerSecond();
      }
      double[] p99s = parts.stream().mapToDouble(Result::p99Millis).sorted().toArray();
      double median =
          p99s.length % 2 == 1
              ? p99s[p99s.length / 2]
              : (p99s[p99s.length / 2 - 1] + p99s[p99s.length / 2]) / 2;
      Result first = parts.get(0);
      return new Result(
          first.target(),
          first.offeredPerSecond(),
          sent / parts.size(),
          completed,
          kinds,
          all,
          median,
          completed == 0 ? Double.NaN : cpu / completed,
          stalls);
    }

    public double p50Millis() {
      return micros.getValueAtPercentile(50) / 1000.0;
    }

    /** Calls that failed or got no answer: the sum of {@link #errorKinds}. */
    public long errors() {
      long n = 0;
      for (long v : errorKinds.values()) {
        n += v;
      }
      return n;
    }

    public double p99Millis() {
      return micros.getValueAtPercentile(99) / 1000.0;
    }

    public double p999Millis() {
      return micros.getValueAtPercentile(99.9) / 1000.0;
    }

    public double maxMillis() {
      return micros.getMaxValue() / 1000.0;
    }

    /** The stall meter's p99.9 over the measured part, NaN when none ran. */
    public double stallP999Millis() {
      return stallMicros.getTotalCount() == 0
          ? Double.NaN
          : stallMicros.getValueAtPercentile(99.9) / 1000.0;
    }

    /**
     * The share of the measured time the stall meter spent more than {@code beyondMillis} into a
     * stall (NaN when none ran): at least this share of the requests sent at a constant rate waited
     * that long for the machine alone, so a p99 can be told apart from the machine to within {@code
     * beyondMillis} only while it is under 1 %.
     */
    public double stallShare(double beyondMillis) {
      long beyond = Math.round(beyondMillis * 1000);
      double over = 0;
      double total = 0;
      for (HistogramIterationValue v : stallMicros.recordedValues()) {
        long stall = v.getValueIteratedTo();
        long n = v.getCountAtValueIteratedTo();
        total += n * (double) (StallMeter.INTERVAL_NANOS / 1000 + stall);
        if (stall > beyond) {
          over += n * (double) (stall - beyond);
        }
      }
      return total == 0 ? Double.NaN : over / total;
    }

    /** The stall meter's longest stall over the measured part, NaN when none ran. */
    public double stallMaxMillis() {
      return stallMicros.getTotalCount() == 0 ? Double.NaN : stallMicros.getMaxValue() / 1000.0;
    }
  }

  /**
   * Sends at {@code perSecond} for {@code warmup + measure}; records only requests whose intended
   * time falls in the measured part, then waits for the stragglers (they count, with the time they
   * took, or as errors after 30 s).
   */
  public static Result run(
      String name, ChatTarget target, double perSecond, Duration warmup, Duration measure) {
    return run(name, target, perSecond, warmup, measure, null);
  }

  /**
   * As {@link #run(String, ChatTarget, double, Duration, Duration)}, and takes what {@code stalls}
   * (may be null) recorded from the first measured send to the last answer.
   */
  public static Result run(
      String name,
      ChatTarget target,
      double perSecond,
      Duration warmup,
      Duration measure,
      StallMeter stalls) {
    Recorder recorder = new Recorder(MAX_MICROS, 3);
    AtomicLong outstanding = new AtomicLong();
    ConcurrentHashMap<String, LongAdder> kinds = new ConcurrentHashMap<>();
    AtomicLong completed = new AtomicLong();
    double intervalNanos = 1e9 / perSecond;
    long warmupNanos = warmup.toNanos();
    long total = (long) ((warmupNanos + measure.toNanos()) / intervalNanos);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    long measuredFrom = start + warmupNanos;
    long sent = 0;
    long firstMeasured = -1;
    long lastMeasured = -1;
    long cpuFrom = 0;
    for (long i = 0; i < total; i++) {
      long intended = start + (long) (i * intervalNanos);
      waitUntil(intended);
      if (outstanding.get() > MAX_OUTSTANDING) {
        count(kinds, "abandoned", total - i);
        break;
      }
      boolean measured = intended >= measuredFrom;
      if (measured) {
        if (firstMeasured < 0) {
          firstMeasured = System.nanoTime();
          cpuFrom = processCpuNanos();
          if (stalls != null) {
            stalls.interval(); // drops what the warm-up saw
          }
        }
        lastMeasured = System.nanoTime();
        sent++;
      }
      outstanding.incrementAndGet();
      try {
        target
            .chatAsync()
            .whenComplete(
                (reply, failure) -> {
                  long micros = (System.nanoTime() - intended) / 1000;
                  outstanding.decrementAndGet();
                  if (!measured) {
                    return;
                  }
                  if (failure != null || reply == null) {
                    count(kinds, kind(failure), 1);
                  } else {
                    completed.incrementAndGet();
                    recorder.recordValue(Math.min(micros, MAX_MICROS));
                  }
                });
      } catch (RuntimeException e) {
        outstanding.decrementAndGet();
        if (measured) {
          count(kinds, kind(e), 1);
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    long cpuNanos = processCpuNanos() - cpuFrom;
    long unanswered = Math.max(0, outstanding.get());
    if (unanswered > 0) {
      count(kinds, "unanswered", unanswered);
    }
    SortedMap<String, Long> errorKinds = new TreeMap<>();
    kinds.forEach((k, v) -> errorKinds.put(k, v.sum()));
    double spanSeconds = (lastMeasured - firstMeasured) / 1e9;
    double sentRate = spanSeconds > 0 ? (sent - 1) / spanSeconds : 0;
    Histogram h = recorder.getIntervalHistogram();
    Histogram stalled = stalls == null ? new Histogram(MAX_MICROS, 3) : stalls.interval();
    return new Result(
        name,
        perSecond,
        sentRate,
        completed.get(),
        errorKinds,
        h,
        h.getValueAtPercentile(99) / 1000.0,
        completed.get() == 0 ? Double.NaN : cpuNanos / 1000.0 / completed.get(),
        stalled);
  }

  private static void count(ConcurrentHashMap<String, LongAdder> kinds, String kind, long n) {
    kinds.computeIfAbsent(kind, k -> new LongAdder()).add(n);
  }

  /** The kind of a failed call (null: it answered nothing): the SDK's kind, else the class. */
  static String kind(Throwable failure) {
    if (failure == null) {
      return "no reply";
    }
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof OllamaException e ? e.kind().name() : t.getClass().getSimpleName();
  }

  /**
   * CPU time of this whole JVM: the client's threads, the generator's and GC. The fleet runs in
   * another process, so at a fixed rate this is the client's cost per request, steadier than
   * throughput on a machine that other work shares.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Parks until shortly before {@code deadline}, then spins: park alone oversleeps by ~50 us, and a
   * longer spin would take CPU from the client and the fleet on a two-core machine.
   */
  private static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      if (left > 80_000) {
        LockSupport.parkNanos(left - 70_000);
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
