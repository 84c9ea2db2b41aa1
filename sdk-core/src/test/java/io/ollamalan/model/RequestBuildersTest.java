package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of every request builder and factory. */
class RequestBuildersTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void blankModelIsRejectedWithAHint(String model) {
    assertThatThrownBy(() -> ChatRequest.builder(model).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model")
        .hasMessageContaining("\"llama3.2\"");
    assertThatThrownBy(() -> GenerateRequest.builder(model).build()).hasMessageContaining("model");
    assertThatThrownBy(() -> EmbedRequest.builder(model).build()).hasMessageContaining("model");
    assertThatThrownBy(() -> ShowRequest.of(model)).hasMessageContaining("model");
    assertThatThrownBy(() -> PullRequest.of(model)).hasMessageContaining("model");
    assertThatThrownBy(() -> PushRequest.of(model)).hasMessageContaining("model");
    assertThatThrownBy(() -> DeleteRequest.of(model)).hasMessageContaining("model");
    assertThatThrownBy(() -> EmbeddingsRequest.of(model, "x")).hasMessageContaining("model");
  }

  @Test
  void topLogprobsMustBeZeroToTwenty() {
    assertThat(ChatRequest.builder("m").topLogprobs(0).build().topLogprobs()).isZero();
    assertThat(ChatRequest.builder("m").topLogprobs(20).build().topLogprobs()).isEqualTo(20);
    assertThatThrownBy(() -> ChatRequest.builder("m").topLogprobs(21).build())
        .hasMessageContaining("topLogprobs must be between 0 and 20");
    assertThatThrownBy(() -> GenerateRequest.builder("m").topLogprobs(-1).build())
        .hasMessageContaining("topLogprobs");
  }

  @Test
  void rawModeRejectsTemplateSystemAndContextWithOllamasMessage() {
    assertThatThrownBy(() -> GenerateRequest.builder("m").raw(true).system("s").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("raw mode does not support template, system, or context");
    assertThatThrownBy(() -> GenerateRequest.builder("m").raw(true).template("t").build())
        .hasMessage(GenerateRequest.RAW_CONFLICT_MESSAGE);
    assertThatThrownBy(() -> GenerateRequest.builder("m").raw(true).context(List.of(1)).build())
        .hasMessage(GenerateRequest.RAW_CONFLICT_MESSAGE);
    // Empty values are not a conflict, as in Ollama.
    assertThat(GenerateRequest.builder("m").raw(true).system("").build().raw()).isTrue();
    assertThat(GenerateRequest.builder("m").raw(false).system("s").build().system()).isEqualTo("s");
  }

  @Test
  void chatBuilderCollectsMessagesAndToolsAndIsImmutable() {
    ChatRequest r =
        ChatRequest.builder("m")
            .system("sys")
            .user("hi")
            .assistant("hello")
            .tool(Tool.function("f", "d", null))
            .build();
    assertThat(r.messages())
        .extracting(Message::role)
        .containsExactly("system", "user", "assistant");
    assertThat(r.tools().get(0).type()).isEqualTo("function");
    assertThat(r.tools().get(0).function().parameters()).isEmpty();
    assertThatThrownBy(() -> r.messages().add(Message.user("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.toBuilder().build()).isEqualTo(r);
  }

  @Test
  void emptyOptionsAreDropped() {
    assertThat(ChatRequest.builder("m").options(Options.empty()).build().options()).isNull();
  }

  @Test
  void requestsCopyTheirLists() {
    List<String> images = new ArrayList<>(List.of("aGk="));
    GenerateRequest r = GenerateRequest.builder("m").images(images).build();
    images.add("more");
    assertThat(r.images()).containsExactly("aGk=");
  }

  @Test
  void buildersNormalizeNullCollections() {
    ChatRequest r = ChatRequest.builder("m").messages(null).tools(null).build();
    assertThat(r.messages()).isEmpty();
    assertThat(r.tools()).isEmpty();
    CreateRequest c = CreateRequest.builder("m").from("base").build();
    assertThat(c.files()).isEmpty();
    assertThat(c.license()).isEmpty();
    assertThat(c.parameters()).isEmpty();
  }

  @Test
  void embedDimensionsMustBePositive() {
    assertThatThrownBy(() -> EmbedRequest.builder("e").dimensions(0).build())
        .hasMessageStartingWith("dimensions");
  }

  @Test
  void createNeedsFromOrFiles() {
    assertThatThrownBy(() -> CreateRequest.builder("m").build())
        .hasMessageContaining("neither 'from' or 'files' was specified");
    CreateRequest r = CreateRequest.builder("m").file("a.gguf", "sha256:00").license("MIT").build();
    assertThat(r.files()).containsEntry("a.gguf", "sha256:00");
    assertThat(r.license()).containsExactly("MIT");
  }

  @Test
  void copyNeedsBothNames() {
    assertThatThrownBy(() -> CopyRequest.of("", "b")).hasMessageStartingWith("source");
    assertThatThrownBy(() -> CopyRequest.of("a", " ")).hasMessageStartingWith("destination");
  }
}
