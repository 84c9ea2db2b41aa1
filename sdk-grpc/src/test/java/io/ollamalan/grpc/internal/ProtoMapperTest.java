package io.ollamalan.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Format;
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.Message;
import io.ollamalan.model.Options;
import io.ollamalan.model.Think;
import io.ollamalan.model.Tool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoMapperTest {
  private static final byte[] PNG = "\u0089PNG fake".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void chatRequestCarriesEverythingTheTypedApiCarries() {
    ChatRequest request =
        ChatRequest.builder("llava")
            .system("be brief")
            .message(
                Message.builder("user")
                    .content("what is this?")
                    .images(List.of(Base64.getEncoder().encodeToString(PNG)))
                    .build())
            .tool(
                Tool.function(
                    "weather", "current weather", Map.of("type", "object", "required", List.of())))
            .format(Format.schema(Map.of("type", "object")))
            .think(Think.level(Think.Level.HIGH))
            .keepAlive(KeepAlive.of(Duration.ofMinutes(10)))
            .options(Options.builder().temperature(0.2).extra("mirostat", 2).build())
            .logprobs(true)
            .topLogprobs(3)
            .extraField("future_flag", true)
            .build();

    io.ollamalan.grpc.v1.ChatRequest p = ProtoMapper.toProto(request);

    assertThat(p.getModel()).isEqualTo("llava");
    assertThat(p.getMessagesList()).hasSize(2);
    assertThat(p.getMessages(1).getImages(0)).isEqualTo(ByteString.copyFrom(PNG));
    assertThat(p.getTools(0).getFunction().getName()).isEqualTo("weather");
    assertThat(
            p.getTools(0).getFunction().getParameters().getFieldsOrThrow("type").getStringValue())
        .isEqualTo("object");
    assertThat(p.getFormat().hasSchema()).isTrue();
    assertThat(p.getThink().getLevel()).isEqualTo("high");
    assertThat(p.getKeepAlive().getDuration().getSeconds()).isEqualTo(600);
    assertThat(p.getOptions().getTemperature()).isEqualTo(0.2);
    assertThat(p.getOptions().hasTopK()).isFalse();
    assertThat(p.getOptions().getExtra().getFieldsOrThrow("mirostat").getNumberValue())
        .isEqualTo(2.0);
    assertThat(p.getLogprobs()).isTrue();
    assertThat(p.getTopLogprobs()).isEqualTo(3);
    assertThat(p.hasTruncate()).isFalse();
    assertThat(p.getExtraFields().getFieldsOrThrow("future_flag").getBoolValue()).isTrue();

    assertThat(
            ProtoMapper.toProto(ChatRequest.builder("m").keepAlive(KeepAlive.forever()).build())
                .getKeepAlive()
                .getForever())
        .isTrue();
    assertThat(
            ProtoMapper.toProto(ChatRequest.builder("m").format(Format.json()).build())
                .getFormat()
                .getJson())
        .isTrue();
  }

  @Test
  void chatResponseComesBackAsTheModelType() {
    io.ollamalan.grpc.v1.ChatResponse p =
        io.ollamalan.grpc.v1.ChatResponse.newBuilder()
            .setModel("llama3.2")
            .setMessage(
                io.ollamalan.grpc.v1.Message.newBuilder()
                    .setRole("assistant")
                    .setThinking("hmm")
                    .addImages(ByteString.copyFrom(PNG))
                    .addToolCalls(
                        io.ollamalan.grpc.v1.ToolCall.newBuilder()
                            .setFunction(
                                io.ollamalan.grpc.v1.ToolCall.Function.newBuilder()
                                    .setName("weather")
                                    .setArguments(
                                        Struct.newBuilder()
                                            .putFields(
                                                "days",
                                                Value.newBuilder().setNumberValue(3).build())
                                            .putFields(
                                                "city",
                                                Value.newBuilder()
                                                    .setStringValue("Oslo")
                                                    .build())))))
            .setDone(true)
            .setDoneReason("stop")
            .setMetrics(
                io.ollamalan.grpc.v1.Metrics.newBuilder().setEvalCount(5).setEvalDuration(1_000))
            .setUnrecognizedFields(
                Struct.newBuilder()
                    .putFields("new_field", Value.newBuilder().setStringValue("x").build()))
            .build();

    ChatResponse r = ProtoMapper.fromProto(p);

    assertThat(r.model()).isEqualTo("llama3.2");
    assertThat(r.done()).isTrue();
    assertThat(r.thinking()).isEqualTo("hmm");
    assertThat(r.message().images()).containsExactly(Base64.getEncoder().encodeToString(PNG));
    assertThat(r.toolCalls()).hasSize(1);
    assertThat(r.toolCalls().get(0).function().arguments())
        .containsEntry("days", 3L)
        .containsEntry("city", "Oslo");
    assertThat(r.evalCount()).isEqualTo(5);
    assertThat(r.unknownFields()).containsEntry("new_field", "x");
  }
}
