package io.ollamalan.model;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether and how hard a thinking model reasons before it answers ({@code think}).
 *
 * <p>Default when not sent: a model with the {@code thinking} capability thinks; the thinking text
 * arrives in {@code thinking}, apart from the answer. Sending {@link #enabled()} or a {@link Level}
 * to a model without that capability is rejected by the node with HTTP 400 {@code "<model>" does
 * not support thinking}; {@link #disabled()} is always accepted.
 */
public final class Think {

  /** A reasoning effort, sent as its lower-case name. */
  public enum Level {
    LOW,
    MEDIUM,
    HIGH,
    MAX;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The wire value: {@code "low"}, {@code "medium"}, {@code "high"} or {@code "max"}. */
    public String wireValue() {
      return wire;
    }
  }

  private static final Think ENABLED = new Think(true, null);
  private static final Think DISABLED = new Think(false, null);
  private static final Think[] LEVELS = {
    new Think(true, Level.LOW),
    new Think(true, Level.MEDIUM),
    new Think(true, Level.HIGH),
    new Think(true, Level.MAX)
  };

  private final boolean enabled;
  private final @Nullable Level level;

  private Think(boolean enabled, @Nullable Level level) {
    this.enabled = enabled;
    this.level = level;
  }

  /** Think (wire {@code true}). */
  public static Think enabled() {
    return ENABLED;
  }

  /** Do not think (wire {@code false}). */
  public static Think disabled() {
    return DISABLED;
  }

  /**
   * Think with the given effort (wire {@code "low"}, {@code "medium"}, {@code "high"}, {@code
   * "max"}).
   */
  public static Think level(Level level) {
    return LEVELS[Objects.requireNonNull(level, "level").ordinal()];
  }

  /**
   * Parses a wire or configuration value: {@code true}, {@code false}, {@code low}, {@code medium},
   * {@code high} or {@code max} (case-insensitive).
   *
   * @throws IllegalArgumentException for any other value, with the message Ollama gives
   */
  public static Think parse(String value) {
    Objects.requireNonNull(value, "value");
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return ENABLED;
      case "false":
        return DISABLED;
      case "low":
        return level(Level.LOW);
      case "medium":
        return level(Level.MEDIUM);
      case "high":
        return level(Level.HIGH);
      case "max":
        return level(Level.MAX);
      default:
        throw new IllegalArgumentException(
            "invalid think value: \""
                + value
                + "\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
    }
  }

  /** Whether the model thinks; {@code true} for every level. */
  public boolean isEnabled() {
    return enabled;
  }

  /** The effort, or {@code null} when this is a plain {@code true}/{@code false}. */
  public @Nullable Level levelOrNull() {
    return level;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Think && ((Think) o).enabled == enabled && ((Think) o).level == level;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, level);
  }

  @Override
  public String toString() {
    return "Think[" + (level != null ? level.wireValue() : String.valueOf(enabled)) + "]";
  }
}
