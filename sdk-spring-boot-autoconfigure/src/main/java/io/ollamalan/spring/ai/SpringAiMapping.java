package io.ollamalan.spring.ai;

import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.Format;
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.Message;
import io.ollamalan.model.Options;
import io.ollamalan.model.Think;
import io.ollamalan.model.Tool;
import io.ollamalan.model.ToolCall;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.util.json.JsonParser;

/**
 * Every conversion between Spring AI's types and the SDK's wire types, in one place. The metadata
 * keys are those of Spring AI's own Ollama model, so code reading them works with either.
 */
final class SpringAiMapping {

  /** Metadata key of the thinking text, on the assistant message and the generation. */
  static final String THINKING = "thinking";

  private SpringAiMapping() {}

  static ChatRequest chatRequest(
      Prompt prompt, OllamaLanChatOptions o, List<ToolDefinition> toolDefinitions) {
    ChatRequest.Builder b =
        ChatRequest.builder(
            Objects.requireNonNull(
                o.getModel(), "no chat model: set ollama.lan.ai.chat.model or the prompt's model"));
    for (org.springframework.ai.chat.messages.Message m : prompt.getInstructions()) {
      messages(m).forEach(b::message);
    }
    for (ToolDefinition t : toolDefinitions) {
      b.tool(Tool.function(t.name(), t.description(), jsonObject(t.inputSchema())));
    }
    Options options = options(o);
    if (!options.isEmpty()) {
      b.options(options);
    }
    if (o.getFormat() != null) {
      b.format(format(o.getFormat()));
    }
    if (o.getKeepAlive() != null) {
      b.keepAlive(KeepAlive.parse(o.getKeepAlive()));
    }
    if (o.getThink() != null) {
      b.think(Think.parse(o.getThink()));
    }
    b.truncate(o.getTruncate());
    return b.build();
  }

  private static List<Message> messages(org.springframework.ai.chat.messages.Message m) {
    MessageType type = m.getMessageType();
    String text = m.getText() == null ? "" : m.getText();
    switch (type) {
      case SYSTEM:
        return List.of(Message.system(text));
      case USER:
        List<String> images = new ArrayList<>();
        if (m instanceof UserMessage u) {
          for (Media media : u.getMedia()) {
            images.add(image(media.getData()));
          }
        }
        return List.of(Message.builder(Message.USER).content(text).images(images).build());
      case ASSISTANT:
        AssistantMessage a = (AssistantMessage) m;
        List<ToolCall> calls = new ArrayList<>();
        int i = 0;
        for (AssistantMessage.ToolCall c : a.getToolCalls()) {
          calls.add(
              ToolCall.builder()
                  .id(c.id())
                  .function(
                      ToolCall.Function.builder()
                          .index(i++)
                          .name(c.name())
                          .arguments(jsonObject(c.arguments()))
                          .build())
                  .build());
        }
        return List.of(Message.builder(Message.ASSISTANT).content(text).toolCalls(calls).build());
      case TOOL:
        List<Message> results = new ArrayList<>();
        for (ToolResponseMessage.ToolResponse r : ((ToolResponseMessage) m).getResponses()) {
          results.add(
              Message.builder(Message.TOOL)
                  .content(r.responseData())
                  .toolName(r.name())
                  .toolCallId(r.id())
                  .build());
        }
        return results;
      default:
        throw new IllegalArgumentException("unsupported message type " + type);
    }
  }

  private static String image(Object data) {
    if (data instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (data instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        "unsupported media data " + data.getClass().getName() + ": give bytes or base64 text");
  }

  static Options options(OllamaLanChatOptions o) {
    Options.Builder b =
        Options.builder()
            .temperature(o.getTemperature())
            .topK(o.getTopK())
            .topP(o.getTopP())
            .numPredict(o.getMaxTokens())
            .presencePenalty(o.getPresencePenalty())
            .frequencyPenalty(o.getFrequencyPenalty())
            .seed(o.getSeed())
            .numCtx(o.getNumCtx())
            .numBatch(o.getNumBatch())
            .numGpu(o.getNumGPU())
            .mainGpu(o.getMainGPU())
            .useMmap(o.getUseMMap())
            .numThread(o.getNumThread())
            .numKeep(o.getNumKeep())
            .minP(o.getMinP())
            .typicalP(o.getTypicalP())
            .repeatLastN(o.getRepeatLastN())
            .repeatPenalty(o.getRepeatPenalty());
    if (o.getStopSequences() != null && !o.getStopSequences().isEmpty()) {
      b.stop(o.getStopSequences());
    }
    extra(b, "numa", o.getUseNUMA());
    extra(b, "low_vram", o.getLowVRAM());
    extra(b, "f16_kv", o.getF16KV());
    extra(b, "logits_all", o.getLogitsAll());
    extra(b, "vocab_only", o.getVocabOnly());
    extra(b, "use_mlock", o.getUseMLock());
    extra(b, "tfs_z", o.getTfsZ());
    extra(b, "mirostat", o.getMirostat());
    extra(b, "mirostat_tau", o.getMirostatTau());
    extra(b, "mirostat_eta", o.getMirostatEta());
    extra(b, "penalize_newline", o.getPenalizeNewline());
    return b.build();
  }

  private static void extra(Options.Builder b, String name, @Nullable Object value) {
    if (value != null) {
      b.extra(name, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Format format(Object format) {
    if (format instanceof String s) {
      return s.strip().equals("json") || s.isBlank() ? Format.json() : Format.schema(jsonObject(s));
    }
    if (format instanceof Map<?, ?> m) {
      return Format.schema((Map<String, ?>) m);
    }
    throw new IllegalArgumentException(
        "format must be \"json\" or a JSON schema as a Map, was " + format.getClass().getName());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonObject(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    Map<String, Object> map = JsonParser.fromJson(json, LinkedHashMap.class);
    return map == null ? new LinkedHashMap<>() : map;
  }

  /**
   * One Spring AI response for one SDK response, a whole answer or a stream chunk. Usage and
   * durations are on chunks that carry them (the last one of a stream).
   */
  static ChatResponse chatResponse(io.ollamalan.model.ChatResponse r) {
    List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();
    for (ToolCall c : r.toolCalls()) {
      toolCalls.add(
          new AssistantMessage.ToolCall(
              c.id() == null ? "" : c.id(),
              "function",
              c.function().name(),
              JsonParser.toJson(c.function().arguments())));
    }
    String thinking = r.message() == null ? null : r.message().thinking();
    Map<String, Object> properties = thinking == null ? Map.of() : Map.of(THINKING, thinking);
    AssistantMessage message =
        AssistantMessage.builder()
            .content(r.content())
            .properties(properties)
            .toolCalls(toolCalls)
            .build();
    ChatGenerationMetadata generationMetadata = ChatGenerationMetadata.NULL;
    if (r.done() || thinking != null) {
      ChatGenerationMetadata.Builder g = ChatGenerationMetadata.builder();
      if (r.done() && r.doneReason() != null) {
        g.finishReason(r.doneReason());
      }
      if (thinking != null) {
        g.metadata(THINKING, thinking);
      }
      generationMetadata = g.build();
    }
    ChatResponseMetadata.Builder metadata =
        ChatResponseMetadata.builder()
            .usage(
                new DefaultUsage(
                    (int) Math.min(Integer.MAX_VALUE, r.promptEvalCount()),
                    (int) Math.min(Integer.MAX_VALUE, r.evalCount())))
            .keyValue("done", r.done());
    if (r.model() != null) {
      metadata.model(r.model());
    }
    if (r.done()) {
      metadata
          .keyValue("created-at", r.createdAt())
          .keyValue("eval-duration", r.evalTime())
          .keyValue("eval-count", (int) Math.min(Integer.MAX_VALUE, r.evalCount()))
          .keyValue("load-duration", r.loadTime())
          .keyValue("prompt-eval-duration", r.promptEvalTime())
          .keyValue("prompt-eval-count", (int) Math.min(Integer.MAX_VALUE, r.promptEvalCount()))
          .keyValue("total-duration", r.totalTime());
    }
    return new ChatResponse(List.of(new Generation(message, generationMetadata)), metadata.build());
  }

  static EmbedRequest embedRequest(List<String> inputs, OllamaLanEmbeddingOptions o) {
    EmbedRequest.Builder b =
        EmbedRequest.builder(
                Objects.requireNonNull(
                    o.getModel(),
                    "no embedding model: set ollama.lan.ai.embedding.model or the request's model"))
            .inputs(inputs)
            .truncate(o.getTruncate())
            .dimensions(o.getDimensions());
    if (o.getKeepAlive() != null) {
      b.keepAlive(KeepAlive.parse(o.getKeepAlive()));
    }
    return b.build();
  }

  static EmbeddingResponse embeddingResponse(EmbedResponse r) {
    List<Embedding> embeddings = new ArrayList<>(r.embeddings().size());
    for (int i = 0; i < r.embeddings().size(); i++) {
      embeddings.add(new Embedding(r.embedding(i), i));
    }
    return new EmbeddingResponse(
        embeddings,
        new EmbeddingResponseMetadata(
            r.model() == null ? "" : r.model(),
            new DefaultUsage((int) Math.min(Integer.MAX_VALUE, r.promptEvalCount()), 0)));
  }
}
