package io.ollamalan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Folds the chunks of a streamed chat, in order, into exactly what the same request returns with
 * streaming off: {@code message.content} and {@code message.thinking} concatenated, tool calls and
 * log probabilities accumulated, and model, {@code created_at}, {@code done}, {@code done_reason}
 * and the metrics of the last chunk. Linear in the total text length. Not thread-safe.
 */
public final class ChatAggregator {
  private final StringBuilder content = new StringBuilder();
  private final StringBuilder thinking = new StringBuilder();
  private final List<ToolCall> toolCalls = new ArrayList<>();
  private final List<Logprob> logprobs = new ArrayList<>();
  private @Nullable String role;
  private boolean sawThinking;
  private @Nullable ChatResponse last;
  private int count;

  /** An empty aggregator. */
  public ChatAggregator() {}

  /** Adds the next chunk. */
  public void add(ChatResponse chunk) {
    Objects.requireNonNull(chunk, "chunk");
    Message m = chunk.message();
    if (m != null) {
      if (role == null) {
        role = m.role();
      }
      content.append(m.content());
      if (m.thinking() != null) {
        thinking.append(m.thinking());
        sawThinking = true;
      }
      toolCalls.addAll(m.toolCalls());
    }
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
  public ChatResponse result() {
    if (last == null) {
      throw new IllegalStateException("no chunk was added; nothing to aggregate");
    }
    Message message = null;
    if (role != null) {
      String text = thinking.length() > 0 || sawThinking ? thinking.toString() : null;
      message =
          Message.ASSISTANT.equals(role) && text == null && toolCalls.isEmpty()
              ? Message.assistant(content.toString())
              : Message.builder(role)
                  .content(content.toString())
                  .thinking(text)
                  .toolCalls(toolCalls)
                  .build();
    }
    return last.toBuilder().message(message).logprobs(logprobs).build();
  }
}
