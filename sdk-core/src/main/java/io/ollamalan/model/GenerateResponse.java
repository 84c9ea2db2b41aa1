package io.ollamalan.model;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A response of {@code POST /api/generate}: one stream chunk, or the whole answer when not
 * streaming. {@link GenerateAggregator} folds chunks into what a non-streaming call returns.
 *
 * @param model the model name as requested
 * @param createdAt when the node produced this object (UTC)
 * @param response the (partial) answer text; never null, possibly empty
 * @param thinking the (partial) thinking text, or null
 * @param done whether this is the final object
 * @param doneReason on the final object: a {@link DoneReason} value; otherwise null
 * @param context deprecated: on the final object, the token ids of prompt and answer to pass as
 *     {@link GenerateRequest#context()}; absent in raw mode; never null
 * @param totalDuration nanoseconds from the node receiving the request to the final chunk,
 *     including queueing, loading and waiting for a parallel slot; 0 when absent
 * @param loadDuration nanoseconds spent scheduling and loading the model (~0 when warm); 0 when
 *     absent
 * @param promptEvalCount prompt tokens evaluated (cached prefix tokens are not counted again)
 * @param promptEvalDuration nanoseconds spent evaluating the prompt
 * @param evalCount tokens generated
 * @param evalDuration nanoseconds spent generating
 * @param toolCalls tool calls the model asked for; never null
 * @param logprobs token log probabilities when requested; never null
 * @param debugInfo wire {@code _debug_info} for {@code _debug_render_only} requests; never null
 */
public record GenerateResponse(
    String model,
    OffsetDateTime createdAt,
    String response,
    String thinking,
    boolean done,
    String doneReason,
    List<Integer> context,
    long totalDuration,
    long loadDuration,
    long promptEvalCount,
    long promptEvalDuration,
    long evalCount,
    long evalDuration,
    List<ToolCall> toolCalls,
    List<Logprob> logprobs,
    Map<String, Object> debugInfo) {

  /** Copies the lists and maps; a null response becomes {@code ""}. */
  public GenerateResponse {
    response = response == null ? "" : response;
    context = Values.list(context, "context");
    toolCalls = Values.list(toolCalls, "toolCalls");
    logprobs = Values.list(logprobs, "logprobs");
    debugInfo = Values.jsonObject(debugInfo, "debugInfo");
  }

  /** Folds stream chunks, in order, into the equivalent non-streaming response. */
  public static GenerateResponse aggregate(Iterable<GenerateResponse> chunks) {
    GenerateAggregator aggregator = new GenerateAggregator();
    chunks.forEach(aggregator::add);
    return aggregator.result();
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
    return b;
  }

  /** Builds a {@link GenerateResponse}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private OffsetDateTime createdAt;
    private String response = "";
    private String thinking;
    private boolean done;
    private String doneReason;
    private List<Integer> context = List.of();
    private long totalDuration;
    private long loadDuration;
    private long promptEvalCount;
    private long promptEvalDuration;
    private long evalCount;
    private long evalDuration;
    private List<ToolCall> toolCalls = List.of();
    private List<Logprob> logprobs = List.of();
    private Map<String, Object> debugInfo = Map.of();

    private Builder() {}

    /** Sets {@link GenerateResponse#model()}. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Sets {@link GenerateResponse#createdAt()}. */
    public Builder createdAt(OffsetDateTime createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets {@link GenerateResponse#response()}. */
    public Builder response(String response) {
      this.response = response;
      return this;
    }

    /** Sets {@link GenerateResponse#thinking()}. */
    public Builder thinking(String thinking) {
      this.thinking = thinking;
      return this;
    }

    /** Sets {@link GenerateResponse#done()}. */
    public Builder done(boolean done) {
      this.done = done;
      return this;
    }

    /** Sets {@link GenerateResponse#doneReason()}. */
    public Builder doneReason(String doneReason) {
      this.doneReason = doneReason;
      return this;
    }

    /** Sets {@link GenerateResponse#context()}. */
    public Builder context(List<Integer> context) {
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
    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    /** Sets {@link GenerateResponse#logprobs()}. */
    public Builder logprobs(List<Logprob> logprobs) {
      this.logprobs = logprobs;
      return this;
    }

    /** Sets {@link GenerateResponse#debugInfo()}. */
    public Builder debugInfo(Map<String, Object> debugInfo) {
      this.debugInfo = debugInfo;
      return this;
    }

    /** Builds. */
    public GenerateResponse build() {
      return new GenerateResponse(
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
          debugInfo);
    }
  }
}
