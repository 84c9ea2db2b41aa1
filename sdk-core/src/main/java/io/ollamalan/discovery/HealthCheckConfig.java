package io.ollamalan.discovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client checks the health of every node: active checks of {@code /api/version} (liveness
 * and version), {@code /api/ps} (loaded models) and, less often, {@code /api/tags} (installed
 * models), combined with passive signals from real traffic.
 *
 * <p>A node moves between {@code UP}, {@code DEGRADED} and {@code DOWN}:
 *
 * <ul>
 *   <li>{@link #failuresToDown()} consecutive failures that show the node unreachable (connection
 *       refused or timed out, no answer within {@link #timeout()}, an answer that is not Ollama's)
 *       make it {@code DOWN}; fewer make it {@code DEGRADED}.
 *   <li>A 5xx answer or a connection reset in the middle of a response makes an {@code UP} node
 *       {@code DEGRADED}, never {@code DOWN}. A {@code 503} (Ollama's queue is full) or {@code 429}
 *       says the node is busy, not sick, and changes nothing.
 *   <li>A {@code DOWN} node that answers again becomes {@code DEGRADED}, and {@code UP} after
 *       {@link #successesToUp()} consecutive successes, so that a flapping node earns its traffic
 *       back gradually.
 * </ul>
 *
 * <p>Create one with {@link #builder()} or take {@link #defaults()}. Instances are immutable.
 */
public final class HealthCheckConfig {

  /** Default for {@link #interval()}: 5 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** Default for {@link #timeout()}: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Default for {@link #jitter()}: 0.2, so waits fall between 80% and 100% of the interval. */
  public static final double DEFAULT_JITTER = 0.2;

  /** Default for {@link #tagsInterval()}: 60 seconds. */
  public static final Duration DEFAULT_TAGS_INTERVAL = Duration.ofSeconds(60);

  /** Default for {@link #failuresToDown()}: 1. */
  public static final int DEFAULT_FAILURES_TO_DOWN = 1;

  /** Default for {@link #successesToUp()}: 2. */
  public static final int DEFAULT_SUCCESSES_TO_UP = 2;

  private static final HealthCheckConfig DEFAULTS = builder().build();

  private final Duration interval;
  private final Duration timeout;
  private final double jitter;
  private final Duration tagsInterval;
  private final int failuresToDown;
  private final int successesToUp;

  private HealthCheckConfig(Builder b) {
    this.interval = b.interval;
    this.timeout = b.timeout;
    this.jitter = b.jitter;
    this.tagsInterval = b.tagsInterval;
    this.failuresToDown = b.failuresToDown;
    this.successesToUp = b.successesToUp;
  }

  /** The defaults: every {@code DEFAULT_*} constant of this class. */
  public static HealthCheckConfig defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.interval = interval;
    b.timeout = timeout;
    b.jitter = jitter;
    b.tagsInterval = tagsInterval;
    b.failuresToDown = failuresToDown;
    b.successesToUp = successesToUp;
    return b;
  }

  /** Time between the starts of two checks of one node. See {@link Builder#interval(Duration)}. */
  public Duration interval() {
    return interval;
  }

  /** Time one check may take. See {@link Builder#timeout(Duration)}. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Fraction of the interval by which a wait is randomly shortened. See {@link
   * Builder#jitter(double)}.
   */
  public double jitter() {
    return jitter;
  }

  /** Time between two reads of {@code /api/tags}. See {@link Builder#tagsInterval(Duration)}. */
  public Duration tagsInterval() {
    return tagsInterval;
  }

  /** Consecutive unreachable-type failures that make a node DOWN. */
  public int failuresToDown() {
    return failuresToDown;
  }

  /** Consecutive successes that take a recovering node from DEGRADED to UP. */
  public int successesToUp() {
    return successesToUp;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HealthCheckConfig c
        && interval.equals(c.interval)
        && timeout.equals(c.timeout)
        && jitter == c.jitter
        && tagsInterval.equals(c.tagsInterval)
        && failuresToDown == c.failuresToDown
        && successesToUp == c.successesToUp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, timeout, jitter, tagsInterval, failuresToDown, successesToUp);
  }

  @Override
  public String toString() {
    return "HealthCheckConfig{interval="
        + interval
        + ", timeout="
        + timeout
        + ", jitter="
        + jitter
        + ", tagsInterval="
        + tagsInterval
        + ", failuresToDown="
        + failuresToDown
        + ", successesToUp="
        + successesToUp
        + "}";
  }

  /** Builds a {@link HealthCheckConfig}; {@link #build()} validates. */
  public static final class Builder {
    private Duration interval = DEFAULT_INTERVAL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private double jitter = DEFAULT_JITTER;
    private Duration tagsInterval = DEFAULT_TAGS_INTERVAL;
    private int failuresToDown = DEFAULT_FAILURES_TO_DOWN;
    private int successesToUp = DEFAULT_SUCCESSES_TO_UP;

    private Builder() {}

    /**
     * Sets the time between the starts of two active checks of one node; default {@link
     * #DEFAULT_INTERVAL} (5 s). Each check is one {@code GET /api/version} and one {@code GET
     * /api/ps}, both cheap for Ollama even under load.
     *
     * <p>A node that dies between checks is marked DOWN at most {@code interval + timeout} later
     * (sooner if traffic hits it first), and a model loaded or unloaded on a node shows in the
     * fleet within one interval. Lower it (1–2 s) for small fleets that must react fast; raise it
     * (15–30 s) when thousands of clients watch the same nodes.
     */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * Sets how long one check request may take, connect included; default {@link #DEFAULT_TIMEOUT}
     * (2 s). A check that takes longer counts as an unreachable-type failure. On a LAN, keep it
     * well above the usual round trip (a few ms) but below the interval; raise it for nodes behind
     * slow VPN links.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the random fraction, in {@code [0, 1)}, by which each wait between checks is shortened;
     * default {@link #DEFAULT_JITTER} (0.2: waits between 80% and 100% of the interval). Jitter
     * keeps many clients started together from checking a node in lockstep; it never makes a check
     * later than the interval. Use 0 only in tests.
     */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets the time between two reads of {@code /api/tags} (installed models); default {@link
     * #DEFAULT_TAGS_INTERVAL} (60 s). Installed models change only on pull or delete, and the list
     * can be long, so it is read less often than the interval; it is also read when a node comes
     * back or its version changes. Must be at least the interval.
     */
    public Builder tagsInterval(Duration tagsInterval) {
      this.tagsInterval = tagsInterval;
      return this;
    }

    /**
     * Sets how many consecutive unreachable-type failures (connect refused or timed out, check
     * timeout, a non-Ollama answer) make a node DOWN; default {@link #DEFAULT_FAILURES_TO_DOWN}
     * (1). Failures before that make it DEGRADED. Raise it to 2–3 on lossy links (Wi-Fi, VPN) where
     * single checks fail while the node is fine.
     */
    public Builder failuresToDown(int failuresToDown) {
      this.failuresToDown = failuresToDown;
      return this;
    }

    /**
     * Sets how many consecutive successes take a recovering node from DEGRADED back to UP; default
     * {@link #DEFAULT_SUCCESSES_TO_UP} (2). A node that just came back is DEGRADED, still routable
     * but less preferred, until then. Raise it for nodes that flap.
     */
    public Builder successesToUp(int successesToUp) {
      this.successesToUp = successesToUp;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the parameter that is out of range
     */
    public HealthCheckConfig build() {
      requirePositive("interval", interval);
      requirePositive("timeout", timeout);
      requirePositive("tagsInterval", tagsInterval);
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
      }
      if (tagsInterval.compareTo(interval) < 0) {
        throw new IllegalArgumentException(
            "tagsInterval (" + tagsInterval + ") must be at least interval (" + interval + ")");
      }
      if (failuresToDown < 1 || failuresToDown > 100) {
        throw new IllegalArgumentException(
            "failuresToDown must be between 1 and 100, was " + failuresToDown);
      }
      if (successesToUp < 1 || successesToUp > 100) {
        throw new IllegalArgumentException(
            "successesToUp must be between 1 and 100, was " + successesToUp);
      }
      return new HealthCheckConfig(this);
    }

    private static void requirePositive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
      }
    }
  }
}
