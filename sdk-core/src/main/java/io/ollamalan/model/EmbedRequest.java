package io.ollamalan.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /api/embed}: one embedding vector per input.
 *
 * <p>On the wire a single non-empty input is sent as a JSON string and anything else as an array;
 * the node treats both alike. No input loads the model.
 *
 * @param model the embedding model, e.g. {@code "all-minilm"}
 * @param input the texts to embed; never null
 * @param truncate truncate inputs longer than the context; null means Ollama's default, true. With
 *     false an over-long input fails with HTTP 400 {@code the input length exceeds the context
 *     length}
 * @param dimensions truncate and re-normalize vectors to this many dimensions; null means the
 *     model's full size
 * @param keepAlive how long to keep the model loaded afterwards, or null for the node's setting
 * @param options Modelfile parameters, or null
 */
public record EmbedRequest(
    String model,
    List<String> input,
    Boolean truncate,
    Integer dimensions,
    KeepAlive keepAlive,
    Options options) {

  /** Copies the input list. */
  public EmbedRequest {
    input = Values.list(input, "input");
  }

  /** A builder for {@code model}, e.g. {@code "all-minilm"}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** Builds an {@link EmbedRequest}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<String> input = new ArrayList<>();
    private Boolean truncate;
    private Integer dimensions;
    private KeepAlive keepAlive;
    private Options options;

    private Builder(String model) {
      this.model = model;
    }

    /** Replaces the model name. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Appends one input text. */
    public Builder input(String text) {
      input.add(Objects.requireNonNull(text, "input"));
      return this;
    }

    /** Appends input texts. */
    public Builder inputs(List<String> texts) {
      texts.forEach(this::input);
      return this;
    }

    /** Appends input texts. */
    public Builder inputs(String... texts) {
      return inputs(Arrays.asList(texts));
    }

    /** Truncate over-long inputs; Ollama's default true. */
    public Builder truncate(Boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /** Output dimensions; default the model's full size. */
    public Builder dimensions(Integer dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /** Keep-alive; default the node's {@code OLLAMA_KEEP_ALIVE} (5m). */
    public Builder keepAlive(KeepAlive keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Modelfile parameters; default the model's. */
    public Builder options(Options options) {
      this.options = options;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the model is blank or {@code dimensions} is not positive
     */
    public EmbedRequest build() {
      Requests.requireModel(model);
      if (dimensions != null && dimensions <= 0) {
        throw new IllegalArgumentException("dimensions must be positive, was " + dimensions);
      }
      return new EmbedRequest(
          model, input, truncate, dimensions, keepAlive, Requests.options(options));
    }
  }
}
