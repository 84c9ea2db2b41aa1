package io.ollamalan.spring.ai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.ollamalan.OllamaClient;
import io.ollamalan.model.ChatRequest;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.StringUtils;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@link ChatModel} backed by the whole fleet: each call goes to a node the client's
 * balancer picks, with failover before the first token. Calls and streams are observed through the
 * {@link ObservationRegistry} like Spring AI's own models; tools are declared from the options
 * through the {@link ToolCallingManager} and executed by {@code ChatClient}'s tool-calling advisor.
 *
 * <p>Cancelling the {@link Flux} of {@link #stream} cancels the node's HTTP call, so the node stops
 * generating.
 */
public class OllamaLanChatModel implements ChatModel {

  /** The provider name in observations. */
  public static final String PROVIDER = "ollama";

  private static final ChatModelObservationConvention DEFAULT_CONVENTION =
      new DefaultChatModelObservationConvention();

  private final OllamaClient client;
  private final OllamaLanChatOptions defaults;
  private final ToolCallingManager toolCallingManager;
  private final ObservationRegistry observationRegistry;
  private ChatModelObservationConvention observationConvention = DEFAULT_CONVENTION;

  /**
   * @param client the fleet client; not closed by this model
   * @param defaults options used where a prompt sets none; must name a model
   */
  public OllamaLanChatModel(
      OllamaClient client,
      OllamaLanChatOptions defaults,
      ToolCallingManager toolCallingManager,
      ObservationRegistry observationRegistry) {
    this.client = Objects.requireNonNull(client, "client");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager");
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
  }

  /** Uses another convention for the observations of calls. */
  public void setObservationConvention(ChatModelObservationConvention convention) {
    this.observationConvention = Objects.requireNonNull(convention, "convention");
  }

  @Override
  public OllamaLanChatOptions getOptions() {
    return defaults;
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    Prompt request = withOptions(prompt);
    ChatRequest chat = toRequest(request);
    ChatModelObservationContext context =
        ChatModelObservationContext.builder().prompt(request).provider(PROVIDER).build();
    return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
        .observation(observationConvention, DEFAULT_CONVENTION, () -> context, observationRegistry)
        .observe(
            () -> {
              ChatResponse response = SpringAiMapping.chatResponse(client.chat(chat));
              context.setResponse(response);
              return response;
            });
  }

  @Override
  public Flux<ChatResponse> stream(Prompt prompt) {
    return Flux.deferContextual(
        contextView -> {
          Prompt request = withOptions(prompt);
          ChatRequest chat = toRequest(request);
          ChatModelObservationContext context =
              ChatModelObservationContext.builder()
                  .prompt(request)
                  .provider(PROVIDER)
                  .streaming(true)
                  .build();
          Observation observation =
              ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(
                  observationConvention, DEFAULT_CONVENTION, () -> context, observationRegistry);
          Observation parent = contextView.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
          observation.parentObservation(parent);
          try (Observation.Scope ignored =
              parent != null ? parent.openScope() : Observation.Scope.NOOP) {
            observation.start();
          }
          Flux<ChatResponse> chunks =
              JdkFlowAdapter.flowPublisherToFlux(client.chatPublisher(chat))
                  .map(SpringAiMapping::chatResponse)
                  .doOnError(observation::error)
                  .doFinally(s -> observation.stop())
                  .contextWrite(c -> c.put(ObservationThreadLocalAccessor.KEY, observation));
          return new MessageAggregator().aggregate(chunks, context::setResponse);
        });
  }

  private ChatRequest toRequest(Prompt prompt) {
    OllamaLanChatOptions options =
        (OllamaLanChatOptions)
            Objects.requireNonNull(prompt.getOptions(), "the prompt carries no options");
    List<ToolDefinition> tools = toolCallingManager.resolveToolDefinitions(options);
    return SpringAiMapping.chatRequest(prompt, options, tools);
  }

  /**
   * The prompt with complete options: its own when they are ours (ChatClient starts from {@link
   * #getOptions()} already), else the defaults overlaid with the portable options it carries.
   */
  private Prompt withOptions(Prompt prompt) {
    ChatOptions given = prompt.getOptions();
    OllamaLanChatOptions options;
    if (given == null) {
      options = defaults;
    } else if (given instanceof OllamaLanChatOptions ours) {
      options =
          StringUtils.hasText(ours.getModel())
              ? ours
              : ours.mutate().model(defaults.getModel()).build();
    } else {
      OllamaLanChatOptions.Builder b = defaults.mutate();
      b.combineWith(given.mutate());
      options = b.build();
    }
    if (!StringUtils.hasText(options.getModel())) {
      throw new IllegalArgumentException(
          "no model: set ollama.lan.ai.chat.model or the prompt's options' model");
    }
    return prompt.mutate().chatOptions(options).build();
  }
}
