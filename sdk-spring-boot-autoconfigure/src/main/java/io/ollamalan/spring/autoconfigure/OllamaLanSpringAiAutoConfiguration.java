package io.ollamalan.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.ollamalan.OllamaClient;
import io.ollamalan.model.Think;
import io.ollamalan.spring.ai.OllamaLanChatModel;
import io.ollamalan.spring.ai.OllamaLanChatOptions;
import io.ollamalan.spring.ai.OllamaLanEmbeddingModel;
import io.ollamalan.spring.ai.OllamaLanEmbeddingOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.SpringAIModelProperties;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring AI's {@link ChatModel} and {@code EmbeddingModel} backed by the fleet. Like every Spring
 * AI model they are on unless {@code spring.ai.model.chat} / {@code spring.ai.model.embedding}
 * names another provider; set them to {@value #MODEL_NAME} to pick these when another Ollama
 * starter (the single-server one) is on the class path too.
 */
@AutoConfiguration(
    after = OllamaLanAutoConfiguration.class,
    afterName = {
      "org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass({OllamaClient.class, ChatModel.class})
@ConditionalOnBooleanProperty(
    name = OllamaLanProperties.CONFIG_PREFIX + ".enabled",
    matchIfMissing = true)
@ConditionalOnBean(OllamaClient.class)
public final class OllamaLanSpringAiAutoConfiguration {

  /** The value of {@code spring.ai.model.chat} and {@code spring.ai.model.embedding} for these. */
  public static final String MODEL_NAME = "ollama-lan";

  private static final String AI = OllamaLanProperties.CONFIG_PREFIX + ".ai.";

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = SpringAIModelProperties.CHAT_MODEL,
      havingValue = MODEL_NAME,
      matchIfMissing = true)
  static class Chat {

    @Bean
    @ConditionalOnMissingBean
    OllamaLanChatModel ollamaLanChatModel(
        OllamaClient client,
        OllamaLanProperties properties,
        ObjectProvider<ToolCallingManager> toolCallingManager,
        ObjectProvider<ObservationRegistry> observationRegistry) {
      return new OllamaLanChatModel(
          client,
          chatOptions(properties.getAi().getChat()),
          toolCallingManager.getIfUnique(() -> ToolCallingManager.builder().build()),
          observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = SpringAIModelProperties.EMBEDDING_MODEL,
      havingValue = MODEL_NAME,
      matchIfMissing = true)
  static class Embedding {

    @Bean
    @ConditionalOnMissingBean
    OllamaLanEmbeddingModel ollamaLanEmbeddingModel(
        OllamaClient client,
        OllamaLanProperties properties,
        ObjectProvider<ObservationRegistry> observationRegistry) {
      OllamaLanProperties.Embedding e = properties.getAi().getEmbedding();
      OllamaLanEmbeddingOptions options =
          OllamaLanEmbeddingOptions.builder()
              .model(e.getModel())
              .dimensions(e.getDimensions())
              .truncate(e.getTruncate())
              .keepAlive(goDuration(AI + "embedding.keep-alive", e.getKeepAlive()))
              .build();
      return new OllamaLanEmbeddingModel(
          client, options, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
    }
  }

  static OllamaLanChatOptions chatOptions(OllamaLanProperties.Chat c) {
    if (c.getThink() != null) {
      try {
        Think.parse(c.getThink());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            AI + "chat.think", c.getThink(), e.getMessage());
      }
    }
    if (c.getMaxTokens() != null && c.getMaxTokens() < -1) {
      throw new InvalidConfigurationPropertyValueException(
          AI + "chat.max-tokens", c.getMaxTokens(), "must be -1 (unbounded) or more");
    }
    if (c.getNumCtx() != null && c.getNumCtx() < 1) {
      throw new InvalidConfigurationPropertyValueException(
          AI + "chat.num-ctx", c.getNumCtx(), "must be positive");
    }
    return OllamaLanChatOptions.builder()
        .model(c.getModel())
        .temperature(c.getTemperature())
        .maxTokens(c.getMaxTokens())
        .numCtx(c.getNumCtx())
        .think(c.getThink())
        .keepAlive(goDuration(AI + "chat.keep-alive", c.getKeepAlive()))
        .build();
  }

  private static @Nullable String goDuration(String property, @Nullable Duration d) {
    if (d == null) {
      return null;
    }
    if (d.isNegative()) {
      throw new InvalidConfigurationPropertyValueException(
          property, d, "must not be negative; use a very long duration to keep the model loaded");
    }
    return d.toMillis() + "ms";
  }
}
