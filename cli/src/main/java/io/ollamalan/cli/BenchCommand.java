package io.ollamalan.cli;

import io.ollamalan.CallOptions;
import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.Options;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "A bounded load test with live progress.",
      "Makes --requests chat calls from --concurrency threads and stops starting calls at"
          + " --max-time whatever happens; then prints latency p50/p90/p99, throughput, failures"
          + " by kind and how the calls were split over the nodes."
    },
    footer = ExitCodes.FOOTER)
final class BenchCommand extends FleetCommand {
  private static final String PREFIX = "bench-";

  @Option(
      names = {"-m", "--model"},
      description = "The model (default: one the fleet holds).")
  String model;

  @Option(
      names = "--requests",
      defaultValue = "200",
      description = "Calls to make (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = {"-c", "--concurrency"},
      defaultValue = "8",
      description = "Calls in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--max-time",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = Durations.class,
      description = "Stop starting calls after this long (default: ${DEFAULT-VALUE}).")
  Duration maxTime;

  @Option(
      names = "--num-predict",
      defaultValue = "32",
      description = "Tokens each answer may generate (default: ${DEFAULT-VALUE}).")
  int numPredict;

  @Option(
      names = {"-p", "--prompt"},
      defaultValue = "Write one sentence about the sea.",
      description = "The prompt (default: ${DEFAULT-VALUE}).")
  String prompt;

  @Override
  int run() {
    if (requests < 1 || requests > 1_000_000 || concurrency < 1 || concurrency > 1024) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--requests must be 1..1000000 and --concurrency 1..1024");
    }
    ConcurrentLinkedQueue<CallRecord> records = new ConcurrentLinkedQueue<>();
    ClientListener listener =
        new ClientListener() {
          @Override
          public void onCallEnd(CallRecord r) {
            if (r.requestId().startsWith(PREFIX)) {
              records.add(r);
            }
          }
        };
    try (OllamaClient client = fleet.client(listener)) {
      FleetOptions.awaitFleet(client, Duration.ofSeconds(5));
      String m = Models.choose(model, fleet, client);
      PrintWriter progress = fleet.json ? err() : out();
      boolean live = Terminal.interactive();
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      long end = start + maxTime.toNanos();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < Math.min(concurrency, requests); t++) {
        Thread w =
            new Thread(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < requests && System.nanoTime() < end;
                      i = next.getAndIncrement()) {
                    try {
                      client
                          .withOptions(
                              CallOptions.DEFAULT
                                  .withRequestId(PREFIX + i)
                                  .withAffinityKey(PREFIX + i))
                          .chat(
                              ChatRequest.builder(m)
                                  .user(prompt + " (" + i + ")")
                                  .options(Options.builder().numPredict(numPredict).build())
                                  .build());
                    } catch (OllamaException e) {
                      // Recorded by the listener with its kind.
                    }
                  }
                },
                "bench-" + t);
        w.setDaemon(true);
        w.start();
        workers.add(w);
      }
      int lastQuarter = 0;
      while (workers.stream().anyMatch(Thread::isAlive)) {
        join(workers.get(0), live ? 250 : 500);
        int done = records.size();
        if (live) {
          progress.print(Terminal.CLEAR_LINE + progressLine(done, start));
          progress.flush();
        } else if (done * 4 / requests > lastQuarter) {
          lastQuarter = done * 4 / requests;
          progress.println(progressLine(done, start));
          progress.flush();
        }
        if (!workers.get(0).isAlive()) {
          workers.remove(0);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (live) {
        progress.println(Terminal.CLEAR_LINE + progressLine(records.size(), start));
      }
      return report(m, new ArrayList<>(records), seconds);
    }
  }

  private String progressLine(int done, long start) {
    double s = (System.nanoTime() - start) / 1e9;
    return String.format(
        Locale.ROOT,
        "%s %d/%d calls, %.1f s, %.1f calls/s",
        Terminal.bar((double) done / requests, 30),
        done,
        requests,
        s,
        s > 0 ? done / s : 0);
  }

  private static void join(Thread t, long millis) {
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private int report(String m, List<CallRecord> all, double seconds) {
    List<CallRecord> ok = all.stream().filter(CallRecord::succeeded).toList();
    long[] millis = ok.stream().mapToLong(r -> r.durationNanos() / 1_000_000).sorted().toArray();
    Map<String, Integer> failures = new TreeMap<>();
    Map<String, List<CallRecord>> byNode = new TreeMap<>();
    long tokens = 0;
    int failedOver = 0;
    for (CallRecord r : all) {
      if (!r.succeeded()) {
        failures.merge(r.outcome(), 1, Integer::sum);
        continue;
      }
      byNode.computeIfAbsent(r.nodeId(), k -> new ArrayList<>()).add(r);
      tokens += r.completionTokens();
      if (r.attempts() > 1) {
        failedOver++;
      }
    }
    List<Object> nodes = new ArrayList<>();
    for (Map.Entry<String, List<CallRecord>> e : byNode.entrySet()) {
      long[] ms =
          e.getValue().stream().mapToLong(r -> r.durationNanos() / 1_000_000).sorted().toArray();
      nodes.add(
          Json.object(
              "node", e.getKey(),
              "calls", e.getValue().size(),
              "share", ok.isEmpty() ? 0.0 : (double) e.getValue().size() / ok.size(),
              "p50Millis", percentile(ms, 50)));
    }
    Map<String, Object> doc =
        Json.object(
            "model",
            m,
            "requested",
            requests,
            "completed",
            all.size(),
            "succeeded",
            ok.size(),
            "failed",
            all.size() - ok.size(),
            "failedOver",
            failedOver,
            "stoppedAtMaxTime",
            all.size() < requests,
            "failures",
            failures,
            "seconds",
            Math.round(seconds * 1000) / 1000.0,
            "callsPerSecond",
            seconds > 0 ? Math.round(ok.size() / seconds * 10) / 10.0 : 0,
            "tokensPerSecond",
            seconds > 0 ? Math.round(tokens / seconds * 10) / 10.0 : 0,
            "p50Millis",
            percentile(millis, 50),
            "p90Millis",
            percentile(millis, 90),
            "p99Millis",
            percentile(millis, 99),
            "maxMillis",
            millis.length == 0 ? 0 : millis[millis.length - 1],
            "nodes",
            nodes);
    if (fleet.json) {
      Json.print(out(), doc);
    } else {
      PrintWriter o = out();
      o.printf(
          Locale.ROOT,
          "%n%d calls in %.1f s: %d succeeded, %d failed, %d failed over%n",
          all.size(),
          seconds,
          ok.size(),
          all.size() - ok.size(),
          failedOver);
      o.printf(
          Locale.ROOT,
          "latency   p50 %d ms   p90 %d ms   p99 %d ms   max %s ms%n",
          percentile(millis, 50),
          percentile(millis, 90),
          percentile(millis, 99),
          doc.get("maxMillis"));
      o.printf(
          Locale.ROOT,
          "throughput %.1f calls/s, %.1f generated tokens/s%n",
          doc.get("callsPerSecond"),
          doc.get("tokensPerSecond"));
      if (all.size() < requests) {
        o.println("stopped at --max-time " + Durations.format(maxTime) + " before all calls ran");
      }
      if (!failures.isEmpty()) {
        o.println("failures  " + failures);
      }
      o.println();
      o.printf(Locale.ROOT, "%-28s %7s %7s %9s%n", "NODE", "CALLS", "SHARE", "P50");
      for (Object n : nodes) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) n;
        o.printf(
            Locale.ROOT,
            "%-28s %7d %6.1f%% %6d ms%n",
            row.get("node"),
            row.get("calls"),
            100 * (double) row.get("share"),
            row.get("p50Millis"));
      }
      o.flush();
    }
    if (ok.isEmpty()) {
      return failures.containsKey("no_node_available") || failures.containsKey("transport")
          ? ExitCodes.UNREACHABLE
          : ExitCodes.FAILED;
    }
    return ok.size() == all.size() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** The nearest-rank percentile of sorted values, 0 when there are none. */
  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
