package io.ollamalan.model;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A response of {@code POST /api/generate}: one stream chunk, or the whole answer when not
 * streaming. {@link GenerateAggregator} folds chunks into what a non-streaming call returns.
 */
public final class GenerateResponse {
  /** Folds stream chunks, in order, into the equivalent non-streaming response. */
  public static GenerateResponse aggregate(Iterable<GenerateResponse> chunks) {
    GenerateAggregator aggregator = new GenerateAggregator();
    chunks.forEach(aggregator::add);
    return aggregator.result();
  }

  private final @Nullable String model;
  private final @Nullable OffsetDateTime createdAt;
  private final String response;
  private final @Nullable String thinking;
  private final boolean done;
  private final @Nullable String doneReason;
  private final List<Integer> context;
  private final long totalDuration;
  private final long loadDuration;
  private final long promptEvalCount;
  private final long promptEvalDuration;
  private final long evalCount;
  private final long evalDuration;
  private final List<ToolCall> toolCalls;
  private final List<Logprob> logprobs;
  private final Map<String, Object> debugInfo;
  private final Map<String, Object> unknownFields;

  private GenerateResponse(Builder b) {
    this.model = b.model;
    this.createdAt = b.createdAt;
    this.response = b.response == null ? "" : b.response;
    this.thinking = b.thinking;
    this.done = b.done;
    this.doneReason = b.doneReason;
    this.context = Values.list(b.context, "context");
    this.totalDuration = b.totalDuration;
    this.loadDuration = b.loadDuration;
    this.promptEvalCount = b.promptEvalCount;
    this.promptEvalDuration = b.promptEvalDuration;
    this.evalCount = b.evalCount;
    this.evalDuration = b.evalDuration;
    this.toolCalls = Values.list(b.toolCalls, "toolCalls");
    this.logprobs = Values.list(b.logprobs, "logprobs");
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
    b.response = response;
    b.thinking = thinking;
    b.done = done;
    b.doneReason = doneReason;
    b.context = context;
    b.totalDuration = totalDuration;
    b.loadDuration = loadDuration;
    b.promptEvalCount = promptEvalCount;
    b.promptEvalDuration = promptEvalDuration;
    b.evalCount = evalCount;
    b.evalDuration = evalDuration;
    b.toolCalls = toolCalls;
    b.logprobs = logprobs;
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

  /** The (partial) answer text; never null, possibly empty. */
  public String response() {
    return response;
  }

  /** The (partial) thinking text, or null. */
  public @Nullable String thinking() {
    return thinking;
  }

  /** Whether this is the final object. */
  public boolean done() {
    return done;
  }

  /** On the final object: a {@link DoneReason} value; otherwise null. */
  public @Nullable String doneReason() {
    return doneReason;
  }

  /**
   * Deprecated: on the final object, the token ids of prompt and answer to pass as {@link
   * GenerateRequest#context()}; absent in raw mode; never null.
   */
  public List<Integer> context() {
    return context;
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

  /** Tool calls the model asked for; never null. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Token log probabilities when requested; never null. */
  public List<Logprob> logprobs() {
    return logprobs;
  }

  /** Wire {@code _debug_info} for {@code _debug_render_only} requests; never null. */
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
    if (!(o instanceof GenerateResponse)) {
      return false;
    }
    GenerateResponse that = (GenerateResponse) o;
    return Objects.equals(model, that.model)
        && Objects.equals(createdAt, that.createdAt)
        && Objects.equals(response, that.response)
        && Objects.equals(thinking, that.thinking)
        && done == that.done
        && Objects.equals(doneReason, that.doneReason)
        && Objects.equals(context, that.context)
        && totalDuration == that.totalDuration
        && loadDuration == that.loadDuration
        && promptEvalCount == that.promptEvalCount
        && promptEvalDuration == that.promptEvalDuration
        && evalCount == that.evalCount
        && evalDuration == that.evalDuration
        && Objects.equals(toolCalls, that.toolCalls)
        && Objects.equals(logprobs, that.logprobs)
        && Objects.equals(debugInfo, that.debugInfo)
        && unknownFields.equals(that.unknownFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        model,
        createdAt,
        response,
        thinking,
        done,
        doneReason,
        context,
        totalDuration,
        loadDuration,
        promptEvalCount,
        promptEvalDuration,
        evalCount,
        evalDuration,
        toolCalls,
        logprobs,
        debugInfo,
        unknownFields);
  }

  @Override
  public String toString() {
    return "GenerateResponse["
        + "model="
        + model
        + ", createdAt="
        + createdAt
        + ", response="
        + response
        + ", thinking="
        + thinking
        + ", done="
        + done
        + ", doneReason="
        + doneReason
        + ", context="
        + context
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
        + ", toolCalls="
        + toolCalls
        + ", logprobs="
        + logprobs
        + ", debugInfo="
        + debugInfo
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields)
        + "]";
  }

  /** Builds {@link GenerateResponse}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable OffsetDateTime createdAt;
    private @Nullable String response = "";
    private @Nullable String thinking;
    private boolean done;
    private @Nullable String doneReason;
    private @Nullable List<Integer> context = List.of();
    private long totalDuration;
    private long loadDuration;
    private long promptEvalCount;
    private long promptEvalDuration;
    private long evalCount;
    private long evalDuration;
    private @Nullable List<ToolCall> toolCalls = List.of();
    private @Nullable List<Logprob> logprobs = List.of();
    private @Nullable Map<String, ?> debugInfo = Map.of();
    private Map<String, ?> unknownFields = Map.of();

    private Builder() {}

    /** Sets {@link GenerateResponse#model()}. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link GenerateResponse#createdAt()}. */
    public Builder createdAt(@Nullable OffsetDateTime createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link GenerateResponse#response()}. */
    public Builder response(@Nullable String response) {
      this.response = response;
      return this;
    }

    /** Sets {@link GenerateResponse#thinking()}. */
    public Builder thinking(@Nullable String thinking) {
      this.thinking = thinking;
      return this;
    }

    /** Sets {@link GenerateResponse#done()}. */
    public Builder done(boolean done) {
      this.done = done;
      return this;
    }

    /** Sets {@link GenerateResponse#doneReason()}. */
    public Builder doneReason(@Nullable String doneReason) {
      this.doneReason = doneReason;
      return this;
    }

    /** Sets {@link GenerateResponse#context()}. */
    public Builder context(@Nullable List<Integer> context) {
      this.context = context;
      return this;
    }

    /** Sets {@link GenerateResponse#totalDuration()}. */
    public Builder totalDuration(long totalDuration) {
      this.totalDuration = totalDuration;
      return this;
    }

    /** Sets {@link GenerateResponse#loadDuration()}. */
    public Builder loadDuration(long loadDuration) {
      this.loadDuration = loadDuration;
      return this;
    }

    /** Sets {@link GenerateResponse#promptEvalCount()}. */
    public Builder promptEvalCount(long promptEvalCount) {
      this.promptEvalCount = promptEvalCount;
      return this;
    }

    /** Sets {@link GenerateResponse#promptEvalDuration()}. */
    public Builder promptEvalDuration(long promptEvalDuration) {
      this.promptEvalDuration = promptEvalDuration;
      return this;
    }

    /** Sets {@link GenerateResponse#evalCount()}. */
    public Builder evalCount(long evalCount) {
      this.evalCount = evalCount;
      return this;
    }

    /** Sets {@link GenerateResponse#evalDuration()}. */
    public Builder evalDuration(long evalDuration) {
      this.evalDuration = evalDuration;
      return this;
    }

    /** Sets {@link GenerateResponse#toolCalls()}. */
    public Builder toolCalls(@Nullable List<ToolCall> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    /** Sets {@link GenerateResponse#logprobs()}. */
    public Builder logprobs(@Nullable List<Logprob> logprobs) {
      this.logprobs = logprobs;
      return this;
    }

    /** Sets {@link GenerateResponse#debugInfo()}. */
    public Builder debugInfo(@Nullable Map<String, ?> debugInfo) {
      this.debugInfo = debugInfo;
      return this;
    }

    /**
     * Sets {@link GenerateResponse#unknownFields()}, e.g. for a fake that answers like a newer
     * node; deep-copied on build.
     */
    public Builder unknownFields(@Nullable Map<String, ?> unknownFields) {
      this.unknownFields = unknownFields == null ? Map.of() : unknownFields;
      return this;
    }

    /** Builds. */
    public GenerateResponse build() {
      return new GenerateResponse(this);
    }
  }
}
