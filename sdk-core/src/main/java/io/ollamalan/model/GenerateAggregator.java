package io.ollamalan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Folds the chunks of a streamed completion, in order, into exactly what the same request returns
 * with streaming off: {@code response} and {@code thinking} concatenated, tool calls and log
 * probabilities accumulated, {@code context} from the last chunk that has one, and model, {@code
 * created_at}, {@code done}, {@code done_reason} and the metrics of the last chunk. Linear in the
 * total text length. Not thread-safe.
 */
public final class GenerateAggregator {
  private final StringBuilder response = new StringBuilder();
  private final StringBuilder thinking = new StringBuilder();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private final List<Logprob> logprobs = new ArrayList<>();
  private List<Integer> context = List.of();
  private boolean sawThinking;
  private @Nullable GenerateResponse last;
  private int count;

  /** An empty aggregator. */
  public GenerateAggregator() {}

  /** Adds the next chunk. */
  public void add(GenerateResponse chunk) {
    Objects.requireNonNull(chunk, "chunk");
    response.append(chunk.response());
    if (chunk.thinking() != null) {
      thinking.append(chunk.thinking());
      sawThinking = true;
    }
    if (!chunk.context().isEmpty()) {
      context = chunk.context();
    }
    toolCalls.addAll(chunk.toolCalls());
    logprobs.addAll(chunk.logprobs());
    last = chunk;
    count++;
  }

  /** How many chunks were added. */
  public int count() {
    return count;
  }

  /** Whether the last chunk added had {@code done == true}. */
  public boolean isDone() {
    return last != null && last.done();
  }

  /**
   * The aggregated response so far; may be called repeatedly.
   *
   * @throws IllegalStateException if no chunk was added
   */
  public GenerateResponse result() {
    if (last == null) {
      throw new IllegalStateException("no chunk was added; nothing to aggregate");
    }
    return last.toBuilder()
        .response(response.toString())
        .thinking(sawThinking ? thinking.toString() : null)
        .context(context)
        .toolCalls(toolCalls)
        .logprobs(logprobs)
        .build();
  }
}
