package io.ollamalan.model;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A response of {@code POST /api/chat}: one stream chunk, or the whole answer when not streaming.
 *
 * <p>While streaming, each chunk carries a piece of {@code message.content} (or of {@code
 * message.thinking}, or tool calls) and {@code done == false}; the final chunk has {@code done ==
 * true}, {@link #doneReason()} and the metrics. {@link ChatAggregator} folds chunks into what a
 * non-streaming call returns.
 *
 * @param model the model name as requested
 * @param createdAt when the node produced this object (UTC)
 * @param message the (partial) assistant message; null on objects that carry none
 * @param done whether this is the final object
 * @param doneReason on the final object: a {@link DoneReason} value; otherwise null
 * @param logprobs token log probabilities when requested; never null
 * @param totalDuration nanoseconds from the node receiving the request to the final chunk,
 *     including queueing, loading and waiting for a parallel slot; 0 when absent
 * @param loadDuration nanoseconds spent scheduling and loading the model (~0 when warm); 0 when
 *     absent
 * @param promptEvalCount prompt tokens evaluated (cached prefix tokens are not counted again)
 * @param promptEvalDuration nanoseconds spent evaluating the prompt
 * @param evalCount tokens generated
 * @param evalDuration nanoseconds spent generating
 * @param debugInfo wire {@code _debug_info} (e.g. {@code rendered_template}) for {@code
 *     _debug_render_only} requests; never null
 */
public record ChatResponse(
    String model,
    OffsetDateTime createdAt,
    Message message,
    boolean done,
    String doneReason,
    List<Logprob> logprobs,
    long totalDuration,
    long loadDuration,
    long promptEvalCount,
    long promptEvalDuration,
    long evalCount,
    long evalDuration,
    Map<String, Object> debugInfo) {

  /** Copies the lists and maps. */
  public ChatResponse {
    logprobs = Values.list(logprobs, "logprobs");
    debugInfo = Values.jsonObject(debugInfo, "debugInfo");
  }

  /** Folds stream chunks, in order, into the equivalent non-streaming response. */
  public static ChatResponse aggregate(Iterable<ChatResponse> chunks) {
    ChatAggregator aggregator = new ChatAggregator();
    chunks.forEach(aggregator::add);
    return aggregator.result();
  }

  /** The message text, or {@code ""} when there is no message. */
  public String content() {
    return message == null ? "" : message.content();
  }

  /** The message's thinking text, or {@code ""}. */
  public String thinking() {
    return message == null || message.thinking() == null ? "" : message.thinking();
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

  /** A builder with every component empty or zero, e.g. for fakes and tests. */
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
    return b;
  }

  /** Builds a {@link ChatResponse}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private OffsetDateTime createdAt;
    private Message message;
    private boolean done;
    private String doneReason;
    private List<Logprob> logprobs = List.of();
    private long totalDuration;
    private long loadDuration;
    private long promptEvalCount;
    private long promptEvalDuration;
    private long evalCount;
    private long evalDuration;
    private Map<String, Object> debugInfo = Map.of();

    private Builder() {}

    /** Sets {@link ChatResponse#model()}. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link ChatResponse#createdAt()}. */
    public Builder createdAt(OffsetDateTime createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link ChatResponse#message()}. */
    public Builder message(Message message) {
      this.message = message;
      return this;
    }

    /** Sets {@link ChatResponse#done()}. */
    public Builder done(boolean done) {
      this.done = done;
      return this;
    }

    /** Sets {@link ChatResponse#doneReason()}. */
    public Builder doneReason(String doneReason) {
      this.doneReason = doneReason;
      return this;
    }

    /** Sets {@link ChatResponse#logprobs()}. */
    public Builder logprobs(List<Logprob> logprobs) {
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
    public Builder debugInfo(Map<String, Object> debugInfo) {
      this.debugInfo = debugInfo;
      return this;
    }

    /** Builds. */
    public ChatResponse build() {
      return new ChatResponse(
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
          debugInfo);
    }
  }
}
