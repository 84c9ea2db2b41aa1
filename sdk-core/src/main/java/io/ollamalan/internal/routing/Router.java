package io.ollamalan.internal.routing;

import io.ollamalan.ModelNames;
import io.ollamalan.NoNodeAvailableException;
import io.ollamalan.NodeState;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.internal.Errors;
import io.ollamalan.internal.fleet.FailureKind;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.NodeClient;
import io.ollamalan.internal.http.Operation;
import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Choice;
import io.ollamalan.routing.NodeView;
import io.ollamalan.routing.RouteRequest;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.routing.RoutingDecision;
import io.ollamalan.routing.RoutingDecision.Candidate;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places each attempt of a call, as a one-way pipeline: <b>candidates</b> (the fleet's nodes that
 * may serve it: {@link #candidates}), <b>rank</b> (the balancer orders them), <b>place</b> (the
 * best one whose breaker and concurrency limit admit it: {@link #place}), <b>admit</b> (when none
 * does, wait first come first served in a bounded client-side queue: {@link #admit}),
 * <b>attempt</b> (run it under a {@link Lease}) and <b>outcome</b> (the lease gives the slot back
 * exactly once and tells the node's runtime and the balancer where the attempt went and how it
 * ended). A failed attempt fails over to another node when nothing reached the caller yet, within
 * the retry budget. Streams may be hedged.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger("io.ollamalan.routing");

  /** The oldest waiter looks again this often even without a wake-up (a node may have come up). */
  private static final long QUEUE_POLL_NANOS = 50_000_000L;

  /** One attempt on one node, under its own (forked, when hedged) context. */
  @FunctionalInterface
  public interface Attempt<R> {
    /**
     * Runs the attempt. For a stream, pass {@code lease} as the stream's observer and return once
     * the first chunk arrived; the router hands the lease to the stream.
     */
    R run(NodeClient node, Lease lease, CallContext ctx);
  }

  /**
   * What the router needs to know about a call besides its operation.
   *
   * @param model the model the call needs as the caller named it, null when any node can serve it
   * @param affinityKey the key keeping related calls on one node, null for none
   * @param promptTokens an estimate of the prompt's length in tokens
   */
  public record Route(@Nullable String model, @Nullable String affinityKey, int promptTokens) {
    public static final Route NONE = new Route(null, null, 0);
  }

  /** Sleeps for backoff; replaced in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final Fleet fleet;
  private final Function<NodeHandle, NodeRuntime> runtimes;
  private final RoutingConfig config;
  private final int maxAttempts;
  private final Listeners listeners;
  private final LongSupplier ticker;
  private final Executor executor;
  private final Sleeper sleeper;
  private final RetryBudget budget;
  private final AdmissionQueue queue = new AdmissionQueue(QUEUE_POLL_NANOS);
  private final Balancer balancer;
  private final boolean healthSignals;

  public Router(
      Fleet fleet,
      Function<NodeHandle, NodeRuntime> runtimes,
      RoutingConfig config,
      int maxAttempts,
      Listeners listeners,
      LongSupplier ticker,
      Executor executor,
      Sleeper sleeper,
      boolean healthSignals) {
    this.healthSignals = healthSignals;
    this.fleet = fleet;
    this.runtimes = runtimes;
    this.config = config;
    this.maxAttempts = maxAttempts;
    this.listeners = listeners;
    this.ticker = ticker;
    this.executor = executor;
    this.sleeper = sleeper;
    this.budget = new RetryBudget(config.retryBudgetRatio(), config.minRetriesPerSecond(), ticker);
    this.balancer = config.newBalancer();
  }

  /** This client's own balancer. */
  public Balancer balancer() {
    return balancer;
  }

  public Fleet fleet() {
    return fleet;
  }

  public RoutingConfig config() {
    return config;
  }

  /** Calls waiting for admission now. */
  public int queued() {
    return queue.size();
  }

  long now() {
    return ticker.getAsLong();
  }

  /**
   * Runs a call: one or more attempts on chosen nodes.
   *
   * @param stream whether the attempt returns a stream that reports its own end to its lease
   */
  public <R> R execute(
      Operation op,
      Route route,
      @Nullable Object request,
      CallContext ctx,
      boolean stream,
      Attempt<R> attempt) {
    CallTracker tracker = new CallTracker(op, route.model(), ctx, stream, listeners, ticker);
    tracker.start(request);
    budget.deposit();
    // Most calls succeed on their first node: the set of tried nodes is made on the first failure.
    Set<String> tried = Set.of();
    OllamaException last = null;
    String lastNode = null;
    boolean hedge =
        stream && config.hedgeAfter() != null && op.inference() && ctx.options().nodeId() == null;
    for (int n = 1; ; n++) {
      Lease lease;
      try {
        lease = admit(op, route, ctx, tried, n, false, tracker, true, last);
      } catch (OllamaException e) {
        tracker.end(lastNode, e, Timings.NONE, 0);
        throw e;
      }
      if (lease == null) {
        // A call that may queue waits until a node admits it or fails; only a hedge gets null.
        throw new IllegalStateException("no lease for a call that may queue");
      }
      tracker.attempts = n;
      try {
        Object result =
            hedge
                ? hedged(op, route, ctx, tried, n, tracker, lease, attempt)
                : attempt.run(lease.runtime().client(), lease, ctx);
        return handOff(result, stream, leaseOf(result, lease));
      } catch (OllamaException e) {
        lease.failed(e);
        last = e;
        String nodeId = lease.nodeId();
        lastNode = nodeId;
        if (tried.isEmpty()) {
          tried = new HashSet<>(4);
        }
        tried.add(nodeId);
        boolean retry = shouldRetry(e, op, route, ctx, tried, n);
        listeners.attemptFailed(lease.decision(), e, retry);
        if (!retry) {
          tracker.end(nodeId, e, Timings.NONE, 0);
          throw e;
        }
        if (e.kind() == Kind.MODEL_NOT_FOUND && route.model() != null) {
          forgetModel(lease.runtime(), route.model());
        }
        log.debug(
            "request {}: {} failed on {} ({}), trying another node",
            ctx.requestId(),
            op.metricName(),
            nodeId,
            e.kind());
        backoff(n, e, ctx);
      } catch (RuntimeException | Error t) {
        // Not the node's doing (a bug, an OutOfMemoryError): give the slot back, surface it as is.
        lease.abandon(t);
        throw t;
      }
    }
  }

  private Lease leaseOf(Object result, Lease fallback) {
    return result instanceof HedgeWinner w ? w.lease : fallback;
  }

  @SuppressWarnings("unchecked")
  private <R> R handOff(Object result, boolean stream, Lease lease) {
    Object r = result instanceof HedgeWinner w ? w.result : result;
    lease.handOff();
    if (!stream) {
      lease.completed(r);
    }
    return (R) r;
  }

  private boolean shouldRetry(
      OllamaException e, Operation op, Route route, CallContext ctx, Set<String> tried, int n) {
    if (ctx.options().nodeId() != null
        || n >= maxAttempts
        || ctx.isCanceled()
        || !e.isRetryableOnAnotherNode()) {
      return false;
    }
    if (ctx.hasDeadline() && ctx.remainingNanos(now()) <= 0) {
      return false;
    }
    if (e.kind() == Kind.MODEL_NOT_FOUND) {
      // Only worth it when another node's inventory says it has the model: this one was stale.
      if (route.model() == null || !anotherNodeLists(route.model(), tried)) {
        return false;
      }
    }
    if (!op.inference() && e.kind() != Kind.TRANSPORT && e.kind() != Kind.TIMEOUT) {
      return false;
    }
    return budget.tryWithdraw();
  }

  private boolean anotherNodeLists(String model, Set<String> tried) {
    for (NodeHandle h : fleet.handles()) {
      var s = h.rawStatus();
      if (!tried.contains(h.id())
          && s.state().isRoutable()
          && s.inventoryKnown()
          && s.installedModels().contains(io.ollamalan.ModelNames.normalize(model))) {
        return true;
      }
    }
    return false;
  }

  private void forgetModel(NodeRuntime rt, String model) {
    NodeHandle h = rt.handle();
    var s = h.rawStatus();
    rt.markModelMissing(model);
    if (s.inventoryKnown()) {
      Set<String> installed = new HashSet<>(s.installedModels());
      if (installed.remove(io.ollamalan.ModelNames.normalize(model))) {
        fleet.setInventory(h, null, installed, null, null);
      }
    }
  }

  private void backoff(int n, OllamaException e, CallContext ctx) {
    long base = config.retryBackoff().toNanos();
    if (base <= 0 || (n == 1 && e.kind() != Kind.SERVER_BUSY)) {
      return;
    }
    long cap = config.maxRetryBackoff().toNanos();
    long exp = Math.min(cap, base << Math.min(20, n - 1));
    long sleep = ThreadLocalRandom.current().nextLong(exp + 1);
    if (ctx.hasDeadline()) {
      sleep = Math.min(sleep, Math.max(0, ctx.remainingNanos(now())));
    }
    try {
      sleeper.sleep(sleep);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      ctx.cancel();
    }
  }

  /** Real traffic reached the node: a health signal. */
  void nodeAnswered(NodeHandle h) {
    if (healthSignals) {
      fleet.recordSuccess(h);
    }
  }

  /** Real traffic failed on the node: a health signal when the failure is the node's. */
  void nodeFailed(NodeHandle h, OllamaException e) {
    if (!healthSignals) {
      return;
    }
    FailureKind kind = healthKind(e);
    if (kind != null) {
      fleet.recordFailure(
          h,
          kind,
          e.kind().name().toLowerCase(java.util.Locale.ROOT)
              + (e.httpStatus() > 0 ? " " + e.httpStatus() : "")
              + " from real traffic");
    }
  }

  static @Nullable FailureKind healthKind(OllamaException e) {
    switch (e.kind()) {
      case TRANSPORT:
        return e instanceof OllamaTransportException t && !t.requestSent()
            ? FailureKind.CONNECT
            : FailureKind.RESET;
      case TLS:
        return FailureKind.CONNECT;
      case TIMEOUT:
        return e instanceof OllamaTransportException t
                && t.timeout() == OllamaTransportException.Timeout.CONNECT
            ? FailureKind.CONNECT
            : e instanceof OllamaTransportException t2
                    && t2.timeout() == OllamaTransportException.Timeout.DEADLINE
                ? null
                : FailureKind.TIMEOUT;
      case SERVER_ERROR:
        return e.httpStatus() == 200 ? FailureKind.RESET : FailureKind.SERVER_ERROR;
      case PROTOCOL:
        return FailureKind.BAD_RESPONSE;
      default:
        return null;
    }
  }

  /** Called by a lease when it gives its slot back: wakes the oldest call waiting for admission. */
  void released(NodeHandle h) {
    if (h.state() == NodeState.DRAINING) {
      fleet.reap();
    }
    queue.wakeHead();
  }

  /** Outcome stage: tells the balancer where an attempt went and how it ended. */
  void ended(RouteRequest request, String nodeId, @Nullable OllamaException failure) {
    try {
      balancer.ended(request, nodeId, failure);
    } catch (RuntimeException e) {
      log.warn("balancer {} failed in ended()", balancer.name(), e);
    }
  }

  /** What the candidates stage found: the nodes to rank, and why the others were passed over. */
  static final class Candidates {
    final List<NodeView> views = new ArrayList<>(4);
    final List<NodeRuntime> runtimes = new ArrayList<>(4);
    final List<Candidate> passed = new ArrayList<>(0);
    boolean fallback;
  }

  /**
   * Candidates stage: the fleet's nodes that may serve the call (routable, not tried yet, listing
   * the model; the pinned node only, when the call is pinned). When no inventory lists the model,
   * every routable node is a candidate, so that the caller sees Ollama's own error.
   */
  Candidates candidates(@Nullable String model, @Nullable String pinned, Set<String> tried) {
    Candidates c = new Candidates();
    List<NodeView> withoutModel = null;
    List<NodeRuntime> withoutModelRts = null;
    for (NodeHandle h : fleet.handles()) {
      if (pinned != null && !h.id().equals(pinned)) {
        continue;
      }
      NodeRuntime rt = runtimes.apply(h);
      NodeView v = rt.view(model);
      if (tried.contains(h.id())) {
        c.passed.add(candidate(v, Double.NaN, "already tried"));
      } else if (pinned == null && !v.state().isRoutable()) {
        c.passed.add(candidate(v, Double.NaN, "not routable"));
      } else if (model != null && pinned == null && !v.modelInstalled()) {
        if (withoutModel == null || withoutModelRts == null) {
          withoutModel = new ArrayList<>(4);
          withoutModelRts = new ArrayList<>(4);
        }
        withoutModel.add(v);
        withoutModelRts.add(rt);
      } else {
        c.views.add(v);
        c.runtimes.add(rt);
      }
    }
    if (withoutModel != null && withoutModelRts != null) {
      if (c.views.isEmpty()) {
        c.views.addAll(withoutModel);
        c.runtimes.addAll(withoutModelRts);
        c.fallback = true;
      } else {
        for (NodeView v : withoutModel) {
          c.passed.add(candidate(v, Double.NaN, "model not installed"));
        }
      }
    }
    return c;
  }

  /** The candidates the balancer did not rank, fewest calls in flight first. */
  static List<Choice> leftOut(List<Choice> ranked, List<NodeView> views) {
    List<Choice> rest = new ArrayList<>(views.size());
    for (NodeView v : views) {
      boolean in = false;
      for (Choice c : ranked) {
        in |= c.node().id().equals(v.id());
      }
      if (!in) {
        rest.add(
            new Choice(v, Double.NaN, "left out by the balancer; its nodes' breakers are open"));
      }
    }
    rest.sort((a, b) -> Integer.compare(a.node().inFlight(), b.node().inFlight()));
    return rest;
  }

  /** Rank stage: the balancer orders the candidates (a single one needs no ranking). */
  List<Choice> rank(RouteRequest request, Candidates c, @Nullable String pinned) {
    if (c.views.size() == 1) {
      return List.of(new Choice(c.views.get(0), 0, pinned != null ? "pinned" : "only candidate"));
    }
    return balancer.rank(request, c.views);
  }

  /** What the place stage did: the admitted node (or none), and what each candidate said. */
  static final class Placement {
    /** The node that admitted the call and the choice that named it; both null when none did. */
    @Nullable NodeRuntime chosen;

    @Nullable Choice choice;
    boolean anyAtLimit;
    final List<Candidate> notes;

    Placement(int n) {
      notes = new ArrayList<>(n);
    }
  }

  /**
   * Place stage: the first ranked node whose breaker and limit admit the call takes a slot. On
   * return the slot, if any, belongs to the caller, who must hand it to a {@link Lease}.
   */
  static Placement place(List<Choice> ranked, Candidates c, @Nullable String model) {
    Placement p = new Placement(ranked.size() + c.passed.size());
    for (Choice choice : ranked) {
      NodeRuntime rt = runtimeOf(choice.node(), c.runtimes);
      if (p.chosen != null || rt == null) {
        boolean open = rt != null && rt.breakerOpen();
        p.notes.add(
            candidate(choice.node(), choice.score(), open ? "breaker open" : choice.reason()));
        continue;
      }
      switch (rt.tryAdmit(model)) {
        case ADMITTED:
          p.chosen = rt;
          p.choice = choice;
          p.notes.add(candidate(choice.node(), choice.score(), choice.reason()));
          break;
        case AT_LIMIT:
          p.anyAtLimit = true;
          p.notes.add(candidate(choice.node(), choice.score(), "at limit"));
          break;
        default:
          p.notes.add(candidate(choice.node(), choice.score(), "breaker open"));
          break;
      }
    }
    p.notes.addAll(c.passed);
    return p;
  }

  /**
   * Whether some routable node would admit a call now (its breaker allows and it is under limit).
   */
  private boolean anyRoom() {
    for (NodeHandle h : fleet.handles()) {
      if (h.state().isRoutable()) {
        NodeRuntime rt = runtimes.apply(h);
        if (!rt.breakerOpen() && rt.hasRoom()) {
          return true;
        }
      }
    }
    return false;
  }

  /** One pass of candidates, rank and place; the lease when a node admitted the call. */
  private @Nullable Lease tryOnce(
      Operation op,
      Route route,
      @Nullable String model,
      CallContext ctx,
      Set<String> tried,
      int n,
      boolean isHedge,
      CallTracker tracker,
      @Nullable OllamaException last,
      long queueStart,
      int queuedAhead,
      Placement[] out) {
    String pinned = ctx.options().nodeId();
    Candidates c = candidates(model, pinned, tried);
    if (c.views.isEmpty()) {
      if (last != null) {
        throw last;
      }
      throw noNode(pinned, route.model(), ctx, c.passed);
    }
    RouteRequest request =
        new RouteRequest(
            op.metricName(),
            route.model(),
            route.affinityKey(),
            route.promptTokens(),
            n,
            queuedAhead);
    List<Choice> ranked = rank(request, c, pinned);
    Placement p = place(ranked, c, model);
    if (p.chosen == null && !p.anyAtLimit && ranked.size() < c.views.size()) {
      // Every node the balancer ranked has its breaker open, and it left others out (say, to keep
      // a model where it is): serving the call elsewhere beats failing it.
      List<Choice> all = new ArrayList<>(c.views.size());
      all.addAll(ranked);
      all.addAll(leftOut(ranked, c.views));
      ranked = all;
      p = place(ranked, c, model);
    }
    out[0] = p;
    NodeRuntime chosen = p.chosen;
    Choice choice = p.choice;
    if (chosen == null || choice == null) {
      return null;
    }
    // From here the slot is taken: whatever fails before the lease exists must give it back.
    boolean leased = false;
    boolean placed = false;
    try {
      RoutingDecision d =
          decision(op, route, ctx, n, isHedge, c, ranked, chosen, choice, p, queueStart, pinned);
      long now = now();
      chosen.placed(model, now);
      placed = true;
      Lease lease = new Lease(this, chosen, tracker, d, request, model, now);
      leased = true;
      try {
        balancer.placed(request, chosen.handle().id());
      } catch (RuntimeException e) {
        log.warn("balancer {} failed in placed()", balancer.name(), e);
      } catch (Error e) {
        lease.abandon(e);
        throw e;
      }
      return lease;
    } finally {
      if (!leased) {
        if (placed) {
          chosen.finished(model, false, 0, 0);
        }
        chosen.releaseSlot(model);
        chosen.recordCanceled(true);
        released(chosen.handle());
      }
    }
  }

  private @Nullable RoutingDecision decision(
      Operation op,
      Route route,
      CallContext ctx,
      int n,
      boolean isHedge,
      Candidates c,
      List<Choice> ranked,
      NodeRuntime chosen,
      Choice choice,
      Placement p,
      long queueStart,
      @Nullable String pinned) {
    // Nobody reads the decision without listeners or debug logging: skip building it.
    boolean debug = log.isDebugEnabled();
    if (!debug && listeners.isEmpty()) {
      return null;
    }
    String reason = c.fallback ? "no node lists the model; " + choice.reason() : choice.reason();
    RoutingDecision d =
        new RoutingDecision(
            ctx.requestId(),
            op.metricName(),
            route.model(),
            ranked.size() == 1 && c.views.size() == 1
                ? (pinned != null ? "pinned" : "single")
                : balancer.name(),
            n,
            isHedge,
            p.notes,
            chosen.handle().id(),
            reason,
            queueStart < 0 ? 0 : now() - queueStart);
    if (debug) {
      log.debug(d.summary());
    }
    listeners.decision(d);
    return d;
  }

  /**
   * Admit stage: places attempt {@code n}, waiting first come first served when every candidate is
   * at its limit. Every exit (admitted, shed, timed out, canceled, or any throwable) leaves the
   * queue as it found it.
   *
   * @param mayQueue whether to wait when every candidate is at its limit (a hedge does not)
   * @return the lease, or null when {@code mayQueue} is false and no node admits the call now
   */
  private @Nullable Lease admit(
      Operation op,
      Route route,
      CallContext ctx,
      Set<String> tried,
      int n,
      boolean isHedge,
      CallTracker tracker,
      boolean mayQueue,
      @Nullable OllamaException last) {
    String model = route.model() == null ? null : ModelNames.normalize(route.model());
    Placement[] placement = new Placement[1];
    if (ctx.isCanceled()) {
      throw Errors.canceled("", ctx.requestId(), last);
    }
    // Calls already waiting go first: try directly only when nobody waits.
    if (queue.size() == 0 || !mayQueue) {
      Lease lease =
          tryOnce(op, route, model, ctx, tried, n, isHedge, tracker, last, -1, 0, placement);
      if (lease != null || !mayQueue) {
        return lease;
      }
      if (!placement[0].anyAtLimit) {
        throw allBreakersOpen(ctx, last, placement[0]);
      }
    }
    AdmissionQueue.Waiter w = queue.enqueue(model, config.maxQueued());
    if (w == null) {
      throw Errors.noNode(
          "every candidate is at its concurrency limit and "
              + config.maxQueued()
              + " calls are already waiting"
              + (placement[0] == null ? "" : " (" + describe(placement[0].notes) + ")")
              + "; add nodes or raise the limits",
          ctx.requestId(),
          null);
    }
    long queueStart = now();
    ctx.cancelHook(() -> queue.wake(w));
    try {
      // Arriving behind others: let the queue look at the fleet once, oldest first.
      queue.wakeHead();
      while (true) {
        long now = now();
        long left = config.maxQueueWait().toNanos() - (now - queueStart);
        if (ctx.hasDeadline()) {
          long rem = ctx.remainingNanos(now);
          if (rem <= 0) {
            throw Errors.timeout(
                "",
                ctx.requestId(),
                OllamaTransportException.Timeout.DEADLINE,
                ctx.deadlineMillis(),
                null);
          }
          left = Math.min(left, rem);
        }
        if (left <= 0) {
          throw Errors.noNode(
              "waited "
                  + (now - queueStart) / 1_000_000
                  + " ms for a node to admit the call"
                  + (placement[0] == null ? "" : " (" + describe(placement[0].notes) + ")")
                  + "; raise maxQueueWait or the concurrency limits, or add nodes",
              ctx.requestId(),
              null);
        }
        boolean woken;
        try {
          woken = queue.await(w, left);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          ctx.cancel();
          woken = false;
        }
        if (ctx.isCanceled()) {
          throw Errors.canceled("", ctx.requestId(), last);
        }
        if (!woken && !queue.isHead(w)) {
          continue;
        }
        int ahead = Math.max(0, queue.waitingFor(model) - 1);
        Lease lease =
            tryOnce(
                op,
                route,
                model,
                ctx,
                tried,
                n,
                isHedge,
                tracker,
                last,
                queueStart,
                ahead,
                placement);
        if (lease != null) {
          queue.leave(w);
          // More room may have opened than this call needed.
          queue.wakeHead();
          return lease;
        }
        if (!placement[0].anyAtLimit) {
          throw allBreakersOpen(ctx, last, placement[0]);
        }
        if (anyRoom()) {
          // The room is on nodes this call cannot use: let the next waiter try it.
          queue.wakeNext(w);
        }
      }
    } finally {
      ctx.cancelHook(null);
      queue.leave(w);
    }
  }

  private OllamaException allBreakersOpen(
      CallContext ctx, @Nullable OllamaException last, Placement p) {
    if (last != null) {
      return last;
    }
    return Errors.noNode(
        "every candidate's circuit breaker is open ("
            + describe(p.notes)
            + "); the nodes failed recently and are rested for "
            + config.breakerOpenDuration().toSeconds()
            + " s before being probed again",
        ctx.requestId(),
        null);
  }

  /**
   * Runs the attempt on the admitted node; if its first token has not arrived after the hedge
   * threshold, starts a second attempt on another node and keeps whichever produces a token first.
   */
  private <R> Object hedged(
      Operation op,
      Route route,
      CallContext ctx,
      Set<String> tried,
      int n,
      CallTracker tracker,
      Lease first,
      Attempt<R> attempt) {
    CallContext ctxA = ctx.fork();
    CompletableFuture<R> a = start(attempt, first, ctxA);
    // execute() hedges only when hedgeAfter is set.
    Duration after = Objects.requireNonNull(config.hedgeAfter(), "hedgeAfter");
    R early = await(a, after.toNanos(), first);
    if (early != null) {
      return early;
    }
    Set<String> exclude = new HashSet<>(tried);
    exclude.add(first.runtime().handle().id());
    Lease second = hedgeLease(op, route, ctx, exclude, n, tracker);
    if (second == null) {
      return joinOrThrow(a, first);
    }
    tracker.hedged = true;
    CallContext ctxB = ctx.fork();
    CompletableFuture<R> b = start(attempt, second, ctxB);
    CompletableFuture<Object> any = new CompletableFuture<>();
    AtomicInteger failures = new AtomicInteger();
    a.whenComplete((r, t) -> settle(any, r, t, first, failures));
    b.whenComplete((r, t) -> settle(any, r, t, second, failures));
    Object winner;
    try {
      winner = any.get();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      ctx.cancel();
      throw Errors.canceled("", ctx.requestId(), ie);
    } catch (ExecutionException ee) {
      throw unwrap(ee.getCause());
    }
    HedgeWinner w = (HedgeWinner) winner;
    boolean aWon = w.lease == first;
    CallContext loserCtx = aWon ? ctxB : ctxA;
    CompletableFuture<R> loser = aWon ? b : a;
    Lease loserLease = aWon ? second : first;
    loserCtx.cancel();
    loser.whenComplete(
        (r, t) -> {
          if (r instanceof Closeable c) {
            closeQuietly(c);
          }
          loserLease.canceled();
        });
    return w;
  }

  /** A lease on another node for a hedge, or null when none admits it now. */
  private @Nullable Lease hedgeLease(
      Operation op, Route route, CallContext ctx, Set<String> exclude, int n, CallTracker tracker) {
    try {
      return admit(op, route, ctx, exclude, n, true, tracker, false, null);
    } catch (OllamaException noOther) {
      // No other node can take a hedge: the first attempt carries on alone.
      return null;
    }
  }

  private void settle(
      CompletableFuture<Object> any,
      Object r,
      @Nullable Throwable t,
      Lease lease,
      AtomicInteger failures) {
    if (t == null) {
      if (!any.complete(new HedgeWinner(r, lease)) && r instanceof Closeable c) {
        closeQuietly(c);
      }
      return;
    }
    Throwable cause =
        t instanceof java.util.concurrent.CompletionException && t.getCause() != null
            ? t.getCause()
            : t;
    if (cause instanceof OllamaException e) {
      lease.failed(e);
    } else {
      lease.abandon(cause);
    }
    if (failures.incrementAndGet() == 2) {
      any.completeExceptionally(cause);
    }
  }

  private <R> CompletableFuture<R> start(Attempt<R> attempt, Lease lease, CallContext ctx) {
    CompletableFuture<R> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              f.complete(attempt.run(lease.runtime().client(), lease, ctx));
            } catch (Throwable t) {
              f.completeExceptionally(t);
            }
          });
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  private <R> @Nullable R await(CompletableFuture<R> f, long nanos, Lease lease) {
    try {
      return f.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException te) {
      return null;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      lease.failed(Errors.canceled(lease.runtime().handle().id(), "", ie));
      throw Errors.canceled(lease.runtime().handle().id(), "", ie);
    } catch (ExecutionException ee) {
      throw unwrap(ee.getCause());
    }
  }

  private <R> R joinOrThrow(CompletableFuture<R> f, Lease lease) {
    try {
      return f.get();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw Errors.canceled(lease.runtime().handle().id(), "", ie);
    } catch (ExecutionException ee) {
      throw unwrap(ee.getCause());
    }
  }

  private static OllamaException unwrap(@Nullable Throwable t) {
    if (t instanceof OllamaException e) {
      return e;
    }
    if (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      return unwrap(t.getCause());
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof RuntimeException e) {
      throw e;
    }
    throw new IllegalStateException("unexpected failure of an attempt", t);
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (java.io.IOException | RuntimeException ignored) {
      // The hedge lost; its stream is being discarded either way.
    }
  }

  private static @Nullable NodeRuntime runtimeOf(NodeView v, List<NodeRuntime> rts) {
    for (NodeRuntime rt : rts) {
      if (rt.handle().node() == v.node()) {
        return rt;
      }
    }
    return null;
  }

  private static Candidate candidate(NodeView v, double score, String note) {
    return new Candidate(v.id(), v.state(), v.inFlight(), v.concurrencyLimit(), score, note);
  }

  private static String describe(List<Candidate> cs) {
    StringBuilder sb = new StringBuilder();
    for (Candidate c : cs) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(c.nodeId())
          .append(' ')
          .append(c.state())
          .append(' ')
          .append(c.inFlight())
          .append('/')
          .append(c.limit())
          .append(' ')
          .append(c.note());
    }
    return sb.toString();
  }

  private NoNodeAvailableException noNode(
      @Nullable String pinned, @Nullable String model, CallContext ctx, List<Candidate> passed) {
    if (fleet.handles().length == 0) {
      return Errors.noNode(
          "the fleet has no node; configure nodes or check " + "discovery", ctx.requestId(), null);
    }
    if (pinned != null) {
      return Errors.noNode(
          "the pinned node " + pinned + " is not in the fleet", ctx.requestId(), null);
    }
    return Errors.noNode(
        "no routable node" + (model == null ? "" : " for model " + model) + ": " + describe(passed),
        ctx.requestId(),
        null);
  }

  /** The result of the attempt that won a hedge race, with its lease. */
  record HedgeWinner(Object result, Lease lease) {}
}
