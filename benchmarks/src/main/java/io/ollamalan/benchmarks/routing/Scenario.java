package io.ollamalan.benchmarks.routing;

import io.ollamalan.testkit.SchedulerConfig;
import java.time.Duration;
import java.util.List;

/**
 * The simulated fleet and the workload replayed on it.
 *
 * @param nodes one scheduler configuration per node
 * @param workload what the generator draws from
 * @param timeScale simulated seconds per wall-clock second, on every node
 * @param drainMillis simulated time after the arrival window during which calls still in flight may
 *     finish (they count for latency, not for throughput)
 */
public record Scenario(
    List<SchedulerConfig> nodes, Workload.Spec workload, double timeScale, long drainMillis) {

  /** Default seed of the simulation. */
  public static final long DEFAULT_SEED = 42;

  /** Default arrival window: 20 simulated minutes. */
  public static final long DEFAULT_DURATION_MILLIS = 20 * 60_000L;

  /** The window of {@code --quick}: 6 simulated minutes. */
  public static final long QUICK_DURATION_MILLIS = 6 * 60_000L;

  /** Simulated seconds per wall second. */
  public static final double DEFAULT_TIME_SCALE = 50;

  public Scenario {
    nodes = List.copyOf(nodes);
  }

  /** The three models: a popular 8B, a slower-to-load 14B and a small 3B. */
  public static List<SimModel> defaultModels() {
    return List.of(
        new SimModel("llama3.1:8b", 4_900_000_000L, Duration.ofSeconds(6), 0.45),
        new SimModel("qwen2.5:14b", 9_000_000_000L, Duration.ofSeconds(12), 0.30),
        new SimModel("llama3.2:3b", 2_000_000_000L, Duration.ofSeconds(3), 0.25));
  }

  /**
   * Four nodes with room for two of the three models each ({@code OLLAMA_MAX_LOADED_MODELS=2}),
   * {@code OLLAMA_NUM_PARALLEL=2}, {@code OLLAMA_MAX_QUEUE=32}: two faster GPUs and two slower
   * ones. Conversations arrive at 14 a minute, 3 to 8 turns each, 15 s mean think time.
   */
  public static Scenario defaults(long seed, long durationMillis) {
    List<SchedulerConfig> nodes =
        List.of(node(900, 45), node(900, 45), node(450, 25), node(450, 25));
    Workload.Spec spec =
        new Workload.Spec(
            seed, durationMillis, 14, defaultModels(), 4, 3, 8, 15_000, 20, 120, 60, 300);
    return new Scenario(nodes, spec, DEFAULT_TIME_SCALE, 3 * 60_000L);
  }

  private static SchedulerConfig node(double prefill, double decode) {
    return SchedulerConfig.builder()
        .numParallel(2)
        .maxLoadedModels(2)
        .memoryBytes(16_000_000_000L)
        .maxQueue(32)
        .prefillTokensPerSecond(prefill)
        .decodeTokensPerSecond(decode)
        .defaultContextLength(8192)
        .timeScale(DEFAULT_TIME_SCALE)
        .build();
  }
}
