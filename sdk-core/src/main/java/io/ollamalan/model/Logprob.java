package io.ollamalan.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The log probability of one generated token, sent when the request set {@code logprobs}. */
public final class Logprob {
  private final @Nullable String token;
  private final double logprob;
  private final List<TopLogprob> topLogprobs;
  private final Map<String, Object> unknownFields;

  private Logprob(Builder b) {
    this.token = b.token;
    this.logprob = b.logprob;
    this.topLogprobs = Values.list(b.topLogprobs, "topLogprobs");
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this log probability's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.token = token;
    b.logprob = logprob;
    b.topLogprobs = topLogprobs;
    b.unknownFields = unknownFields;
    return b;
  }

  /** The token text, or null when absent. */
  public @Nullable String token() {
    return token;
  }

  /** Its natural-log probability. */
  public double logprob() {
    return logprob;
  }

  /** The most likely alternatives at this position (up to {@code top_logprobs}); never null. */
  public List<TopLogprob> topLogprobs() {
    return topLogprobs;
  }

  /**
   * The fields of the JSON object that this SDK does not know (for example ones a newer Ollama
   * added), by wire name in the order received, as plain Java values: String, Boolean,
   * Long/Integer/BigInteger, Double, List, Map or null. Empty when every field was recognised;
   * never null.
   */
  public Map<String, Object> unknownFields() {
    return unknownFields;
  }

  /**
   * An alternative token.
   *
   * @param token the token text
   * @param logprob its natural-log probability
   */
  public record TopLogprob(@Nullable String token, double logprob) {}

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Logprob)) {
      return false;
    }
    Logprob that = (Logprob) o;
    return Objects.equals(token, that.token)
        && Double.compare(logprob, that.logprob) == 0
        && Objects.equals(topLogprobs, that.topLogprobs)
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(token, logprob, topLogprobs, unknownFields);
  }

  @Override
  public String toString() {
    return "Logprob["
        + "token="
        + token
        + ", logprob="
        + logprob
        + ", topLogprobs="
        + topLogprobs
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link Logprob}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String token;
    private double logprob;
    private @Nullable List<TopLogprob> topLogprobs = List.of();
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link Logprob#token()}. */
    public Builder token(@Nullable String token) {
      this.token = token;
      return this;
    }

    /** Sets {@link Logprob#logprob()}. */
    public Builder logprob(double logprob) {
      this.logprob = logprob;
      return this;
    }

    /** Sets {@link Logprob#topLogprobs()}. */
    public Builder topLogprobs(@Nullable List<TopLogprob> topLogprobs) {
      this.topLogprobs = topLogprobs;
      return this;
    }

    /**
     * Sets {@link Logprob#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public Logprob build() {
      return new Logprob(this);
    }
  }
}
