package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ChatAggregator} and {@link ChatResponse#aggregate}. */
class ChatAggregatorTest {
  private static final OffsetDateTime T0 = OffsetDateTime.parse("2025-01-01T00:00:00Z");
  private static final OffsetDateTime T1 = OffsetDateTime.parse("2025-01-01T00:00:01Z");

  private static ChatResponse chunk(Message m, boolean done, OffsetDateTime at) {
    return ChatResponse.builder().model("m").createdAt(at).message(m).done(done).build();
  }

  @Test
  void chatConcatenatesTextAndAccumulatesToolCallsAndLogprobs() {
    ToolCall call = ToolCall.of("f", Map.of("a", 1));
    List<ChatResponse> chunks =
        List.of(
            chunk(Message.builder("assistant").thinking("let me ").build(), false, T0),
            chunk(Message.builder("assistant").thinking("think").build(), false, T0),
            chunk(Message.assistant("Hel"), false, T0).toBuilder()
                .logprobs(List.of(Logprob.builder().token("Hel").logprob(-0.1).build()))
                .build(),
            chunk(Message.assistant("lo"), false, T0).toBuilder()
                .logprobs(List.of(Logprob.builder().token("lo").logprob(-0.2).build()))
                .build(),
            chunk(Message.builder("assistant").toolCalls(List.of(call)).build(), false, T0),
            chunk(Message.assistant(""), true, T1).toBuilder()
                .doneReason(DoneReason.STOP)
                .evalCount(3)
                .evalDuration(1_000_000_000)
                .build());
    ChatResponse r = ChatResponse.aggregate(chunks);
    assertThat(r.content()).isEqualTo("Hello");
    assertThat(r.thinking()).isEqualTo("let me think");
    assertThat(r.toolCalls()).containsExactly(call);
    assertThat(r.logprobs()).extracting(Logprob::token).containsExactly("Hel", "lo");
    assertThat(r.done()).isTrue();
    assertThat(r.doneReason()).isEqualTo("stop");
    assertThat(r.createdAt()).isEqualTo(T1);
    assertThat(r.evalCount()).isEqualTo(3);
    assertThat(r.tokensPerSecond()).isEqualTo(3.0);
  }

  @Test
  void chatResultCanBeTakenMidStream() {
    ChatAggregator a = new ChatAggregator();
    a.add(chunk(Message.assistant("a"), false, T0));
    assertThat(a.isDone()).isFalse();
    assertThat(a.result().content()).isEqualTo("a");
    a.add(chunk(Message.assistant("b"), true, T1));
    assertThat(a.result().content()).isEqualTo("ab");
    assertThat(a.count()).isEqualTo(2);
    assertThat(a.result().message().thinking()).isNull();
  }

  @Test
  void emptyAggregationIsAnError() {
    assertThatThrownBy(() -> new ChatAggregator().result())
        .isInstanceOf(IllegalStateException.class);
  }
}
