package io.ollamalan.benchmarks.routing;

import io.ollamalan.CallOptions;
import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import io.ollamalan.Node;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Message;
import io.ollamalan.model.Options;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.routing.RoutingDecision;
import io.ollamalan.testkit.FakeFleet;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Replays a workload against a fresh simulated fleet through one {@link OllamaClient} using one
 * balancer, open-loop: each turn has an intended send time (the conversation's Poisson arrival, or
 * the previous reply plus the think time) and its latency is measured from that time, so waiting
 * anywhere (the client's admission queue, the node's slots, a model load) counts.
 *
 * <p>Wall-clock times are converted to simulated time by the fleet's time scale. Time to first
 * token is the end-to-end time minus the node's {@code eval_duration} (calls are not streamed, to
 * keep the two cores for the simulation rather than for parsing a chunk per token). Cold loads are
 * counted from the nodes' own list of loaded models, sampled every 2 ms of wall time (a load lasts
 * at least 60 ms of wall time); prompt-cache hits from each answer's timings: the tokens the node
 * did not evaluate, {@code prompt_eval_count - prompt_eval_duration x prefill rate}.
 */
final class Replay {
  private static final long MAX_MILLIS = 24 * 3_600_000L;

  private final Scenario scenario;
  private final Workload workload;
  private final RoutingConfig routing;
  private final String strategy;
  private final PrintStream verbose;

  private final Histogram ttft = new Histogram(MAX_MILLIS, 3);
  private final Histogram e2e = new Histogram(MAX_MILLIS, 3);
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong cachedTokens = new AtomicLong();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong queuedCalls = new AtomicLong();
  private final AtomicLong queuedMillis = new AtomicLong();
  private final Map<String, CallRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
  private final List<String> loadLog = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Map<String, AtomicLong>> placements = new ConcurrentHashMap<>();
  private final Map<String, Double> prefillByNode = new HashMap<>();
  private final Map<String, Integer> indexByNode = new HashMap<>();
  private volatile boolean stopping;

  private long startNanos;
  private long windowEndNanos;

  /**
   * @param verbose where to print where each model's calls went, or null
   */
  Replay(
      Scenario scenario,
      Workload workload,
      RoutingConfig routing,
      String strategy,
      PrintStream verbose) {
    this.scenario = scenario;
    this.workload = workload;
    this.routing = routing;
    this.strategy = strategy;
    this.verbose = verbose;
  }

  StrategyResult run() throws InterruptedException {
    int n = scenario.nodes().size();
    List<SimModel> models = scenario.workload().models();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(daemon("sim-timer"));
    ExecutorService workers = Executors.newCachedThreadPool(daemon("sim-turn"));
    Thread poller = null;
    try (FakeFleet fleet =
        // The usual port on every node's own loopback address, when free, so that the nodes' ids
        // (and whatever a strategy derives from them) are the same from one run to the next.
        FakeFleet.startIndexed(
            n,
            FakeFleet.DEFAULT_PORT,
            (i, b) -> {
              b.scheduler(scenario.nodes().get(i));
              for (SimModel m : models) {
                b.model(m.toFake());
              }
              b.loaded(scenario.initiallyLoaded().get(i).toArray(String[]::new));
            })) {
      List<String> urls = fleet.baseUrls();
      for (int i = 0; i < n; i++) {
        String id = Node.of(urls.get(i)).id();
        prefillByNode.put(id, scenario.nodes().get(i).prefillTokensPerSecond());
        indexByNode.put(id, i);
      }
      // Health checks run on the simulation's clock too: the default 5 s interval, in simulated
      // time, so that /api/ps is as fresh as it would be against real nodes.
      Duration interval =
          Duration.ofNanos(wallNanos(HealthCheckConfig.DEFAULT_INTERVAL.toMillis()));
      OllamaClient client =
          OllamaClient.builder()
              .nodes(urls.toArray(String[]::new))
              .routing(routing)
              .healthChecks(
                  HealthCheckConfig.builder()
                      .interval(interval)
                      .timeout(HealthCheckConfig.DEFAULT_TIMEOUT)
                      .tagsInterval(interval.multipliedBy(12))
                      .build())
              .listener(listener())
              .build();
      try {
        awaitInitialLoads(fleet);
        poller = startLoadPoller(fleet);
        CountDownLatch done = new CountDownLatch(workload.conversations().size());
        startNanos = System.nanoTime() + 100_000_000L;
        windowEndNanos = startNanos + wallNanos(scenario.workload().durationMillis());
        long drainEnd = windowEndNanos + wallNanos(scenario.drainMillis());
        for (Workload.Conversation c : workload.conversations()) {
          long intended = startNanos + wallNanos(c.arrivalMillis());
          timer.schedule(
              () ->
                  workers.execute(
                      () -> turn(client, c, 0, new ArrayList<>(), intended, timer, workers, done)),
              intended - System.nanoTime(),
              TimeUnit.NANOSECONDS);
        }
        done.await(drainEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
        stopping = true;
        long end = System.nanoTime();
        for (Long intended : inFlight.values()) {
          record(e2e, simMillis(end - intended));
        }
        long unfinished = inFlight.size();
        if (verbose != null) {
          printPlacements();
        }
        long windowMillis = scenario.workload().durationMillis();
        synchronized (this) {
          return new StrategyResult(
              strategy,
              completed.get(),
              completed.get() * 60_000.0 / windowMillis,
              tokens.get() * 1000.0 / windowMillis,
              ttft.getValueAtPercentile(50),
              ttft.getValueAtPercentile(99),
              e2e.getValueAtPercentile(50),
              e2e.getValueAtPercentile(99),
              loads.get(),
              promptTokens.get() == 0 ? 0 : (double) cachedTokens.get() / promptTokens.get(),
              busy.get(),
              failed.get(),
              unfinished);
        }
      } finally {
        stopping = true;
        timer.shutdownNow();
        client.close();
      }
    } finally {
      stopping = true;
      if (poller != null) {
        poller.interrupt();
        poller.join(1000);
      }
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void turn(
      OllamaClient client,
      Workload.Conversation c,
      int k,
      List<Message> history,
      long intended,
      ScheduledExecutorService timer,
      ExecutorService workers,
      CountDownLatch done) {
    if (stopping || intended > windowEndNanos) {
      done.countDown();
      return;
    }
    Workload.Turn t = c.turns().get(k);
    history.add(Message.user(t.user()));
    List<Message> messages = new ArrayList<>(history.size() + 1);
    messages.add(Message.system(c.system()));
    messages.addAll(history);
    ChatRequest request =
        ChatRequest.builder(c.model())
            .messages(messages)
            .options(Options.builder().numPredict(t.replyTokens()).build())
            .build();
    String requestId = "c" + c.id() + "-t" + k;
    inFlight.put(requestId, intended);
    ChatResponse r;
    try {
      r =
          client
              .withOptions(
                  CallOptions.DEFAULT
                      .withAffinityKey("conversation-" + c.id())
                      .withRequestId(requestId))
              .chat(request);
    } catch (OllamaException e) {
      inFlight.remove(requestId);
      records.remove(requestId);
      if (!stopping) {
        failed.incrementAndGet();
        record(e2e, simMillis(System.nanoTime() - intended));
      }
      done.countDown();
      return;
    }
    long end = System.nanoTime();
    if (inFlight.remove(requestId) == null || stopping) {
      done.countDown();
      return;
    }
    CallRecord rec = records.remove(requestId);
    long e2eMillis = simMillis(end - intended);
    record(e2e, e2eMillis);
    record(ttft, Math.max(0, e2eMillis - r.evalDuration() / 1_000_000));
    if (end <= windowEndNanos) {
      completed.incrementAndGet();
      tokens.addAndGet(r.evalCount());
    }
    Double prefill = rec == null ? null : prefillByNode.get(rec.nodeId());
    if (prefill != null && r.promptEvalCount() > 0) {
      long evaluated = Math.round(r.promptEvalDuration() * prefill / 1e9);
      promptTokens.addAndGet(r.promptEvalCount());
      cachedTokens.addAndGet(Math.max(0, r.promptEvalCount() - evaluated));
    }
    history.add(Message.assistant(r.message() == null ? "" : r.message().content()));
    if (k + 1 >= c.turns().size()) {
      done.countDown();
      return;
    }
    long next = end + wallNanos(c.turns().get(k + 1).thinkMillis());
    try {
      timer.schedule(
          () -> workers.execute(() -> turn(client, c, k + 1, history, next, timer, workers, done)),
          next - System.nanoTime(),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      done.countDown();
    }
  }

  private ClientListener listener() {
    return new ClientListener() {
      @Override
      public void onDecision(RoutingDecision d) {
        if (d.queuedNanos() > 0) {
          queuedCalls.incrementAndGet();
          queuedMillis.addAndGet(simMillis(d.queuedNanos()));
        }
        if (d.model() != null) {
          placements
              .computeIfAbsent(d.model(), m -> new ConcurrentHashMap<>())
              .computeIfAbsent(d.chosenNodeId(), x -> new AtomicLong())
              .incrementAndGet();
        }
      }

      @Override
      public void onAttemptFailed(RoutingDecision d, OllamaException failure, boolean retry) {
        if (failure.kind() == OllamaException.Kind.SERVER_BUSY && !stopping) {
          busy.incrementAndGet();
        }
      }

      @Override
      public void onCallEnd(CallRecord record) {
        records.put(record.requestId(), record);
      }
    };
  }

  /**
   * Waits until every node holds the models it starts with: they load in the background when the
   * node starts, and must not count as loads of the run.
   */
  private void awaitInitialLoads(FakeFleet fleet) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int i = 0; i < fleet.size(); i++) {
      List<String> expected = scenario.initiallyLoaded().get(i);
      while (!fleet.node(i).loadedModels().containsAll(expected)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "node" + i + " did not load " + expected + " within 30 s");
        }
        Thread.sleep(2);
      }
    }
  }

  private Thread startLoadPoller(FakeFleet fleet) {
    // The models loaded at the start were loaded before the run: only later loads count.
    List<Set<String>> seen = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      seen.add(new HashSet<>(fleet.node(i).loadedModels()));
    }
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < fleet.size(); i++) {
                  Set<String> now = new HashSet<>(fleet.node(i).loadedModels());
                  for (String m : now) {
                    if (!seen.get(i).contains(m) && !stopping) {
                      loads.incrementAndGet();
                      loadLog.add(
                          String.format(
                              java.util.Locale.ROOT,
                              "%.0fs node%d %s (then %s)",
                              simMillis(System.nanoTime() - startNanos) / 1000.0,
                              i,
                              m,
                              now));
                    }
                  }
                  seen.set(i, now);
                }
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "sim-load-poller");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void printPlacements() {
    verbose.println(
        "  "
            + strategy
            + ": "
            + queuedCalls.get()
            + " calls waited in the client, "
            + queuedMillis.get() / 1000
            + " simulated s in all; calls per node:");
    for (Map.Entry<String, Map<String, AtomicLong>> e : new TreeMap<>(placements).entrySet()) {
      StringBuilder sb = new StringBuilder("    " + e.getKey() + ":");
      Map<Integer, Long> byIndex = new TreeMap<>();
      for (Map.Entry<String, AtomicLong> p : e.getValue().entrySet()) {
        byIndex.put(indexByNode.getOrDefault(p.getKey(), -1), p.getValue().get());
      }
      byIndex.forEach((i, count) -> sb.append(" node").append(i).append('=').append(count));
      verbose.println(sb);
    }
    synchronized (loadLog) {
      verbose.println("    loads (simulated time, node, model): " + loadLog);
    }
  }

  private synchronized void record(Histogram h, long millis) {
    h.recordValue(Math.max(0, Math.min(MAX_MILLIS, millis)));
  }

  private long wallNanos(long simMillis) {
    return (long) (simMillis * 1_000_000.0 / scenario.timeScale());
  }

  private long simMillis(long wallNanos) {
    return (long) (wallNanos * scenario.timeScale() / 1_000_000.0);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
