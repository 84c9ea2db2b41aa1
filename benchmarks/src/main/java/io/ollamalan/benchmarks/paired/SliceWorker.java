package io.ollamalan.benchmarks.paired;

import io.ollamalan.benchmarks.clients.ChatTarget;
import io.ollamalan.benchmarks.jmh.ChatThroughputBenchmark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client in a JVM of its own, running closed-loop slices on command: the worker side of {@link
 * PairedThroughput}. Its calling threads live as long as the worker and wait between slices, so a
 * slice measures calls, not thread starts.
 *
 * <p>Protocol, one line each way: the worker prints {@code READY} once its client made its first
 * calls; {@code RUN <millis>} runs a slice and answers {@code DONE <calls> <nanos> <cpuNanos>
 * <allocBytes> <errors> <first error or ->}; {@code QUIT} or the end of input closes the client.
 * {@code nanos} runs from the slice's start to the end of its last call; {@code cpuNanos} and
 * {@code allocBytes} are the calling threads' own.
 */
public final class SliceWorker implements AutoCloseable {

  /** Calls each client makes before it says READY: connections open, classes loaded. */
  static final int FIRST_CALLS = 200;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final ChatTarget target;
  private final List<Thread> threads = new ArrayList<>();
  private final Semaphore start = new Semaphore(0);
  private final Semaphore done = new Semaphore(0);
  private volatile long deadline;
  private volatile boolean closed;

  // Per slice, written by each calling thread before it releases "done".
  private final long[] calls;
  private final long[] cpu;
  private final long[] alloc;
  private final long[] finished;
  private final long[] errors;
  private final AtomicReference<String> firstError = new AtomicReference<>();

  public SliceWorker(ChatTarget target, int threadCount) {
    this.target = target;
    this.calls = new long[threadCount];
    this.cpu = new long[threadCount];
    this.alloc = new long[threadCount];
    this.finished = new long[threadCount];
    this.errors = new long[threadCount];
    for (int i = 0; i < threadCount; i++) {
      int slot = i;
      Thread t = new Thread(() -> loop(slot), "slice-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * The worker's main: {@code method threads url,url,...}, the method as ChatThroughputBenchmark.
   */
  public static void main(String[] args) throws IOException {
    String method = args[0];
    int threads = Integer.parseInt(args[1]);
    List<String> urls = List.of(args[2].split(","));
    try (SliceWorker w = new SliceWorker(ChatThroughputBenchmark.create(method, urls), threads)) {
      w.serve(
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    }
  }

  /** Answers commands from {@code in} on {@code out} until QUIT or the end of input. */
  public void serve(BufferedReader in, PrintStream out) throws IOException {
    for (int i = 0; i < FIRST_CALLS; i++) {
      target.chat();
    }
    out.println("READY");
    out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split(" ");
      if (w[0].equals("QUIT")) {
        return;
      }
      if (!w[0].equals("RUN") || w.length != 2) {
        throw new IllegalArgumentException("expected RUN <millis> or QUIT, got '" + line + "'");
      }
      out.println(slice(Long.parseLong(w[1])).line());
      out.flush();
    }
  }

  /** Runs every calling thread for {@code millis}, then waits for their last calls. */
  public Slice slice(long millis) {
    firstError.set(null);
    long begin = System.nanoTime();
    deadline = begin + millis * 1_000_000L;
    start.release(threads.size());
    done.acquireUninterruptibly(threads.size());
    long end = 0;
    long n = 0;
    long c = 0;
    long a = 0;
    long e = 0;
    for (int i = 0; i < threads.size(); i++) {
      end = Math.max(end, finished[i]);
      n += calls[i];
      c += cpu[i];
      a += alloc[i];
      e += errors[i];
    }
    return new Slice(n, end - begin, c, a, e, firstError.get());
  }

  private void loop(int slot) {
    while (true) {
      start.acquireUninterruptibly();
      if (closed) {
        done.release();
        return;
      }
      long n = 0;
      long e = 0;
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
      long until = deadline;
      while (System.nanoTime() - until < 0) {
        try {
          target.chat();
          n++;
        } catch (RuntimeException ex) {
          e++;
          firstError.compareAndSet(null, ex.toString());
        }
      }
      finished[slot] = System.nanoTime();
      calls[slot] = n;
      errors[slot] = e;
      cpu[slot] = THREADS.getCurrentThreadCpuTime() - cpu0;
      alloc[slot] = THREADS.getCurrentThreadAllocatedBytes() - alloc0;
      done.release();
    }
  }

  @Override
  public void close() {
    closed = true;
    start.release(threads.size());
    done.acquireUninterruptibly(threads.size());
    target.close();
  }

  /**
   * What one slice measured.
   *
   * @param nanos from the slice's start to the end of its last call
   * @param cpuNanos CPU time of the calling threads
   * @param allocBytes bytes the calling threads allocated
   * @param firstError the first failure's description, or null
   */
  public record Slice(
      long calls, long nanos, long cpuNanos, long allocBytes, long errors, String firstError) {

    /** Calls per second. */
    public double perSecond() {
      return calls * 1e9 / nanos;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "DONE %d %d %d %d %d %s",
          calls,
          nanos,
          cpuNanos,
          allocBytes,
          errors,
          firstError == null ? "-" : firstError.replace('\n', ' '));
    }

    /** Reads a {@code DONE} line. */
    static Slice parse(String line) {
      String[] w = line.split(" ", 7);
      if (w.length < 7 || !w[0].equals("DONE")) {
        throw new IllegalArgumentException("expected a DONE line, got '" + line + "'");
      }
      return new Slice(
          Long.parseLong(w[1]),
          Long.parseLong(w[2]),
          Long.parseLong(w[3]),
          Long.parseLong(w[4]),
          Long.parseLong(w[5]),
          w[6].equals("-") ? null : w[6]);
    }
  }
}
