package io.ollamalan.benchmarks.routing;

import io.ollamalan.testkit.SchedulerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated fleet and the workload replayed on it.
 *
 * @param nodes one scheduler configuration per node, in the order the client is given them
 * @param initiallyLoaded per node, the models it holds in memory when the run starts (the same for
 *     every strategy of a run)
 * @param workload what the generator draws from
 * @param timeScale simulated seconds per wall-clock second, on every node
 * @param drainMillis simulated time after the arrival window during which calls still in flight may
 *     finish (they count for latency, not for throughput)
 */
public record Scenario(
    List<SchedulerConfig> nodes,
    List<List<String>> initiallyLoaded,
    Workload.Spec workload,
    double timeScale,
    long drainMillis) {

  /** The seeds every scenario runs with. */
  public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L);

  /** Default arrival window: 8 simulated minutes. */
  public static final long DEFAULT_DURATION_MILLIS = 8 * 60_000L;

  /** The window of {@code --quick}: 4 simulated minutes. */
  public static final long QUICK_DURATION_MILLIS = 4 * 60_000L;

  /** Simulated seconds per wall second. */
  public static final double DEFAULT_TIME_SCALE = 50;

  public Scenario {
    nodes = List.copyOf(nodes);
    List<List<String>> loaded = new ArrayList<>();
    for (List<String> l : initiallyLoaded) {
      loaded.add(List.copyOf(l));
    }
    initiallyLoaded = List.copyOf(loaded);
    if (initiallyLoaded.size() != nodes.size()) {
      throw new IllegalArgumentException("one list of loaded models per node");
    }
  }

  /** The three models: a popular 8B, a slower-to-load 14B and a small 3B. */
  public static List<SimModel> defaultModels() {
    return List.of(
        new SimModel("llama3.1:8b", 4_900_000_000L, Duration.ofSeconds(6), 0.45),
        new SimModel("qwen2.5:14b", 9_000_000_000L, Duration.ofSeconds(12), 0.30),
        new SimModel("llama3.2:3b", 2_000_000_000L, Duration.ofSeconds(3), 0.25));
  }

  /**
   * The load levels: new conversations per simulated minute. The fleet below serves about 20 a
   * minute at most; 40 is twice what it can.
   */
  public static final Map<String, Double> RATES = rates();

  private static Map<String, Double> rates() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("light", 6.0);
    m.put("moderate", 14.0);
    m.put("beyond capacity", 40.0);
    return m;
  }

  /**
   * Four unequal nodes, {@code OLLAMA_NUM_PARALLEL=2} and {@code OLLAMA_MAX_QUEUE=32}: a fast one
   * with room for all three models, a fast one with room for two, a slow one with room for three
   * and a slow one with room for two. Conversations arrive at {@code perMinute}, 3 to 8 turns each,
   * 15 s mean think time. Nothing here is told to the client.
   *
   * <p>The seed also draws what no strategy may choose: the order in which the client is given the
   * nodes (a baseline that breaks ties by that order must not always find the fast nodes first),
   * and the models each node holds when the run starts, as a fleet that has served before: for each
   * node, up to as many models as fit, picked at random. Every strategy of a run starts from that
   * same state, so that the luck of which node happened to load the busiest model first is the
   * seed's, not the run's.
   */
  public static Scenario of(long seed, long durationMillis, double perMinute) {
    List<SchedulerConfig> nodes =
        new ArrayList<>(
            List.of(node(900, 45, 3), node(900, 45, 2), node(450, 25, 3), node(450, 25, 2)));
    Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + 17);
    Collections.shuffle(nodes, rnd);
    List<SimModel> models = defaultModels();
    List<List<String>> loaded = new ArrayList<>();
    for (SchedulerConfig node : nodes) {
      List<SimModel> shuffled = new ArrayList<>(models);
      Collections.shuffle(shuffled, rnd);
      int count = rnd.nextInt(node.maxLoadedModels() + 1);
      List<String> names = new ArrayList<>();
      for (SimModel m : shuffled.subList(0, count)) {
        names.add(m.name());
      }
      loaded.add(names);
    }
    Workload.Spec spec =
        new Workload.Spec(
            seed, durationMillis, perMinute, models, 4, 3, 8, 15_000, 20, 120, 60, 300);
    return new Scenario(nodes, loaded, spec, DEFAULT_TIME_SCALE, 3 * 60_000L);
  }

  private static SchedulerConfig node(double prefill, double decode, int models) {
    return SchedulerConfig.builder()
        .numParallel(2)
        .maxLoadedModels(models)
        .memoryBytes(models == 3 ? 24_000_000_000L : 16_000_000_000L)
        .maxQueue(32)
        .prefillTokensPerSecond(prefill)
        .decodeTokensPerSecond(decode)
        .defaultContextLength(8192)
        .timeScale(DEFAULT_TIME_SCALE)
        .build();
  }
}
