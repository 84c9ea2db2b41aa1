package io.ollamalan.benchmarks.fleet;

import io.ollamalan.benchmarks.clients.RawOkHttpTarget;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a fake fleet in a JVM of its own until its standard input closes.
 *
 * <p>Arguments: {@code nodes replyTokens tokensPerSecond}. Prints {@code READY url,url,...} once
 * every node listens and, for an unpaced fleet, once its own code is compiled (see {@link #warm}).
 * The fleet lives outside the measured JVM so that allocation profiles ({@code -prof gc}) and GC
 * pauses belong to the client alone.
 */
public final class FleetServer {

  /** The model every node serves, loaded from the start. */
  public static final String MODEL = "llama3.2:latest";

  /** Calls the fleet makes to itself before it says READY, when unpaced. */
  static final int WARM_CALLS = 60_000;

  /** The most time that warm-up may take, whatever it has reached by then. */
  static final long WARM_MAX_MILLIS = 30_000;

  private FleetServer() {}

  public static void main(String[] args) throws IOException {
    int nodes = Integer.parseInt(args[0]);
    int replyTokens = Integer.parseInt(args[1]);
    double tokensPerSecond = Double.parseDouble(args[2]);
    try (FakeFleet fleet =
        FakeFleet.startIndexed(
            nodes,
            0,
            (i, b) ->
                b.model(FakeModel.chat(MODEL).replyTokens(replyTokens))
                    .loaded(MODEL)
                    .tokensPerSecond(tokensPerSecond)
                    .recordRequests(0))) {
      if (tokensPerSecond == 0) {
        warm(fleet.baseUrls());
      }
      System.out.println("READY " + String.join(",", fleet.baseUrls()));
      System.out.flush();
      InputStream in = System.in;
      byte[] sink = new byte[256];
      while (in.read(sink) >= 0) {
        // Only the end of input matters: the parent closed it or died.
      }
    }
  }

  /**
   * Sends the fleet non-streamed chats from 4 threads of its own until {@link #WARM_CALLS} or
   * {@link #WARM_MAX_MILLIS}, whichever comes first. A fresh fleet JVM needs about 10 s of load
   * before the JIT has compiled its serving path, and until then every client measured against it
   * runs at a fraction of its speed: the client that happened to be measured first, or with the
   * shorter warm-up, looked slower for reasons of the server's, not its own.
   */
  static void warm(List<String> urls) {
    RawOkHttpTarget client = new RawOkHttpTarget(urls, MODEL);
    AtomicInteger left = new AtomicInteger(WARM_CALLS);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARM_MAX_MILLIS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                  client.chat();
                }
              },
              "fleet-warm-" + t);
      thread.start();
      threads.add(thread);
    }
    try {
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      client.close();
    }
  }
}
