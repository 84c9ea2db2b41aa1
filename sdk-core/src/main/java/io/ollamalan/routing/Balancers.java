package io.ollamalan.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** The built-in balancing strategies. */
public final class Balancers {
  private Balancers() {}

  /**
   * Each call to the next candidate in turn, ignoring load and models: what most proxies do. The
   * baseline the other strategies are measured against.
   */
  public static Balancer roundRobin() {
    return new RoundRobin();
  }

  /**
   * Power of two choices: of two random candidates, the one with fewer calls in flight (relative to
   * its admission limit). Knows nothing about models.
   */
  public static Balancer leastOutstanding() {
    return new LeastOutstanding(null);
  }

  static Balancer leastOutstanding(Random random) {
    return new LeastOutstanding(random);
  }

  /** The default: {@link LlmAwareBalancer} with its default settings. */
  public static Balancer llmAware() {
    return LlmAwareBalancer.builder().build();
  }

  private static final class RoundRobin implements Balancer {
    private final AtomicLong next = new AtomicLong();

    @Override
    public String name() {
      return "round-robin";
    }

    @Override
    public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
      int n = candidates.size();
      int start = (int) Math.floorMod(next.getAndIncrement(), (long) n);
      List<Choice> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(
            new Choice(candidates.get((start + i) % n), i, i == 0 ? "next in turn" : "in turn"));
      }
      return out;
    }
  }

  private static final class LeastOutstanding implements Balancer {
    /** Null draws from {@link ThreadLocalRandom}, so that concurrent calls share no generator. */
    private final @Nullable Random random;

    LeastOutstanding(@Nullable Random random) {
      this.random = random;
    }

    @Override
    public String name() {
      return "least-outstanding";
    }

    @Override
    public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
      int n = candidates.size();
      List<Choice> out = new ArrayList<>(n);
      if (n == 1) {
        out.add(new Choice(candidates.get(0), candidates.get(0).utilization(), "only candidate"));
        return out;
      }
      Random r = random != null ? random : ThreadLocalRandom.current();
      int a = r.nextInt(n);
      int b = r.nextInt(n - 1);
      if (b >= a) {
        b++;
      }
      NodeView x = candidates.get(a);
      NodeView y = candidates.get(b);
      NodeView first = y.utilization() < x.utilization() ? y : x;
      NodeView second = first == x ? y : x;
      out.add(new Choice(first, first.utilization(), "fewer in flight of two random"));
      out.add(new Choice(second, second.utilization(), "more in flight of two random"));
      List<NodeView> rest = new ArrayList<>(candidates);
      rest.remove(first);
      rest.remove(second);
      rest.sort(Comparator.comparingDouble(NodeView::utilization));
      for (NodeView v : rest) {
        out.add(new Choice(v, v.utilization(), "fallback by load"));
      }
      return out;
    }
  }
}
