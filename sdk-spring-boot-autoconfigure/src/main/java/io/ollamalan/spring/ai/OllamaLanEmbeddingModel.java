package io.ollamalan.spring.ai;

import io.micrometer.observation.ObservationRegistry;
import io.ollamalan.OllamaClient;
import io.ollamalan.model.EmbedRequest;
import java.util.Objects;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.AbstractEmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.DefaultEmbeddingModelObservationConvention;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationConvention;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationDocumentation;
import org.springframework.util.StringUtils;

/**
 * A Spring AI {@link org.springframework.ai.embedding.EmbeddingModel} backed by the fleet ({@code
 * /api/embed}, normalized vectors), observed through the {@link ObservationRegistry}.
 */
public class OllamaLanEmbeddingModel extends AbstractEmbeddingModel {

  private static final EmbeddingModelObservationConvention DEFAULT_CONVENTION =
      new DefaultEmbeddingModelObservationConvention();

  private final OllamaClient client;
  private final OllamaLanEmbeddingOptions defaults;
  private final ObservationRegistry observationRegistry;

  /**
   * @param client the fleet client; not closed by this model
   * @param defaults options used where a request sets none; must name a model
   */
  public OllamaLanEmbeddingModel(
      OllamaClient client, OllamaLanEmbeddingOptions defaults, ObservationRegistry registry) {
    this.client = Objects.requireNonNull(client, "client");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.observationRegistry = Objects.requireNonNull(registry, "registry");
  }

  /** The options used where a request sets none. */
  public OllamaLanEmbeddingOptions getOptions() {
    return defaults;
  }

  @Override
  public float[] embed(Document document) {
    String text = document.getText();
    if (text == null) {
      throw new IllegalArgumentException("document " + document.getId() + " has no text");
    }
    return embed(text);
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    if (request.getInstructions().isEmpty()) {
      throw new IllegalArgumentException("at least one text is required");
    }
    OllamaLanEmbeddingOptions options = defaults.overlaidWith(request.getOptions());
    if (!StringUtils.hasText(options.getModel())) {
      throw new IllegalArgumentException(
          "no model: set ollama.lan.ai.embedding.model or the request's options' model");
    }
    EmbeddingRequest effective = new EmbeddingRequest(request.getInstructions(), options);
    EmbedRequest embed = SpringAiMapping.embedRequest(request.getInstructions(), options);
    EmbeddingModelObservationContext context =
        EmbeddingModelObservationContext.builder()
            .embeddingRequest(effective)
            .provider(OllamaLanChatModel.PROVIDER)
            .build();
    return EmbeddingModelObservationDocumentation.EMBEDDING_MODEL_OPERATION
        .observation(null, DEFAULT_CONVENTION, () -> context, observationRegistry)
        .observe(
            () -> {
              EmbeddingResponse response = SpringAiMapping.embeddingResponse(client.embed(embed));
              context.setResponse(response);
              return response;
            });
  }
}
