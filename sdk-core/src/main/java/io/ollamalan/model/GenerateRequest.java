package io.ollamalan.model;

import java.util.Arrays;
import java.util.List;

/**
 * A request to {@code POST /api/generate}: a completion for one prompt. Whether the answer streams
 * is decided by the call made with it.
 *
 * <p>Make one with {@link #builder(String)}; the builder validates like the node does. The
 * canonical constructor only copies.
 *
 * @param model the model name, e.g. {@code "llama3.2"}
 * @param prompt the prompt; null or empty loads the model (or unloads it with {@link
 *     KeepAlive#unloadNow()})
 * @param suffix text after the completion (fill-in-the-middle); needs the {@code insert} capability
 * @param images base64-encoded images for vision models; never null
 * @param format output constraint, or null for free text
 * @param options Modelfile parameters, or null
 * @param system overrides the Modelfile SYSTEM prompt, or null
 * @param template overrides the Modelfile TEMPLATE (Go template syntax), or null
 * @param context deprecated: token ids from a previous {@link GenerateResponse#context()} to
 *     continue from; never null
 * @param raw send the prompt without templating; Ollama's default false. Cannot be combined with
 *     template, system or context
 * @param keepAlive how long to keep the model loaded afterwards, or null for the node's setting
 * @param think thinking control, or null for the model's default
 * @param truncate truncate the prompt to the context; null means true
 * @param shift shift the context when it fills; null means true
 * @param logprobs return token log probabilities; null means false
 * @param topLogprobs alternatives per token, 0 to 20; null means 0
 * @param debugRenderOnly wire {@code _debug_render_only}; null means false
 */
public record GenerateRequest(
    String model,
    String prompt,
    String suffix,
    List<String> images,
    Format format,
    Options options,
    String system,
    String template,
    List<Integer> context,
    Boolean raw,
    KeepAlive keepAlive,
    Think think,
    Boolean truncate,
    Boolean shift,
    Boolean logprobs,
    Integer topLogprobs,
    Boolean debugRenderOnly) {

  /** Ollama's message when raw mode is combined with a template, system prompt or context. */
  public static final String RAW_CONFLICT_MESSAGE =
      "raw mode does not support template, system, or context";

  /** Copies the lists. */
  public GenerateRequest {
    images = Values.list(images, "images");
    context = Values.list(context, "context");
  }

  /** A builder for a completion with {@code model}, e.g. {@code "llama3.2"}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.prompt = prompt;
    b.suffix = suffix;
    b.images = images;
    b.format = format;
    b.options = options;
    b.system = system;
    b.template = template;
    b.context = context;
    b.raw = raw;
    b.keepAlive = keepAlive;
    b.think = think;
    b.truncate = truncate;
    b.shift = shift;
    b.logprobs = logprobs;
    b.topLogprobs = topLogprobs;
    b.debugRenderOnly = debugRenderOnly;
    return b;
  }

  /** Builds a {@link GenerateRequest}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private String prompt;
    private String suffix;
    private List<String> images = List.of();
    private Format format;
    private Options options;
    private String system;
    private String template;
    private List<Integer> context = List.of();
    private Boolean raw;
    private KeepAlive keepAlive;
    private Think think;
    private Boolean truncate;
    private Boolean shift;
    private Boolean logprobs;
    private Integer topLogprobs;
    private Boolean debugRenderOnly;

    private Builder(String model) {
      this.model = model;
    }

    /** Replaces the model name. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The prompt; default none (load only). */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Fill-in-the-middle suffix; default none. */
    public Builder suffix(String suffix) {
      this.suffix = suffix;
      return this;
    }

    /** Base64-encoded images; default none. */
    public Builder images(List<String> images) {
      this.images = images;
      return this;
    }

    /** Base64-encoded images; default none. */
    public Builder images(String... images) {
      return images(Arrays.asList(images));
    }

    /** Output constraint; default free text. */
    public Builder format(Format format) {
      this.format = format;
      return this;
    }

    /** Modelfile parameters; default the model's. */
    public Builder options(Options options) {
      this.options = options;
      return this;
    }

    /** System prompt; default the Modelfile's SYSTEM. */
    public Builder system(String system) {
      this.system = system;
      return this;
    }

    /** Prompt template; default the Modelfile's TEMPLATE. */
    public Builder template(String template) {
      this.template = template;
      return this;
    }

    /** Deprecated conversation context from a previous response; default none. */
    public Builder context(List<Integer> context) {
      this.context = context;
      return this;
    }

    /** Raw mode (no templating); Ollama's default false. */
    public Builder raw(Boolean raw) {
      this.raw = raw;
      return this;
    }

    /** Keep-alive; default the node's {@code OLLAMA_KEEP_ALIVE} (5m). */
    public Builder keepAlive(KeepAlive keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Thinking control; default the model's. */
    public Builder think(Think think) {
      this.think = think;
      return this;
    }

    /** Truncate to the context; Ollama's default true. */
    public Builder truncate(Boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /** Shift the context when it fills; Ollama's default true. */
    public Builder shift(Boolean shift) {
      this.shift = shift;
      return this;
    }

    /** Return token log probabilities; Ollama's default false. */
    public Builder logprobs(Boolean logprobs) {
      this.logprobs = logprobs;
      return this;
    }

    /** Alternatives per token, 0 to 20; Ollama's default 0. */
    public Builder topLogprobs(Integer topLogprobs) {
      this.topLogprobs = topLogprobs;
      return this;
    }

    /** Return the rendered prompt instead of generating; Ollama's default false. */
    public Builder debugRenderOnly(Boolean debugRenderOnly) {
      this.debugRenderOnly = debugRenderOnly;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the model is blank, {@code topLogprobs} is outside 0..20,
     *     or raw mode is combined with a template, system prompt or context ({@value
     *     #RAW_CONFLICT_MESSAGE})
     */
    public GenerateRequest build() {
      Requests.requireModel(model);
      Requests.checkTopLogprobs(topLogprobs);
      boolean hasContext = context != null && !context.isEmpty();
      if (Boolean.TRUE.equals(raw) && (!isEmpty(template) || !isEmpty(system) || hasContext)) {
        throw new IllegalArgumentException(RAW_CONFLICT_MESSAGE);
      }
      return new GenerateRequest(
          model,
          prompt,
          suffix,
          images,
          format,
          Requests.options(options),
          system,
          template,
          context,
          raw,
          keepAlive,
          think,
          truncate,
          shift,
          logprobs,
          topLogprobs,
          debugRenderOnly);
    }

    private static boolean isEmpty(String s) {
      return s == null || s.isEmpty();
    }
  }
}
