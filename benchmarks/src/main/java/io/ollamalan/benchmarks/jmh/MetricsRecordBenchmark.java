package io.ollamalan.benchmarks.jmh;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ollamalan.CallRecord;
import io.ollamalan.observability.OllamaMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link OllamaMetrics} costs per call, alone: the end of one successful chat recorded from 4
 * threads into the same meters (one node, one model), as the full stack does after every call.
 * {@code binding} is {@code defaults} (client-side percentiles), {@code histogram} (percentile
 * histogram buckets, no client-side percentiles) or {@code plain} (count, sum and max only); {@code
 * registry} is Micrometer's simple registry or Prometheus'.
 *
 * <p>Run with {@code -prof gc} for the allocation per recorded call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(4)
public class MetricsRecordBenchmark {

  /** The binding under test and a call record like the full stack's. */
  @State(Scope.Benchmark)
  public static class Binding {
    @Param({"defaults", "histogram", "plain"})
    public String binding;

    @Param({"simple", "prometheus"})
    public String registry;

    OllamaMetrics metrics;
    CallRecord record;

    @Setup(Level.Trial)
    public void setUp() {
      MeterRegistry r =
          registry.equals("prometheus")
              ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
              : new SimpleMeterRegistry();
      OllamaMetrics.Builder b = OllamaMetrics.builder(r);
      switch (binding) {
        case "defaults" -> {}
        case "histogram" -> b.percentiles().percentileHistogram(true);
        case "plain" -> b.percentiles();
        default -> throw new IllegalArgumentException("no binding " + binding);
      }
      metrics = b.build();
      record =
          new CallRecord(
              "req-1",
              "chat",
              "llama3.2:latest",
              "http://127.0.0.11:11434",
              null,
              false,
              null,
              1_800_000L,
              0,
              1,
              false,
              24,
              16,
              400_000_000L,
              0,
              Map.of());
    }
  }

  @Benchmark
  public void onCallEnd(Binding b) {
    b.metrics.onCallEnd(b.record);
  }
}
