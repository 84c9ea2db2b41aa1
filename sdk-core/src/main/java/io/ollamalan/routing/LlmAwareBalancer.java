package io.ollamalan.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Places LLM calls the way a scheduler that knows Ollama would: it predicts, for each candidate,
 * how many milliseconds the call would take there, and ranks by that prediction.
 *
 * <ul>
 *   <li><b>Model residency.</b> A node that does not hold the model in memory pays a cold load (its
 *       measured {@code load_duration}, or {@link Builder#coldLoadMillis} before any measurement):
 *       a warm node wins unless it is badly overloaded. A node is warm when {@code /api/ps} says so
 *       or when the balancer itself sent it the model recently: it remembers, per node, the models
 *       it placed there (and those whose timings show completed calls there), and takes the {@link
 *       Builder#residentModelsPerNode} most recent ones, used within the last {@value
 *       #RESIDENCY_WINDOW_MINUTES} minutes (Ollama's default keep-alive), as resident. Without this
 *       memory every node looks cold until {@code /api/ps} has been read, and a fleet whose nodes
 *       hold fewer models than are in use thrashes: each model spreads to every node and evicts the
 *       others.
 *   <li><b>Eviction.</b> A cold load on a node that already holds {@link
 *       Builder#residentModelsPerNode} recently used models evicts one of them, which other
 *       conversations will pay to load again: such a node costs the load twice, and while the model
 *       has a warm node it is not a candidate at all, unless every warm node is loaded beyond the
 *       affinity bound below (or at its admission limit) and the model holds fewer nodes than its
 *       share of recent calls earns it (share x nodes x {@link Builder#residentModelsPerNode}).
 *       Otherwise the call waits in the client for a warm node: under load that is shorter than a
 *       load, and it keeps the fleet from thrashing.
 *   <li><b>Load.</b> Calls beyond the node's admission limit wait for a slot: the prediction adds
 *       the queue ahead times the node's service time for the model.
 *   <li><b>Speed.</b> Prefill and decode times come from moving averages of Ollama's own timing
 *       fields for this node and model ({@code prompt_eval_*}, {@code eval_*}).
 *   <li><b>Conversation affinity.</b> Calls with the same affinity key (a conversation) go back to
 *       the node the key's previous call went to, where its prompt is in a slot's cache, while that
 *       node is warm, admits calls and is within the load bound below; a new key is placed by
 *       weighted rendezvous hashing over the warm nodes (over all nodes when none is warm), so the
 *       key's calls do not drag the model to a cold node. Only cached prompt tokens are assumed
 *       free. The choice is bounded: a node holding more than {@link Builder#affinityLoadFactor}
 *       times the average load gives a new key up to the next node in hash order. The balancer
 *       remembers the last {@value #MAX_REMEMBERED_KEYS} keys.
 *   <li><b>Health.</b> Recent failures and 503 "busy" answers add penalties, so that a node that
 *       fails fast does not look idle.
 * </ul>
 *
 * <p>Changes from the first version, made after the routing simulation ({@code
 * benchmarks/bin/routing-sim}, see {@code benchmarks/RESULTS.md}) showed it placing calls no better
 * than least-outstanding: (1) residency is also learned from the balancer's own placements, because
 * {@code /api/ps} is not always known (and is stale between reads), and without it the model-blind
 * affinity hash spread every model to every node; (2) the eviction cost and the demand-share rule
 * above; (3) affinity follows the conversation's previous node rather than a fleet-wide hash, and
 * new conversations hash over warm nodes only, since the prompt cache is on the node that served
 * the last turn and is lost anyway when the model is evicted.
 */
public final class LlmAwareBalancer implements Balancer {

  /** Default {@link Builder#coldLoadMillis}: 10 s, a typical load of a 7B model from SSD. */
  public static final double DEFAULT_COLD_LOAD_MILLIS = 10_000;

  /** Default {@link Builder#prefillTokensPerSecond}: 500 tokens/s. */
  public static final double DEFAULT_PREFILL_TOKENS_PER_SECOND = 500;

  /** Default {@link Builder#decodeTokensPerSecond}: 30 tokens/s. */
  public static final double DEFAULT_DECODE_TOKENS_PER_SECOND = 30;

  /** Default {@link Builder#outputTokens}: 200 tokens. */
  public static final double DEFAULT_OUTPUT_TOKENS = 200;

  /** Default {@link Builder#affinityLoadFactor}: 1.25. */
  public static final double DEFAULT_AFFINITY_LOAD_FACTOR = 1.25;

  /** Default {@link Builder#cachedPromptFraction}: 0.9. */
  public static final double DEFAULT_CACHED_PROMPT_FRACTION = 0.9;

  /** Default {@link Builder#errorPenaltyMillis}: 30 s at a 100 % recent error rate. */
  public static final double DEFAULT_ERROR_PENALTY_MILLIS = 30_000;

  /** Default {@link Builder#busyPenaltyMillis}: 5 s right after a 503. */
  public static final double DEFAULT_BUSY_PENALTY_MILLIS = 5_000;

  /** Models assumed to fit in a node's memory at once, when {@code /api/ps} does not say. */
  /**
   * Default {@link Builder#residentModelsPerNode}: 3, Ollama's {@code OLLAMA_MAX_LOADED_MODELS} for
   * one GPU or none.
   */
  public static final int DEFAULT_RESIDENT_MODELS_PER_NODE = 3;

  /** How long a model the balancer placed on a node is assumed to stay loaded when idle. */
  static final int RESIDENCY_WINDOW_MINUTES = 5;

  /** Affinity keys whose last node is remembered. */
  static final int MAX_REMEMBERED_KEYS = 65_536;

  /** Per placed call, each model's demand count decays by this much (a memory of ~500 calls). */
  private static final double DEMAND_DECAY = 1.0 / 512;

  private static final double DEMAND_RESCALE_AT = 1e100;
  private static final long RESIDENCY_WINDOW_NANOS = RESIDENCY_WINDOW_MINUTES * 60_000_000_000L;

  private final double coldLoadMillis;
  private final double prefillRate;
  private final double decodeRate;
  private final double outputTokens;
  private final double affinityLoadFactor;
  private final double cachedFraction;
  private final double errorPenalty;
  private final double busyPenalty;
  private final int residentModels;

  private final LongSupplier ticker;

  /**
   * Calls placed per model, decayed per call: each model's share of recent demand. Rather than
   * decaying every entry on every call, new calls are added at a weight that grows by the inverse
   * of the decay (shares are ratios, so the common factor cancels) and the entries are rescaled on
   * the rare occasion the weights grow large.
   */
  private final Map<String, double[]> demand = new HashMap<>();

  private double demandIncrement = 1;
  private final ConcurrentHashMap<String, NodeMemory> memories = new ConcurrentHashMap<>();
  private final Map<String, String> lastNodeByKey =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_REMEMBERED_KEYS;
        }
      };

  private LlmAwareBalancer(Builder b) {
    this(b, System::nanoTime);
  }

  /** With an injected ticker (nanoseconds), for tests. */
  LlmAwareBalancer(Builder b, LongSupplier ticker) {
    this.ticker = ticker;
    this.coldLoadMillis = b.coldLoadMillis;
    this.prefillRate = b.prefillRate;
    this.decodeRate = b.decodeRate;
    this.outputTokens = b.outputTokens;
    this.affinityLoadFactor = b.affinityLoadFactor;
    this.cachedFraction = b.cachedFraction;
    this.errorPenalty = b.errorPenalty;
    this.busyPenalty = b.busyPenalty;
    this.residentModels = b.residentModels;
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "llm-aware";
  }

  @Override
  public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
    long now = ticker.getAsLong();
    String model = request.model();
    int n = candidates.size();
    boolean[] warm = new boolean[n];
    boolean[] full = new boolean[n];
    List<NodeView> warmNodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeView v = candidates.get(i);
      if (model == null) {
        warm[i] = true;
        continue;
      }
      NodeMemory m = memories.computeIfAbsent(v.id(), id -> new NodeMemory(residentModels));
      synchronized (m) {
        m.observe(model, v.stats(), now);
        warm[i] = v.modelLoaded() || m.resident(model, now);
        full[i] = !warm[i] && m.recentOthers(model, now) >= residentModels;
      }
      if (warm[i]) {
        warmNodes.add(v);
      }
    }
    NodeView owner = null;
    String key = request.affinityKey();
    if (key != null) {
      String last;
      synchronized (lastNodeByKey) {
        last = lastNodeByKey.get(key);
      }
      double bound = loadBound(candidates);
      for (int i = 0; i < n && last != null; i++) {
        NodeView v = candidates.get(i);
        if (v.id().equals(last)
            && warm[i]
            && v.inFlight() + 1 <= bound
            && v.inFlight() < Math.max(1, v.concurrencyLimit())) {
          owner = v;
        }
      }
      if (owner == null) {
        owner = affinityOwner(key, warmNodes.isEmpty() ? candidates : warmNodes);
      }
    }
    boolean mayEvict = warmNodes.isEmpty() || mayEvict(model, warmNodes, candidates);
    List<Choice> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeView v = candidates.get(i);
      if (full[i] && !mayEvict) {
        continue;
      }
      out.add(score(request, v, v == owner, warm[i], full[i]));
    }
    out.sort(Comparator.comparingDouble(Choice::score));
    remember(model, key, out, now);
    return out;
  }

  /**
   * Whether a call may load its model on a node where that evicts another: only when every warm
   * node is loaded beyond the affinity bound (or at its admission limit) and the model holds fewer
   * nodes than its share of recent calls earns it. Otherwise the call waits for a warm node, which
   * is shorter than a load and keeps the other models where they are.
   */
  private boolean mayEvict(String model, List<NodeView> warmNodes, List<NodeView> all) {
    double bound = loadBound(all);
    for (NodeView v : warmNodes) {
      if (v.inFlight() + 1 <= bound && v.inFlight() < Math.max(1, v.concurrencyLimit())) {
        return false;
      }
    }
    int nodes = all.size();
    double share;
    synchronized (demand) {
      double total = 0;
      for (double[] d : demand.values()) {
        total += d[0];
      }
      double[] mine = demand.get(model);
      share = total <= 0 ? 1 : (mine == null ? 0 : mine[0]) / total;
    }
    long earned = Math.max(1, Math.round(share * nodes * residentModels));
    return warmNodes.size() < earned;
  }

  /**
   * Notes where the call will most likely go: the best candidate that admits calls now (the router
   * skips those at their limit).
   */
  private void remember(String model, String key, List<Choice> ranked, long now) {
    NodeView chosen = null;
    for (Choice c : ranked) {
      NodeView v = c.node();
      if (v.inFlight() < Math.max(1, v.concurrencyLimit())) {
        chosen = v;
        break;
      }
    }
    if (chosen == null) {
      return;
    }
    if (model != null) {
      synchronized (demand) {
        demandIncrement /= 1 - DEMAND_DECAY;
        demand.computeIfAbsent(model, k -> new double[1])[0] += demandIncrement;
        if (demandIncrement > DEMAND_RESCALE_AT) {
          for (double[] d : demand.values()) {
            d[0] /= demandIncrement;
          }
          demandIncrement = 1;
        }
      }
      NodeMemory m = memories.computeIfAbsent(chosen.id(), id -> new NodeMemory(residentModels));
      synchronized (m) {
        m.touch(model, now);
      }
    }
    if (key != null) {
      synchronized (lastNodeByKey) {
        lastNodeByKey.put(key, chosen.id());
      }
    }
  }

  private Choice score(
      RouteRequest request, NodeView v, boolean owner, boolean warm, boolean full) {
    ModelStats s = v.stats();
    double prefill = s.prefillTokensPerSecond() > 0 ? s.prefillTokensPerSecond() : prefillRate;
    double decode = s.decodeTokensPerSecond() > 0 ? s.decodeTokensPerSecond() : decodeRate;
    double out = s.outputTokens() > 0 ? s.outputTokens() : outputTokens;
    boolean generative =
        !"embed".equals(request.operation()) && !"embeddings".equals(request.operation());

    double load =
        warm || request.model() == null
            ? 0
            : (s.loadMillis() > 0 ? s.loadMillis() : coldLoadMillis);
    // Loading here evicts a model others use; they pay a load again somewhere.
    double eviction = full ? load : 0;
    double uncached = request.promptTokens() * (owner ? 1 - cachedFraction : 1);
    double prefillMs = uncached / prefill * 1000;
    double decodeMs = generative ? out / decode * 1000 : 0;
    double service = prefillMs + decodeMs;
    int limit = Math.max(1, v.concurrencyLimit());
    double ahead = Math.max(0, v.inFlight() + 1 - limit);
    double queue = ahead / limit * Math.max(service, 1);
    // A sliver per call in flight breaks ties toward the less busy node.
    double share = v.inFlight() * 0.01 * Math.max(service, 1) / limit;
    double penalties = v.recentErrorRate() * errorPenalty + v.busyPenalty() * busyPenalty;
    double total = load + eviction + queue + share + prefillMs + decodeMs + penalties;

    String base =
        request.model() == null
            ? "any"
            : v.modelLoaded() ? "warm" : warm ? "warm (placed recently)" : null;
    if (base != null && eviction <= 0 && !owner && ahead <= 0 && penalties <= 0) {
      // The common case allocates no reason string.
      return new Choice(v, total, base);
    }
    StringBuilder why = new StringBuilder(48);
    why.append(base != null ? base : "cold load ~" + Math.round(load) + " ms");
    if (eviction > 0) {
      why.append(", evicts a model");
    }
    if (owner) {
      why.append(", prompt-cache affinity");
    }
    if (ahead > 0) {
      why.append(", ").append((int) ahead).append(" queued");
    }
    if (penalties > 0) {
      why.append(", penalty ").append(Math.round(penalties)).append(" ms");
    }
    return new Choice(v, total, why.toString());
  }

  /**
   * Weighted rendezvous hashing with bounded load: candidates in descending hash weight for the
   * key; the first whose in-flight count stays within the load bound owns the key.
   */
  private NodeView affinityOwner(String key, List<NodeView> candidates) {
    int n = candidates.size();
    long total = 0;
    for (NodeView v : candidates) {
      total += v.inFlight();
    }
    double bound = Math.max(1, Math.ceil(affinityLoadFactor * (total + 1) / n));
    NodeView best = null;
    double bestWeight = Double.NEGATIVE_INFINITY;
    List<NodeView> order = new ArrayList<>(candidates);
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      weights[i] = rendezvousWeight(key, order.get(i));
    }
    for (int round = 0; round < n; round++) {
      int bi = -1;
      bestWeight = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (weights[i] > bestWeight) {
          bestWeight = weights[i];
          bi = i;
        }
      }
      if (bi < 0) {
        break;
      }
      NodeView v = order.get(bi);
      weights[bi] = Double.NEGATIVE_INFINITY;
      if (v.inFlight() + 1 <= bound && v.inFlight() < Math.max(1, v.concurrencyLimit())) {
        best = v;
        break;
      }
    }
    return best;
  }

  /** The bounded-load limit: {@link Builder#affinityLoadFactor} times the average in flight. */
  private double loadBound(List<NodeView> candidates) {
    long total = 0;
    for (NodeView v : candidates) {
      total += v.inFlight();
    }
    return Math.max(1, Math.ceil(affinityLoadFactor * (total + 1) / candidates.size()));
  }

  private static double rendezvousWeight(String key, NodeView v) {
    long h = mix(key.hashCode() * 0x9E3779B97F4A7C15L ^ v.id().hashCode());
    double u = ((h >>> 11) + 1) * 0x1.0p-53;
    return -v.node().weight() / Math.log(u);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** What the balancer remembers about one node's models. Guarded by its own monitor. */
  private static final class NodeMemory {
    private final int residentModels;

    NodeMemory(int residentModels) {
      this.residentModels = residentModels;
    }

    /** Model to the last time it was placed or seen completing here, least recent first. */
    private final LinkedHashMap<String, Long> lastUsed = new LinkedHashMap<>(8, 0.75f, true);

    private final Map<String, Long> samplesSeen = new HashMap<>();

    /** A completed call the node's timings show is a use of the model there. */
    void observe(String model, ModelStats stats, long now) {
      Long seen = samplesSeen.get(model);
      if (seen == null || stats.samples() > seen) {
        samplesSeen.put(model, stats.samples());
        if (seen != null) {
          touch(model, now);
        }
      }
    }

    void touch(String model, long now) {
      lastUsed.put(model, now);
    }

    /** Whether the model is among the node's most recently used ones, within the window. */
    boolean resident(String model, long now) {
      Long t = lastUsed.get(model);
      if (t == null || now - t > RESIDENCY_WINDOW_NANOS) {
        return false;
      }
      int newer = 0;
      for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
        if (!e.getKey().equals(model)
            && e.getValue() > t
            && now - e.getValue() <= RESIDENCY_WINDOW_NANOS) {
          newer++;
        }
      }
      return newer < residentModels;
    }

    /** Other models used here within the window. */
    int recentOthers(String model, long now) {
      int n = 0;
      for (Map.Entry<String, Long> e : lastUsed.entrySet()) {
        if (!e.getKey().equals(model) && now - e.getValue() <= RESIDENCY_WINDOW_NANOS) {
          n++;
        }
      }
      return n;
    }
  }

  /** Settings of the LLM-aware balancer. */
  public static final class Builder {
    private double coldLoadMillis = DEFAULT_COLD_LOAD_MILLIS;
    private double prefillRate = DEFAULT_PREFILL_TOKENS_PER_SECOND;
    private double decodeRate = DEFAULT_DECODE_TOKENS_PER_SECOND;
    private double outputTokens = DEFAULT_OUTPUT_TOKENS;
    private double affinityLoadFactor = DEFAULT_AFFINITY_LOAD_FACTOR;
    private double cachedFraction = DEFAULT_CACHED_PROMPT_FRACTION;
    private double errorPenalty = DEFAULT_ERROR_PENALTY_MILLIS;
    private double busyPenalty = DEFAULT_BUSY_PENALTY_MILLIS;
    private int residentModels = DEFAULT_RESIDENT_MODELS_PER_NODE;

    private Builder() {}

    /**
     * Assumed cold-load time of a model on a node that never loaded it while the client watched, in
     * milliseconds; default {@link #DEFAULT_COLD_LOAD_MILLIS}. Raise it for large models on slow
     * disks so that warm nodes are preferred harder.
     */
    public Builder coldLoadMillis(double millis) {
      this.coldLoadMillis = nonNegative(millis, "coldLoadMillis");
      return this;
    }

    /**
     * Assumed prefill speed before any measurement, tokens/s; default {@link
     * #DEFAULT_PREFILL_TOKENS_PER_SECOND}.
     */
    public Builder prefillTokensPerSecond(double rate) {
      this.prefillRate = positive(rate, "prefillTokensPerSecond");
      return this;
    }

    /**
     * Assumed decode speed before any measurement, tokens/s; default {@link
     * #DEFAULT_DECODE_TOKENS_PER_SECOND}.
     */
    public Builder decodeTokensPerSecond(double rate) {
      this.decodeRate = positive(rate, "decodeTokensPerSecond");
      return this;
    }

    /**
     * Assumed completion length before any measurement, tokens; default {@link
     * #DEFAULT_OUTPUT_TOKENS}.
     */
    public Builder outputTokens(double tokens) {
      this.outputTokens = positive(tokens, "outputTokens");
      return this;
    }

    /**
     * How much busier than average a conversation's node may be before the conversation moves;
     * default {@link #DEFAULT_AFFINITY_LOAD_FACTOR}. Lower spreads load more evenly, higher keeps
     * prompt caches warmer.
     */
    public Builder affinityLoadFactor(double factor) {
      if (factor < 1) {
        throw new IllegalArgumentException("affinityLoadFactor must be at least 1, was " + factor);
      }
      this.affinityLoadFactor = factor;
      return this;
    }

    /**
     * Share of the prompt assumed cached on a conversation's own node, in [0, 1); default {@link
     * #DEFAULT_CACHED_PROMPT_FRACTION}.
     */
    public Builder cachedPromptFraction(double fraction) {
      if (fraction < 0 || fraction >= 1) {
        throw new IllegalArgumentException(
            "cachedPromptFraction must be in [0, 1), was " + fraction);
      }
      this.cachedFraction = fraction;
      return this;
    }

    /**
     * Milliseconds added at a 100 % recent error rate; default {@link
     * #DEFAULT_ERROR_PENALTY_MILLIS}.
     */
    public Builder errorPenaltyMillis(double millis) {
      this.errorPenalty = nonNegative(millis, "errorPenaltyMillis");
      return this;
    }

    /**
     * Milliseconds added right after a 503 "busy"; default {@link #DEFAULT_BUSY_PENALTY_MILLIS}.
     */
    public Builder busyPenaltyMillis(double millis) {
      this.busyPenalty = nonNegative(millis, "busyPenaltyMillis");
      return this;
    }

    /**
     * How many models a node keeps in memory at once, as far as the balancer assumes between two
     * reads of {@code /api/ps}; default {@link #DEFAULT_RESIDENT_MODELS_PER_NODE}. Set it to the
     * nodes' {@code OLLAMA_MAX_LOADED_MODELS} (or to what their memory holds, if less): too high
     * and the balancer spreads models that then evict each other, too low and it packs them.
     */
    public Builder residentModelsPerNode(int models) {
      if (models < 1 || models > 64) {
        throw new IllegalArgumentException(
            "residentModelsPerNode must be between 1 and 64, was " + models);
      }
      this.residentModels = models;
      return this;
    }

    public LlmAwareBalancer build() {
      return new LlmAwareBalancer(this);
    }

    private static double positive(double v, String name) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
      return v;
    }

    private static double nonNegative(double v, String name) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must not be negative, was " + v);
      }
      return v;
    }
  }
}
