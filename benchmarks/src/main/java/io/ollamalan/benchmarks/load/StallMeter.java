package io.ollamalan.benchmarks.load;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * jHiccup's method: a thread that does nothing but sleep 1 ms records how much longer each sleep
 * took. It does no client work, so what it records is the platform: this JVM's pauses (GC,
 * safepoints) and the time the kernel or the hypervisor kept it off a CPU. An open-loop p99 close
 * to the stalls' p99 is the machine's, not the client's.
 *
 * <p>Measured on a two-core VM whose kernel ran DAMON reclaim ({@code kdamond}, action {@code
 * pageout}) on a non-preemptive kernel: at 1,200 requests/s this meter's p99.9 was 15-17 ms and its
 * maximum 46-68 ms, and raw OkHttp's p99 was 69 ms; with DAMON off for the run, raw OkHttp's p99
 * was 0.7-0.9 ms.
 */
public final class StallMeter implements AutoCloseable {

  /** How the meter sleeps: a test replaces it to make a stall happen. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Recorder recorder = new Recorder(OpenLoop.MAX_MICROS, 3);
  private final Thread thread;
  private volatile boolean running = true;

  private StallMeter(Sleeper sleeper) {
    thread =
        new Thread(
            () -> {
              while (running) {
                long before = System.nanoTime();
                try {
                  sleeper.sleep(INTERVAL_NANOS);
                } catch (InterruptedException e) {
                  return;
                }
                long over = System.nanoTime() - before - INTERVAL_NANOS;
                recorder.recordValue(Math.min(OpenLoop.MAX_MICROS, Math.max(0, over / 1000)));
              }
            },
            "stall-meter");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /** Starts a meter that sleeps with {@link Thread#sleep(long, int)}. */
  public static StallMeter start() {
    return start(n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
  }

  static StallMeter start(Sleeper sleeper) {
    StallMeter m = new StallMeter(sleeper);
    m.thread.start();
    return m;
  }

  /** The stalls (microseconds over the 1 ms asked for) recorded since the previous call. */
  public Histogram interval() {
    return recorder.getIntervalHistogram();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
