package io.ollamalan.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to {@code POST /api/generate}: a completion for one prompt. Whether the answer streams
 * is decided by the call made with it. Make one with {@link #builder(String)}; the builder
 * validates like the node does.
 */
public final class GenerateRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "prompt", "prompt",
          "suffix", "suffix",
          "images", "images",
          "format", "format",
          "options", "options",
          "system", "system",
          "template", "template",
          "context", "context",
          "raw", "raw",
          "keep_alive", "keepAlive",
          "think", "think",
          "truncate", "truncate",
          "shift", "shift",
          "logprobs", "logprobs",
          "top_logprobs", "topLogprobs",
          "_debug_render_only", "debugRenderOnly",
          "stream", null);

  /** Ollama's message when raw mode is combined with a template, system prompt or context. */
  public static final String RAW_CONFLICT_MESSAGE =
      "raw mode does not support template, system, or context";

  private final String model;
  private final @Nullable String prompt;
  private final @Nullable String suffix;
  private final List<String> images;
  private final @Nullable Format format;
  private final @Nullable Options options;
  private final @Nullable String system;
  private final @Nullable String template;
  private final List<Integer> context;
  private final @Nullable Boolean raw;
  private final @Nullable KeepAlive keepAlive;
  private final @Nullable Think think;
  private final @Nullable Boolean truncate;
  private final @Nullable Boolean shift;
  private final @Nullable Boolean logprobs;
  private final @Nullable Integer topLogprobs;
  private final @Nullable Boolean debugRenderOnly;
  private final Map<String, Object> extraFields;

  private GenerateRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.prompt = b.prompt;
    this.suffix = b.suffix;
    this.images = Values.list(b.images, "images");
    this.format = b.format;
    this.options = Requests.options(b.options);
    this.system = b.system;
    this.template = b.template;
    this.context = Values.list(b.context, "context");
    this.raw = b.raw;
    this.keepAlive = b.keepAlive;
    this.think = b.think;
    this.truncate = b.truncate;
    this.shift = b.shift;
    this.logprobs = b.logprobs;
    this.topLogprobs = b.topLogprobs;
    this.debugRenderOnly = b.debugRenderOnly;
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set; {@link Builder#model} must be set before building. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for {@code model}, e.g. {@code "llama3.2"}. */
  public static Builder builder(String model) {
    return new Builder().model(model);
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
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
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** The model name, e.g. {@code "llama3.2"}. */
  public String model() {
    return model;
  }

  /**
   * The prompt; null or empty loads the model (or unloads it with {@link KeepAlive#unloadNow()}).
   */
  public @Nullable String prompt() {
    return prompt;
  }

  /**
   * Text after the completion (fill-in-the-middle), or null; needs the {@code insert} capability.
   */
  public @Nullable String suffix() {
    return suffix;
  }

  /** Base64-encoded images for vision models; never null. */
  public List<String> images() {
    return images;
  }

  /** Output constraint, or null for free text. */
  public @Nullable Format format() {
    return format;
  }

  /** Modelfile parameters, or null. */
  public @Nullable Options options() {
    return options;
  }

  /** Overrides the Modelfile SYSTEM prompt, or null. */
  public @Nullable String system() {
    return system;
  }

  /** Overrides the Modelfile TEMPLATE (Go template syntax), or null. */
  public @Nullable String template() {
    return template;
  }

  /**
   * Deprecated: token ids from a previous {@link GenerateResponse#context()} to continue from;
   * never null.
   */
  public List<Integer> context() {
    return context;
  }

  /**
   * Send the prompt without templating; null means Ollama's default, false. Cannot be combined with
   * template, system or context.
   */
  public @Nullable Boolean raw() {
    return raw;
  }

  /** How long to keep the model loaded afterwards, or null for the node's setting. */
  public @Nullable KeepAlive keepAlive() {
    return keepAlive;
  }

  /** Thinking control, or null for the model's default. */
  public @Nullable Think think() {
    return think;
  }

  /** Truncate the prompt to the context; null means true. */
  public @Nullable Boolean truncate() {
    return truncate;
  }

  /** Shift the context when it fills; null means true. */
  public @Nullable Boolean shift() {
    return shift;
  }

  /** Return token log probabilities; null means false. */
  public @Nullable Boolean logprobs() {
    return logprobs;
  }

  /** Alternatives per token, 0 to 20; null means 0. */
  public @Nullable Integer topLogprobs() {
    return topLogprobs;
  }

  /** Wire {@code _debug_render_only}; null means false. */
  public @Nullable Boolean debugRenderOnly() {
    return debugRenderOnly;
  }

  /**
   * Fields this SDK has no typed setter for yet, by wire name, written to the wire as-is after the
   * typed fields, in insertion order (see {@link Builder#extraField}); never null.
   */
  public Map<String, Object> extraFields() {
    return extraFields;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof GenerateRequest)) {
      return false;
    }
    GenerateRequest that = (GenerateRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(prompt, that.prompt)
        && Objects.equals(suffix, that.suffix)
        && Objects.equals(images, that.images)
        && Objects.equals(format, that.format)
        && Objects.equals(options, that.options)
        && Objects.equals(system, that.system)
        && Objects.equals(template, that.template)
        && Objects.equals(context, that.context)
        && Objects.equals(raw, that.raw)
        && Objects.equals(keepAlive, that.keepAlive)
        && Objects.equals(think, that.think)
        && Objects.equals(truncate, that.truncate)
        && Objects.equals(shift, that.shift)
        && Objects.equals(logprobs, that.logprobs)
        && Objects.equals(topLogprobs, that.topLogprobs)
        && Objects.equals(debugRenderOnly, that.debugRenderOnly)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        model,
        prompt,
        suffix,
        images,
        format,
        options,
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
        debugRenderOnly,
        extraFields);
  }

  @Override
  public String toString() {
    return "GenerateRequest["
        + "model="
        + model
        + ", prompt="
        + prompt
        + ", suffix="
        + suffix
        + ", images="
        + images
        + ", format="
        + format
        + ", options="
        + options
        + ", system="
        + system
        + ", template="
        + template
        + ", context="
        + context
        + ", raw="
        + raw
        + ", keepAlive="
        + keepAlive
        + ", think="
        + think
        + ", truncate="
        + truncate
        + ", shift="
        + shift
        + ", logprobs="
        + logprobs
        + ", topLogprobs="
        + topLogprobs
        + ", debugRenderOnly="
        + debugRenderOnly
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link GenerateRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private @Nullable String prompt;
    private @Nullable String suffix;
    private @Nullable List<String> images = List.of();
    private @Nullable Format format;
    private @Nullable Options options;
    private @Nullable String system;
    private @Nullable String template;
    private @Nullable List<Integer> context = List.of();
    private @Nullable Boolean raw;
    private @Nullable KeepAlive keepAlive;
    private @Nullable Think think;
    private @Nullable Boolean truncate;
    private @Nullable Boolean shift;
    private @Nullable Boolean logprobs;
    private @Nullable Integer topLogprobs;
    private @Nullable Boolean debugRenderOnly;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The model name, e.g. {@code "llama3.2"}; required. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** The prompt; default none (load only). */
    public Builder prompt(@Nullable String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** Fill-in-the-middle suffix; default none. */
    public Builder suffix(@Nullable String suffix) {
      this.suffix = suffix;
      return this;
    }

    /** Base64-encoded images; default none. */
    public Builder images(@Nullable List<String> images) {
      this.images = images;
      return this;
    }

    /** Output constraint; default free text. */
    public Builder format(@Nullable Format format) {
      this.format = format;
      return this;
    }

    /** Modelfile parameters; default the model's. */
    public Builder options(@Nullable Options options) {
      this.options = options;
      return this;
    }

    /** System prompt; default the Modelfile's SYSTEM. */
    public Builder system(@Nullable String system) {
      this.system = system;
      return this;
    }

    /** Prompt template; default the Modelfile's TEMPLATE. */
    public Builder template(@Nullable String template) {
      this.template = template;
      return this;
    }

    /** Deprecated conversation context from a previous response; default none. */
    public Builder context(@Nullable List<Integer> context) {
      this.context = context;
      return this;
    }

    /** Raw mode (no templating); Ollama's default false. */
    public Builder raw(@Nullable Boolean raw) {
      this.raw = raw;
      return this;
    }

    /** Keep-alive; default the node's {@code OLLAMA_KEEP_ALIVE} (5m). */
    public Builder keepAlive(@Nullable KeepAlive keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Thinking control; default the model's. */
    public Builder think(@Nullable Think think) {
      this.think = think;
      return this;
    }

    /** Truncate to the context; Ollama's default true. */
    public Builder truncate(@Nullable Boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /** Shift the context when it fills; Ollama's default true. */
    public Builder shift(@Nullable Boolean shift) {
      this.shift = shift;
      return this;
    }

    /** Return token log probabilities; Ollama's default false. */
    public Builder logprobs(@Nullable Boolean logprobs) {
      this.logprobs = logprobs;
      return this;
    }

    /** Alternatives per token, 0 to 20; Ollama's default 0. */
    public Builder topLogprobs(@Nullable Integer topLogprobs) {
      this.topLogprobs = topLogprobs;
      return this;
    }

    /** Return the rendered prompt instead of generating; Ollama's default false. */
    public Builder debugRenderOnly(@Nullable Boolean debugRenderOnly) {
      this.debugRenderOnly = debugRenderOnly;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("GenerateRequest", KNOWN_FIELDS, name);
      if (extraFields == null) {
        extraFields = new LinkedHashMap<>(4);
      }
      extraFields.put(name, value);
      return this;
    }

    /** Replaces all extra fields with {@code fields} (see {@link #extraField}). */
    public Builder extraFields(@Nullable Map<String, ?> fields) {
      extraFields = null;
      if (fields != null) {
        fields.forEach(this::extraField);
      }
      return this;
    }

    /** Base64-encoded images; default none. */
    public Builder images(String... images) {
      return images(Arrays.asList(images));
    }

    private static boolean isEmpty(@Nullable String s) {
      return s == null || s.isEmpty();
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
      return new GenerateRequest(this);
    }
  }
}
