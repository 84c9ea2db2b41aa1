package io.ollamalan.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link FakeOllamaNode} schedules inference: parallel slots, loaded-model limits, the
 * pending-load queue, keep-alive, load time, prefill/decode rates and time scaling. Immutable;
 * build it with {@link #builder()}.
 *
 * <p>The defaults suit benchmarks of a client: 1024 parallel slots per model, instant loads and
 * unlimited token rates. {@link #ollamaDefaults()} mirrors a stock Ollama server instead.
 */
public final class SchedulerConfig {

  private final int numParallel;
  private final int maxLoadedModels;
  private final long memoryBytes;
  private final int maxQueue;
  private final Duration keepAlive;
  private final long loadBytesPerSecond;
  private final double prefillTokensPerSecond;
  private final double decodeTokensPerSecond;
  private final double timeScale;
  private final int defaultContextLength;

  private SchedulerConfig(Builder b) {
    this.numParallel = b.numParallel;
    this.maxLoadedModels = b.maxLoadedModels;
    this.memoryBytes = b.memoryBytes;
    this.maxQueue = b.maxQueue;
    this.keepAlive = b.keepAlive;
    this.loadBytesPerSecond = b.loadBytesPerSecond;
    this.prefillTokensPerSecond = b.prefillTokensPerSecond;
    this.decodeTokensPerSecond = b.decodeTokensPerSecond;
    this.timeScale = b.timeScale;
    this.defaultContextLength = b.defaultContextLength;
  }

  /** The testkit defaults (see the class comment). */
  public static SchedulerConfig defaults() {
    return builder().build();
  }

  /**
   * Stock Ollama behaviour: {@code OLLAMA_NUM_PARALLEL=1}, 3 loaded models, queue of 512,
   * keep-alive 5m; loads are still instant and rates unlimited unless set.
   */
  public static SchedulerConfig ollamaDefaults() {
    return builder().numParallel(1).build();
  }

  /** A builder holding the testkit defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.numParallel = numParallel;
    b.maxLoadedModels = maxLoadedModels;
    b.memoryBytes = memoryBytes;
    b.maxQueue = maxQueue;
    b.keepAlive = keepAlive;
    b.loadBytesPerSecond = loadBytesPerSecond;
    b.prefillTokensPerSecond = prefillTokensPerSecond;
    b.decodeTokensPerSecond = decodeTokensPerSecond;
    b.timeScale = timeScale;
    b.defaultContextLength = defaultContextLength;
    return b;
  }

  /** Concurrent requests per loaded model ({@code OLLAMA_NUM_PARALLEL}); default 1024. */
  public int numParallel() {
    return numParallel;
  }

  /** Maximum loaded models ({@code OLLAMA_MAX_LOADED_MODELS}); default 3. */
  public int maxLoadedModels() {
    return maxLoadedModels;
  }

  /** Memory budget in bytes for loaded models; default {@link Long#MAX_VALUE} (unlimited). */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** Capacity of the pending-load queue ({@code OLLAMA_MAX_QUEUE}); default 512. */
  public int maxQueue() {
    return maxQueue;
  }

  /** Keep-alive when a request gives none ({@code OLLAMA_KEEP_ALIVE}); default 5 minutes. */
  public Duration keepAlive() {
    return keepAlive;
  }

  /** Simulated load speed in bytes per second; 0 (default) loads instantly. */
  public long loadBytesPerSecond() {
    return loadBytesPerSecond;
  }

  /** Prompt evaluation rate in tokens per simulated second; 0 (default) is instant. */
  public double prefillTokensPerSecond() {
    return prefillTokensPerSecond;
  }

  /** Generation rate in tokens per simulated second; 0 (default) is as fast as possible. */
  public double decodeTokensPerSecond() {
    return decodeTokensPerSecond;
  }

  /** Simulated seconds per wall-clock second; default 1.0. */
  public double timeScale() {
    return timeScale;
  }

  /** Per-slot context ({@code num_ctx}) when a request gives none; default 4096. */
  public int defaultContextLength() {
    return defaultContextLength;
  }

  @Override
  public String toString() {
    return "SchedulerConfig{numParallel="
        + numParallel
        + ", maxLoadedModels="
        + maxLoadedModels
        + ", memoryBytes="
        + memoryBytes
        + ", maxQueue="
        + maxQueue
        + ", keepAlive="
        + keepAlive
        + ", loadBytesPerSecond="
        + loadBytesPerSecond
        + ", prefill="
        + prefillTokensPerSecond
        + ", decode="
        + decodeTokensPerSecond
        + ", timeScale="
        + timeScale
        + "}";
  }

  /** Builder for {@link SchedulerConfig}. */
  public static final class Builder {
    private int numParallel = 1024;
    private int maxLoadedModels = 3;
    private long memoryBytes = Long.MAX_VALUE;
    private int maxQueue = 512;
    private Duration keepAlive = Duration.ofMinutes(5);
    private long loadBytesPerSecond;
    private double prefillTokensPerSecond;
    private double decodeTokensPerSecond;
    private double timeScale = 1.0;
    private int defaultContextLength = 4096;

    private Builder() {}

    /** Concurrent requests per loaded model; at least 1. Default 1024. */
    public Builder numParallel(int n) {
      this.numParallel = positive(n, "numParallel");
      return this;
    }

    /** Maximum loaded models; at least 1. Default 3. */
    public Builder maxLoadedModels(int n) {
      this.maxLoadedModels = positive(n, "maxLoadedModels");
      return this;
    }

    /**
     * Memory budget in bytes (sum of {@link FakeModel#sizeBytes()} of loaded models). A model is
     * loaded alone even if it does not fit, as Ollama does with a partial GPU offload. Default
     * unlimited.
     */
    public Builder memoryBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("memoryBytes must be positive: " + bytes);
      }
      this.memoryBytes = bytes;
      return this;
    }

    /** Pending-load queue capacity; a full queue answers 503. At least 1. Default 512. */
    public Builder maxQueue(int n) {
      this.maxQueue = positive(n, "maxQueue");
      return this;
    }

    /** Default keep-alive; zero unloads when idle, negative keeps forever. Default 5 minutes. */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /** Load speed in bytes per simulated second; 0 (default) loads instantly. */
    public Builder loadBytesPerSecond(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("loadBytesPerSecond must not be negative");
      }
      this.loadBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Prompt tokens evaluated per simulated second; 0 (default) is instant. */
    public Builder prefillTokensPerSecond(double rate) {
      this.prefillTokensPerSecond = nonNegative(rate, "prefillTokensPerSecond");
      return this;
    }

    /** Tokens generated per simulated second; 0 (default) is as fast as possible. */
    public Builder decodeTokensPerSecond(double rate) {
      this.decodeTokensPerSecond = nonNegative(rate, "decodeTokensPerSecond");
      return this;
    }

    /**
     * Runs simulated time this many times faster than the wall clock, e.g. 60 makes one simulated
     * minute last one second. Reported durations stay in simulated nanoseconds. Default 1.0.
     */
    public Builder timeScale(double scale) {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("timeScale must be positive and finite: " + scale);
      }
      this.timeScale = scale;
      return this;
    }

    /**
     * Per-slot context length reported by {@code /api/ps} when requests give no num_ctx; default
     * 4096.
     */
    public Builder defaultContextLength(int tokens) {
      this.defaultContextLength = positive(tokens, "defaultContextLength");
      return this;
    }

    /** Builds the immutable configuration. */
    public SchedulerConfig build() {
      return new SchedulerConfig(this);
    }

    private static int positive(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1: " + n);
      }
      return n;
    }

    private static double nonNegative(double rate, String what) {
      if (!(rate >= 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException(what + " must be finite and not negative: " + rate);
      }
      return rate;
    }
  }
}
