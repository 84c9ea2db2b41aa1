package io.ollamalan.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a node keeps a model loaded after the request ({@code keep_alive}).
 *
 * <p>When a request carries no keep-alive, the node uses its {@code OLLAMA_KEEP_ALIVE} setting
 * (default 5 minutes) at load time and leaves the current value unchanged for a model that is
 * already loaded. A request that carries a keep-alive overwrites the model's value.
 *
 * <p>On the wire a keep-alive that is a whole number of seconds is sent as a JSON number of seconds
 * ({@code -1} for {@link #forever()}, {@code 0} for {@link #unloadNow()}); any other value is sent
 * as a Go duration string such as {@code "1500ms"}.
 *
 * @param duration the time to keep the model loaded once idle; {@link Duration#ZERO} unloads as
 *     soon as the model is idle, {@link #FOREVER_DURATION} (or any negative value, which is
 *     normalized to it) never unloads
 */
public record KeepAlive(Duration duration) {

  /** The duration Ollama uses for "forever": {@code math.MaxInt64} nanoseconds (~292 years). */
  public static final Duration FOREVER_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private static final KeepAlive FOREVER = new KeepAlive(FOREVER_DURATION);
  private static final KeepAlive UNLOAD_NOW = new KeepAlive(Duration.ZERO);

  /** Normalizes negative and over-long durations to {@link #FOREVER_DURATION}. */
  public KeepAlive {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.compareTo(FOREVER_DURATION) > 0) {
      duration = FOREVER_DURATION;
    }
  }

  /** Keep the model loaded for {@code duration} once idle; negative means forever. */
  public static KeepAlive of(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isZero()) {
      return UNLOAD_NOW;
    }
    return new KeepAlive(duration);
  }

  /** Never unload the model (wire {@code -1}). */
  public static KeepAlive forever() {
    return FOREVER;
  }

  /**
   * Unload the model as soon as it is idle (wire {@code 0}). With an empty prompt or empty messages
   * the node unloads the model immediately and answers {@code done_reason:"unload"}.
   */
  public static KeepAlive unloadNow() {
    return UNLOAD_NOW;
  }

  /**
   * Parses a Go duration string as the Ollama server does: a sequence of decimal numbers with units
   * {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}, optionally
   * signed, e.g. {@code "5m"}, {@code "1h30m"}, {@code "1.5s"}, {@code "-1m"}. The bare {@code "0"}
   * is accepted; any negative duration means forever.
   *
   * @throws IllegalArgumentException if {@code goDuration} is not a valid Go duration, for example
   *     {@code "10"} (no unit; Ollama rejects it with {@code time: missing unit in duration "10"})
   */
  public static KeepAlive parse(String goDuration) {
    Objects.requireNonNull(goDuration, "goDuration");
    return of(Duration.ofNanos(GoDuration.parseNanos(goDuration)));
  }

  /** Whether the model is never unloaded. */
  public boolean isForever() {
    return duration.equals(FOREVER_DURATION);
  }

  /** Whether the model is unloaded as soon as it is idle. */
  public boolean isUnloadNow() {
    return duration.isZero();
  }

  /**
   * The value in Go duration syntax, e.g. {@code "5m0s"}, or {@code "-1s"} for {@link #forever()}
   * (a bare {@code "-1"} is not a valid duration string; the number {@code -1} is).
   */
  public String toGoDuration() {
    return isForever() ? "-1s" : GoDuration.format(duration.toNanos());
  }

  @Override
  public String toString() {
    return "KeepAlive[" + (isForever() ? "forever" : toGoDuration()) + "]";
  }
}
