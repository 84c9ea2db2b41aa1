package io.ollamalan.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.Format;
import io.ollamalan.grpc.v1.KeepAlive;
import io.ollamalan.grpc.v1.Message;
import io.ollamalan.grpc.v1.Think;
import io.ollamalan.grpc.v1.Tool;
import io.ollamalan.grpc.v1.ToolCall;
import io.ollamalan.model.ChatResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoMapperServingTest {

  static ChatRequest.Builder chat() {
    return ChatRequest.newBuilder()
        .setModel("llama3.2")
        .addMessages(Message.newBuilder().setRole("user").setContent("hi"));
  }

  @Test
  void aChatRequestKeepsEveryField() {
    Struct schema =
        Struct.newBuilder()
            .putFields("type", Value.newBuilder().setStringValue("object").build())
            .build();
    io.ollamalan.model.ChatRequest r =
        ProtoMapper.fromProto(
            chat()
                .addMessages(
                    Message.newBuilder()
                        .setRole("assistant")
                        .addToolCalls(
                            ToolCall.newBuilder()
                                .setFunction(
                                    ToolCall.Function.newBuilder()
                                        .setName("weather")
                                        .setArguments(
                                            ProtoMapper.struct(Map.of("days", 3, "scale", 0.5))))))
                .addMessages(
                    Message.newBuilder()
                        .setRole("user")
                        .addImages(ByteString.copyFrom(new byte[] {(byte) 0xff, 0, 1})))
                .addTools(
                    Tool.newBuilder()
                        .setFunction(
                            Tool.Function.newBuilder().setName("weather").setParameters(schema)))
                .setFormat(Format.newBuilder().setSchema(schema))
                .setThink(Think.newBuilder().setLevel("HIGH"))
                .setKeepAlive(KeepAlive.newBuilder().setForever(true))
                .setTopLogprobs(3)
                .setLogprobs(true)
                .build());
    assertThat(r.messages()).hasSize(3);
    Map<String, Object> args = r.messages().get(1).toolCalls().get(0).function().arguments();
    assertThat(args).containsEntry("days", 3L).containsEntry("scale", 0.5);
    assertThat(r.messages().get(2).images()).containsExactly("/wAB");
    assertThat(r.tools().get(0).type()).isEqualTo("function");
    assertThat(r.format().schemaOrNull()).containsEntry("type", "object");
    assertThat(r.think().levelOrNull()).isEqualTo(io.ollamalan.model.Think.Level.HIGH);
    assertThat(r.keepAlive().isForever()).isTrue();
    assertThat(r.topLogprobs()).isEqualTo(3);
    assertThat(r.logprobs()).isTrue();
    assertThat(r.truncate()).isNull();
  }

  @Test
  void contradictoryOrEmptyOneofsAreRejectedNamingTheField() {
    assertThatThrownBy(
            () ->
                ProtoMapper.fromProto(chat().setFormat(Format.newBuilder().setJson(false)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("format.json");
    assertThatThrownBy(
            () ->
                ProtoMapper.fromProto(chat().setKeepAlive(KeepAlive.getDefaultInstance()).build()))
        .hasMessageStartingWith("keep_alive");
    assertThatThrownBy(
            () ->
                ProtoMapper.fromProto(
                    chat()
                        .setKeepAlive(
                            KeepAlive.newBuilder()
                                .setDuration(
                                    com.google.protobuf.Duration.newBuilder().setSeconds(-1)))
                        .build()))
        .hasMessageContaining("forever");
    assertThatThrownBy(
            () ->
                ProtoMapper.fromProto(
                    chat().addMessages(Message.newBuilder().setContent("x")).build()))
        .hasMessageStartingWith("messages.role");
  }

  @Test
  void aFinalChunkCarriesMetricsAndUnrecognizedFields() {
    ChatResponse r =
        ChatResponse.builder()
            .model("llama3.2")
            .message(io.ollamalan.model.Message.builder("assistant").content("ok").build())
            .done(true)
            .doneReason("stop")
            .evalCount(12)
            .evalDuration(3_000_000)
            .unknownFields(Map.of("remote_host", "https://x", "tags", List.of(1, 2)))
            .build();
    io.ollamalan.grpc.v1.ChatResponse p = ProtoMapper.toProto(r);
    assertThat(p.getMetrics().getEvalCount()).isEqualTo(12);
    assertThat(p.getMetrics().getEvalDuration()).isEqualTo(3_000_000);
    assertThat(p.getUnrecognizedFields().getFieldsMap().get("remote_host").getStringValue())
        .isEqualTo("https://x");
    assertThat(ProtoMapper.map(p.getUnrecognizedFields())).containsEntry("tags", List.of(1L, 2L));

    io.ollamalan.grpc.v1.ChatResponse chunk =
        ProtoMapper.toProto(r.toBuilder().done(false).unknownFields(Map.of()).build());
    assertThat(chunk.hasMetrics()).isFalse();
    assertThat(chunk.hasUnrecognizedFields()).isFalse();
  }

  @Test
  void aCallersMessageIsCheckedWhereAnAnswersIsTakenAsItComes() {
    Message emptyImage = Message.newBuilder().setRole("user").addImages(ByteString.EMPTY).build();
    Message unnamedCall =
        Message.newBuilder()
            .setRole("assistant")
            .addToolCalls(ToolCall.newBuilder().setId("call-1"))
            .build();
    assertThatThrownBy(() -> ProtoMapper.fromProto(chat().addMessages(emptyImage).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("images");
    assertThatThrownBy(() -> ProtoMapper.fromProto(chat().addMessages(unnamedCall).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool_calls.function.name");

    assertThat(ProtoMapper.fromProto(emptyImage).images()).containsExactly("");
    assertThat(ProtoMapper.fromProto(unnamedCall).toolCalls().get(0).id()).isEqualTo("call-1");
  }

  @Test
  void wholeNumbersUpToTwoToTheFiftyThirdComeBackAsIntegers() {
    long exact = 1L << 53;
    Map<String, Object> m =
        ProtoMapper.map(ProtoMapper.struct(Map.of("exact", exact, "beyond", 2.0 * exact)));
    assertThat(m.get("exact")).isEqualTo(exact);
    assertThat(m.get("beyond")).isEqualTo(2.0 * exact);
  }
}
