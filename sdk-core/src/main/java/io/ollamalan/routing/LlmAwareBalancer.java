package io.ollamalan.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Places LLM calls the way a scheduler that knows Ollama would: it predicts, for each candidate,
 * how many milliseconds the call would take there, and ranks by that prediction.
 *
 * <ul>
 *   <li><b>Model residency.</b> A node that does not hold the model in memory pays a cold load
 *       (its measured {@code load_duration}, or {@link Builder#coldLoadMillis} before any
 *       measurement): a warm node wins unless it is badly overloaded.
 *   <li><b>Load.</b> Calls beyond the node's admission limit wait for a slot: the prediction adds
 *       the queue ahead times the node's service time for the model.
 *   <li><b>Speed.</b> Prefill and decode times come from moving averages of Ollama's own timing
 *       fields for this node and model ({@code prompt_eval_*}, {@code eval_*}).
 *   <li><b>Conversation affinity.</b> Calls with the same affinity key (a conversation) go to the
 *       same node, chosen by weighted rendezvous hashing, so that the node's prompt cache stays
 *       warm; only cached prompt tokens are assumed free. The choice is bounded: a node holding
 *       more than {@link Builder#affinityLoadFactor} times the average load gives the key up to
 *       the next node in hash order.
 *   <li><b>Health.</b> Recent failures and 503 "busy" answers add penalties, so that a node that
 *       fails fast does not look idle.
 * </ul>
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

  private final double coldLoadMillis;
  private final double prefillRate;
  private final double decodeRate;
  private final double outputTokens;
  private final double affinityLoadFactor;
  private final double cachedFraction;
  private final double errorPenalty;
  private final double busyPenalty;

  private LlmAwareBalancer(Builder b) {
    this.coldLoadMillis = b.coldLoadMillis;
    this.prefillRate = b.prefillRate;
    this.decodeRate = b.decodeRate;
    this.outputTokens = b.outputTokens;
    this.affinityLoadFactor = b.affinityLoadFactor;
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
    NodeView owner = request.affinityKey() == null ? null : affinityOwner(request.affinityKey(), candidates);
    List<Choice> out = new ArrayList<>(candidates.size());
    for (NodeView v : candidates) {
      out.add(score(request, v, v == owner));
    }
    out.sort(Comparator.comparingDouble(Choice::score));
    return out;
  }

  private Choice score(RouteRequest request, NodeView v, boolean owner) {
    ModelStats s = v.stats();
    double prefill = s.prefillTokensPerSecond() > 0 ? s.prefillTokensPerSecond() : prefillRate;
    double decode = s.decodeTokensPerSecond() > 0 ? s.decodeTokensPerSecond() : decodeRate;
    double out = s.outputTokens() > 0 ? s.outputTokens() : outputTokens;
    boolean generative = !"embed".equals(request.operation()) && !"embeddings".equals(request.operation());

    double load = v.modelLoaded() || request.model() == null ? 0
        : (s.loadMillis() > 0 ? s.loadMillis() : coldLoadMillis);
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
    double total = load + queue + share + prefillMs + decodeMs + penalties;

    StringBuilder why = new StringBuilder();
    why.append(v.modelLoaded() ? "warm" : (request.model() == null ? "any" : "cold load ~"
        + Math.round(load) + " ms"));
    if (owner) {
      why.append(", prompt-cache affinity");
    }
    if (ahead > 0) {
      why.append(", ").append((int) ahead).append(" queued");
    }
    if (penalties > 0) {
      why.append(String.format(Locale.ROOT, ", penalty %.0f ms", penalties));
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

    private Builder() {}

    /**
     * Assumed cold-load time of a model on a node that never loaded it while the client watched,
     * in milliseconds; default {@link #DEFAULT_COLD_LOAD_MILLIS}. Raise it for large models on
     * slow disks so that warm nodes are preferred harder.
     */
    public Builder coldLoadMillis(double millis) {
      this.coldLoadMillis = nonNegative(millis, "coldLoadMillis");
      return this;
    }

    /** Assumed prefill speed before any measurement, tokens/s; default {@link #DEFAULT_PREFILL_TOKENS_PER_SECOND}. */
    public Builder prefillTokensPerSecond(double rate) {
      this.prefillRate = positive(rate, "prefillTokensPerSecond");
      return this;
    }

    /** Assumed decode speed before any measurement, tokens/s; default {@link #DEFAULT_DECODE_TOKENS_PER_SECOND}. */
    public Builder decodeTokensPerSecond(double rate) {
      this.decodeRate = positive(rate, "decodeTokensPerSecond");
      return this;
    }

    /** Assumed completion length before any measurement, tokens; default {@link #DEFAULT_OUTPUT_TOKENS}. */
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
        throw new IllegalArgumentException("cachedPromptFraction must be in [0, 1), was " + fraction);
      }
      this.cachedFraction = fraction;
      return this;
    }

    /** Milliseconds added at a 100 % recent error rate; default {@link #DEFAULT_ERROR_PENALTY_MILLIS}. */
    public Builder errorPenaltyMillis(double millis) {
      this.errorPenalty = nonNegative(millis, "errorPenaltyMillis");
      return this;
    }

    /** Milliseconds added right after a 503 "busy"; default {@link #DEFAULT_BUSY_PENALTY_MILLIS}. */
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
