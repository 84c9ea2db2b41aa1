package io.ollamalan.model;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A response of {@code POST /api/chat}: one stream chunk, or the whole answer when not streaming.
 * While streaming, each chunk carries a piece of {@code message.content} (or of {@code
 * message.thinking}, or tool calls) and {@code done == false}; the final chunk has {@code done ==
 * true}, {@link #doneReason()} and the metrics. {@link ChatAggregator} folds chunks into what a
 * non-streaming call returns.
 */
public final class ChatResponse {
  /** Folds stream chunks, in order, into the equivalent non-streaming response. */
  public static ChatResponse aggregate(Iterable<ChatResponse> chunks) {
    ChatAggregator aggregator = new ChatAggregator();
    chunks.forEach(aggregator::add);
    return aggregator.result();
  }

  private final @Nullable String model;
  private final @Nullable OffsetDateTime createdAt;
  private final @Nullable Message message;
  private final boolean done;
  private final @Nullable String doneReason;
  private final List<Logprob> logprobs;
  private final long totalDuration;
  private final long loadDuration;
  private final long promptEvalCount;
  private final long promptEvalDuration;
  private final long evalCount;
  private final long evalDuration;
  private final Map<String, Object> debugInfo;
  private final Map<String, Object> unknownFields;

  private ChatResponse(Builder b) {
    this.model = b.model;
    this.createdAt = b.createdAt;
    this.message = b.message;
    this.done = b.done;
    this.doneReason = b.doneReason;
    this.logprobs = Values.list(b.logprobs, "logprobs");
    this.totalDuration = b.totalDuration;
    this.loadDuration = b.loadDuration;
    this.promptEvalCount = b.promptEvalCount;
    this.promptEvalDuration = b.promptEvalDuration;
    this.evalCount = b.evalCount;
    this.evalDuration = b.evalDuration;
    this.debugInfo = Values.jsonObject(b.debugInfo, "debugInfo");
    this.unknownFields = Values.jsonObject(b.unknownFields, "unknownFields");
  }

  /** A builder with every field empty or zero, e.g. for fakes and tests. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this response's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.createdAt = createdAt;
    b.message = message;
    b.done = done;
    b.doneReason = doneReason;
    b.logprobs = logprobs;
    b.totalDuration = totalDuration;
    b.loadDuration = loadDuration;
    b.promptEvalCount = promptEvalCount;
    b.promptEvalDuration = promptEvalDuration;
    b.evalCount = evalCount;
    b.evalDuration = evalDuration;
    b.debugInfo = debugInfo;
    b.unknownFields = unknownFields;
    return b;
  }

  /** The model name as requested, or null when absent. */
  public @Nullable String model() {
    return model;
  }

  /** When the node produced this object (UTC), or null when absent. */
  public @Nullable OffsetDateTime createdAt() {
    return createdAt;
  }

  /** The (partial) assistant message; null on objects that carry none. */
  public @Nullable Message message() {
    return message;
  }

  /** Whether this is the final object. */
  public boolean done() {
    return done;
  }

  /** On the final object: a {@link DoneReason} value; otherwise null. */
  public @Nullable String doneReason() {
    return doneReason;
  }

  /** Token log probabilities when requested; never null. */
  public List<Logprob> logprobs() {
    return logprobs;
  }

  /**
   * Nanoseconds from the node receiving the request to the final chunk, including queueing, loading
   * and waiting for a parallel slot; 0 when absent.
   */
  public long totalDuration() {
    return totalDuration;
  }

  /** Nanoseconds spent scheduling and loading the model (~0 when warm); 0 when absent. */
  public long loadDuration() {
    return loadDuration;
  }

  /** Prompt tokens evaluated (cached prefix tokens are not counted again); 0 when absent. */
  public long promptEvalCount() {
    return promptEvalCount;
  }

  /** Nanoseconds spent evaluating the prompt; 0 when absent. */
  public long promptEvalDuration() {
    return promptEvalDuration;
  }

  /** Tokens generated; 0 when absent. */
  public long evalCount() {
    return evalCount;
  }

  /** Nanoseconds spent generating; 0 when absent. */
  public long evalDuration() {
    return evalDuration;
  }

  /**
   * Wire {@code _debug_info} (e.g. {@code rendered_template}) for {@code _debug_render_only}
   * requests; never null.
   */
  public Map<String, Object> debugInfo() {
    return debugInfo;
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

  /** The message text, or {@code ""} when there is no message. */
  public String content() {
    return message == null ? "" : message.content();
  }

  /** The message's thinking text, or {@code ""}. */
  public String thinking() {
    String t = message == null ? null : message.thinking();
    return t == null ? "" : t;
  }

  /** The message's tool calls; never null. */
  public List<ToolCall> toolCalls() {
    return message == null ? List.of() : message.toolCalls();
  }

  /** {@link #totalDuration()} as a {@link Duration}. */
  public Duration totalTime() {
    return Duration.ofNanos(totalDuration);
  }

  /** {@link #loadDuration()} as a {@link Duration}. */
  public Duration loadTime() {
    return Duration.ofNanos(loadDuration);
  }

  /** {@link #promptEvalDuration()} as a {@link Duration}. */
  public Duration promptEvalTime() {
    return Duration.ofNanos(promptEvalDuration);
  }

  /** {@link #evalDuration()} as a {@link Duration}. */
  public Duration evalTime() {
    return Duration.ofNanos(evalDuration);
  }

  /** Generation speed, {@code evalCount / evalDuration * 1e9}; 0 when unknown. */
  public double tokensPerSecond() {
    return Metrics.perSecond(evalCount, evalDuration);
  }

  /**
   * Prompt-processing speed, {@code promptEvalCount / promptEvalDuration * 1e9}; 0 when unknown.
   */
  public double promptTokensPerSecond() {
    return Metrics.perSecond(promptEvalCount, promptEvalDuration);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof ChatResponse)) {
      return false;
    }
    ChatResponse that = (ChatResponse) o;
    return Objects.equals(model, that.model)
        && Objects.equals(createdAt, that.createdAt)
        && Objects.equals(message, that.message)
        && done == that.done
        && Objects.equals(doneReason, that.doneReason)
        && Objects.equals(logprobs, that.logprobs)
        && totalDuration == that.totalDuration
        && loadDuration == that.loadDuration
        && promptEvalCount == that.promptEvalCount
        && promptEvalDuration == that.promptEvalDuration
        && evalCount == that.evalCount
        && evalDuration == that.evalDuration
        && Objects.equals(debugInfo, that.debugInfo)
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        model,
        createdAt,
        message,
        done,
        doneReason,
        logprobs,
        totalDuration,
        loadDuration,
        promptEvalCount,
        promptEvalDuration,
        evalCount,
        evalDuration,
        debugInfo,
        unknownFields);
  }

  @Override
  public String toString() {
    return "ChatResponse["
        + "model="
        + model
        + ", createdAt="
        + createdAt
        + ", message="
        + message
        + ", done="
        + done
        + ", doneReason="
        + doneReason
        + ", logprobs="
        + logprobs
        + ", totalDuration="
        + totalDuration
        + ", loadDuration="
        + loadDuration
        + ", promptEvalCount="
        + promptEvalCount
        + ", promptEvalDuration="
        + promptEvalDuration
        + ", evalCount="
        + evalCount
        + ", evalDuration="
        + evalDuration
        + ", debugInfo="
        + debugInfo
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link ChatResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable OffsetDateTime createdAt;
    private @Nullable Message message;
    private boolean done;
    private @Nullable String doneReason;
    private @Nullable List<Logprob> logprobs = List.of();
    private long totalDuration;
    private long loadDuration;
    private long promptEvalCount;
    private long promptEvalDuration;
    private long evalCount;
    private long evalDuration;
    private @Nullable Map<String, ?> debugInfo = Map.of();
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link ChatResponse#model()}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link ChatResponse#createdAt()}. */
    public Builder createdAt(@Nullable OffsetDateTime createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link ChatResponse#message()}. */
    public Builder message(@Nullable Message message) {
      this.message = message;
      return this;
    }

    /** Sets {@link ChatResponse#done()}. */
    public Builder done(boolean done) {
      this.done = done;
      return this;
    }

    /** Sets {@link ChatResponse#doneReason()}. */
    public Builder doneReason(@Nullable String doneReason) {
      this.doneReason = doneReason;
      return this;
    }

    /** Sets {@link ChatResponse#logprobs()}. */
    public Builder logprobs(@Nullable List<Logprob> logprobs) {
      this.logprobs = logprobs;
      return this;
    }

    /** Sets {@link ChatResponse#totalDuration()}. */
    public Builder totalDuration(long totalDuration) {
      this.totalDuration = totalDuration;
      return this;
    }

    /** Sets {@link ChatResponse#loadDuration()}. */
    public Builder loadDuration(long loadDuration) {
      this.loadDuration = loadDuration;
      return this;
    }

    /** Sets {@link ChatResponse#promptEvalCount()}. */
    public Builder promptEvalCount(long promptEvalCount) {
      this.promptEvalCount = promptEvalCount;
      return this;
    }

    /** Sets {@link ChatResponse#promptEvalDuration()}. */
    public Builder promptEvalDuration(long promptEvalDuration) {
      this.promptEvalDuration = promptEvalDuration;
      return this;
    }

    /** Sets {@link ChatResponse#evalCount()}. */
    public Builder evalCount(long evalCount) {
      this.evalCount = evalCount;
      return this;
    }

    /** Sets {@link ChatResponse#evalDuration()}. */
    public Builder evalDuration(long evalDuration) {
      this.evalDuration = evalDuration;
      return this;
    }

    /** Sets {@link ChatResponse#debugInfo()}. */
    public Builder debugInfo(@Nullable Map<String, ?> debugInfo) {
      this.debugInfo = debugInfo;
      return this;
    }

    /**
     * Sets {@link ChatResponse#unknownFields()}, e.g. for a fake that answers like a newer node;
     * deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
