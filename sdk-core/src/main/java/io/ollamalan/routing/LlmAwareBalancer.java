package io.ollamalan.routing;

import io.ollamalan.OllamaException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Places LLM calls the way a scheduler that knows Ollama would: it predicts, for each candidate,
 * how many milliseconds the call would take there, and ranks by that prediction.
 *
 * <ul>
 *   <li><b>Model residency.</b> A node that does not hold the model pays a cold load (its measured
 *       {@code load_duration}, or {@link Builder#coldLoadMillis} before any measurement). Whether a
 *       node holds a model is what the node has shown ({@link NodeView#modelWarm()}): its latest
 *       {@code /api/ps}, the calls the client sent there since, and their {@code load_duration}.
 *   <li><b>Eviction.</b> When the node is known to be full ({@link NodeView#loadEvicts()}, learned
 *       from what it evicted), a load there pushes out a model that others then pay to load again:
 *       such a node costs the load twice.
 *   <li><b>Keeping models where they are.</b> While a healthy node holds the model, a node that
 *       would have to load it is ranked only when it has room for the model (it is not known to be
 *       full, see {@link NodeView#loadEvicts()}) and the load pays for itself {@value
 *       #FREE_MEMORY_HYSTERESIS} times over against waiting for a holder's slot. A load into memory
 *       that holds nothing adds capacity to the fleet; a load on a full node only trades one
 *       model's capacity for another's and costs a load again later, so it is never made while the
 *       model has a healthy holder, however long the queue: under overload models stay where they
 *       are and calls wait their turn, instead of every model spreading to every node and the nodes
 *       thrashing. When no healthy node holds it, a node that must load it competes on its
 *       prediction alone.
 *   <li><b>Load.</b> Calls beyond a node's admission limit wait: the prediction adds the calls
 *       ahead (those in flight beyond the limit and the node's share of the calls for the model
 *       waiting in the client) times the node's service time for the model.
 *   <li><b>Speed.</b> Prefill and decode times come from moving averages of Ollama's own timing
 *       fields for this node and model ({@code prompt_eval_*}, {@code eval_*}).
 *   <li><b>Conversation affinity.</b> A call with an affinity key (a conversation) is predicted
 *       with its prompt mostly cached on the node its previous call actually went to (the router
 *       reports each placement through {@link #placed}); only that node gets the discount. Among
 *       equal predictions a new key is placed by rendezvous hashing, so equal nodes share new
 *       conversations evenly and removing a node moves only its own.
 *   <li><b>Health.</b> Recent failures and 503 "busy" answers add penalties, so that a node that
 *       fails fast does not look idle.
 * </ul>
 *
 * <p>It keeps one small map: the last node of the last {@value #MAX_REMEMBERED_KEYS} affinity keys.
 * Ranking takes no lock shared by all calls.
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

  /** Default {@link Builder#cachedPromptFraction}: 0.9. */
  public static final double DEFAULT_CACHED_PROMPT_FRACTION = 0.9;

  /** Default {@link Builder#errorPenaltyMillis}: 30 s at a 100 % recent error rate. */
  public static final double DEFAULT_ERROR_PENALTY_MILLIS = 30_000;

  /** Default {@link Builder#busyPenaltyMillis}: 5 s right after a 503. */
  public static final double DEFAULT_BUSY_PENALTY_MILLIS = 5_000;

  /**
   * How many times over a load on a node with room for the model must pay for itself, against
   * waiting for a healthy node that holds the model: the load costs its time, once, and the margin
   * absorbs the roughness of the predictions.
   */
  static final int FREE_MEMORY_HYSTERESIS = 2;

  /**
   * A holder with a recent error rate at or above this (one recent failure not yet outweighed by a
   * success) is not relied on to keep the model: other nodes compete with it on prediction alone.
   */
  static final double UNHEALTHY_ERROR_RATE = 0.2;

  private static final String ANY_AFFINITY = "any, prompt-cache affinity";
  private static final String WARM_AFFINITY = "warm, prompt-cache affinity";
  private static final String SHOWN_AFFINITY = "warm (shown), prompt-cache affinity";

  /** Affinity keys whose last node is remembered. */
  static final int MAX_REMEMBERED_KEYS = 65_536;

  private final double coldLoadMillis;
  private final double prefillRate;
  private final double decodeRate;
  private final double outputTokens;
  private final double cachedFraction;
  private final double errorPenalty;
  private final double busyPenalty;

  private final ConcurrentHashMap<String, String> lastNodeByKey = new ConcurrentHashMap<>();

  private LlmAwareBalancer(Builder b) {
    this.coldLoadMillis = b.coldLoadMillis;
    this.prefillRate = b.prefillRate;
    this.decodeRate = b.decodeRate;
    this.outputTokens = b.outputTokens;
    this.cachedFraction = b.cachedFraction;
    this.errorPenalty = b.errorPenalty;
    this.busyPenalty = b.busyPenalty;
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
    String model = request.model();
    String key = request.affinityKey();
    String last = key == null ? null : lastNodeByKey.get(key);
    int n = candidates.size();
    int warmLimits = 0;
    for (int i = 0; i < n; i++) {
      NodeView v = candidates.get(i);
      if (model == null || v.modelWarm()) {
        warmLimits += Math.max(1, v.concurrencyLimit());
      }
    }
    double[] scores = new double[n];
    double bestWarm = Double.POSITIVE_INFINITY;
    boolean healthyHolder = false;
    for (int i = 0; i < n; i++) {
      NodeView v = candidates.get(i);
      boolean warm = model == null || v.modelWarm();
      scores[i] = predict(request, v, warm, v.id().equals(last), warmLimits);
      if (warm) {
        bestWarm = Math.min(bestWarm, scores[i]);
        healthyHolder |= healthy(v);
      }
    }
    List<Choice> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      NodeView v = candidates.get(i);
      boolean warm = model == null || v.modelWarm();
      if (!warm && !worthLoading(request, v, scores[i], bestWarm, healthyHolder)) {
        // A holder of the model is to be waited for rather than the model loaded here.
        continue;
      }
      out.add(new Choice(v, scores[i], reason(request, v, warm, v.id().equals(last))));
    }
    if (out.size() > 1) {
      sort(out, key);
    }
    return out;
  }

  /**
   * Whether a node that does not hold the model is to be ranked at all. With no healthy holder, it
   * is when it is predicted sooner than the best holder. While a healthy node holds the model, only
   * a node with room for it is, and only when the holder's predicted wait exceeds this node's
   * prediction with the load counted {@value #FREE_MEMORY_HYSTERESIS} times: predictions are rough,
   * and a load on a full node evicts a model that some other call then pays to load again, which
   * under load turns into loads and evictions over and over.
   */
  private boolean worthLoading(
      RouteRequest request, NodeView v, double score, double bestWarm, boolean healthyHolder) {
    if (!healthyHolder) {
      return score < bestWarm;
    }
    if (v.loadEvicts()) {
      return false;
    }
    double cost = loadCost(v, v.stats());
    return score + (FREE_MEMORY_HYSTERESIS - 1) * cost < bestWarm;
  }

  /** A holder that is not failing: the model is better waited for there than loaded elsewhere. */
  private static boolean healthy(NodeView v) {
    return v.recentErrorRate() < UNHEALTHY_ERROR_RATE;
  }

  /** The load and eviction a node that does not hold the model pays for it, in milliseconds. */
  private double loadCost(NodeView v, ModelStats s) {
    double load = s.loadMillis() > 0 ? s.loadMillis() : coldLoadMillis;
    return v.loadEvicts() ? 2 * load : load;
  }

  /** Best prediction first; equal predictions in the key's rendezvous-hash order. */
  private static void sort(List<Choice> out, @Nullable String key) {
    int h = key == null ? 0 : key.hashCode();
    out.sort(
        (a, b) -> {
          int c = Double.compare(a.score(), b.score());
          if (c != 0) {
            return c;
          }
          return Double.compare(rendezvousWeight(h, b.node()), rendezvousWeight(h, a.node()));
        });
  }

  /** Predicted milliseconds to complete the call on {@code v}. */
  private double predict(
      RouteRequest request, NodeView v, boolean warm, boolean owner, int warmLimits) {
    ModelStats s = v.stats();
    double prefill = s.prefillTokensPerSecond() > 0 ? s.prefillTokensPerSecond() : prefillRate;
    double decode = s.decodeTokensPerSecond() > 0 ? s.decodeTokensPerSecond() : decodeRate;
    double out = s.outputTokens() > 0 ? s.outputTokens() : outputTokens;
    boolean generative =
        !"embed".equals(request.operation()) && !"embeddings".equals(request.operation());
    double load = warm ? 0 : loadCost(v, s);
    double uncached = request.promptTokens() * (owner ? 1 - cachedFraction : 1);
    double service =
        Math.max(1, uncached / prefill * 1000 + (generative ? out / decode * 1000 : 0));
    int limit = Math.max(1, v.concurrencyLimit());
    double backlog = warm && warmLimits > 0 ? (double) request.queued() * limit / warmLimits : 0;
    double ahead = Math.max(0, v.modelInFlight() + 1 - limit) + backlog;
    double queue = ahead / limit * service;
    // Calls of other models share the node's compute and memory: a small cost per call in flight,
    // which also breaks ties toward the less busy node.
    double share =
        (v.modelInFlight() + 0.25 * (v.inFlight() - v.modelInFlight())) * 0.05 * service / limit;
    double penalties = v.recentErrorRate() * errorPenalty + v.busyPenalty() * busyPenalty;
    return load + queue + share + service + penalties;
  }

  private String reason(RouteRequest request, NodeView v, boolean warm, boolean owner) {
    String base =
        request.model() == null ? "any" : v.modelLoaded() ? "warm" : warm ? "warm (shown)" : null;
    boolean penalties = v.recentErrorRate() > 0 || v.busyPenalty() > 0;
    boolean atLimit = v.modelInFlight() >= Math.max(1, v.concurrencyLimit());
    if (base != null && !penalties && !atLimit) {
      // The common cases allocate no reason string.
      return owner ? withAffinity(base) : base;
    }
    StringBuilder why = new StringBuilder(48);
    why.append(base != null ? base : "cold load");
    if (!warm && v.loadEvicts()) {
      why.append(", evicts a model");
    }
    if (owner) {
      why.append(", prompt-cache affinity");
    }
    if (atLimit) {
      why.append(", at limit");
    }
    if (penalties) {
      why.append(", penalty");
    }
    return why.toString();
  }

  /** {@code base}, one of the three constant bases above, with the affinity note, as a constant. */
  private static String withAffinity(String base) {
    return switch (base) {
      case "any" -> ANY_AFFINITY;
      case "warm" -> WARM_AFFINITY;
      default -> SHOWN_AFFINITY;
    };
  }

  /** The router sent the call to {@code nodeId}: the key's next call is cheapest there. */
  @Override
  public void placed(RouteRequest request, String nodeId) {
    String key = request.affinityKey();
    // Most calls of a key go where its last one went: a read, which takes no lock, settles them.
    if (key == null || nodeId.equals(lastNodeByKey.get(key))) {
      return;
    }
    if (lastNodeByKey.put(key, nodeId) == null && lastNodeByKey.size() > MAX_REMEMBERED_KEYS) {
      // Rare: drop a slice of keys (the map has no order) rather than grow without bound.
      Iterator<String> it = lastNodeByKey.keySet().iterator();
      for (int i = 0; i < MAX_REMEMBERED_KEYS / 16 && it.hasNext(); i++) {
        it.next();
        it.remove();
      }
    }
  }

  /**
   * A call ended; a failure the node is to blame for loses the key's affinity, so that the next
   * call is placed afresh instead of preferring a node that just failed.
   */
  @Override
  public void ended(RouteRequest request, String nodeId, @Nullable OllamaException failure) {
    String key = request.affinityKey();
    if (key != null && failure != null && failure.isRetryableOnAnotherNode()) {
      lastNodeByKey.remove(key, nodeId);
    }
  }

  /** The node the key's last call went to, or null; for tests. */
  @Nullable String lastNode(String key) {
    return lastNodeByKey.get(key);
  }

  private static double rendezvousWeight(int keyHash, NodeView v) {
    long h = mix(keyHash * 0x9E3779B97F4A7C15L ^ v.id().hashCode());
    double u = ((h >>> 11) + 1) * 0x1.0p-53;
    return -v.node().weight() / Math.log(u);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Settings of the LLM-aware balancer. */
  public static final class Builder {
    private double coldLoadMillis = DEFAULT_COLD_LOAD_MILLIS;
    private double prefillRate = DEFAULT_PREFILL_TOKENS_PER_SECOND;
    private double decodeRate = DEFAULT_DECODE_TOKENS_PER_SECOND;
    private double outputTokens = DEFAULT_OUTPUT_TOKENS;
    private double cachedFraction = DEFAULT_CACHED_PROMPT_FRACTION;
    private double errorPenalty = DEFAULT_ERROR_PENALTY_MILLIS;
    private double busyPenalty = DEFAULT_BUSY_PENALTY_MILLIS;

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
