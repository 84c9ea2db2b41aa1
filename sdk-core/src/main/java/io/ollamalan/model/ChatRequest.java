package io.ollamalan.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to {@code POST /api/chat}. Whether the answer streams is decided by the call made with
 * it, not by the request. Make one with {@link #builder(String)}; the builder validates like the
 * node does.
 */
public final class ChatRequest {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "model", "model",
          "messages", "messages",
          "tools", "tools",
          "format", "format",
          "options", "options",
          "keep_alive", "keepAlive",
          "think", "think",
          "truncate", "truncate",
          "shift", "shift",
          "logprobs", "logprobs",
          "top_logprobs", "topLogprobs",
          "_debug_render_only", "debugRenderOnly",
          "stream", null);

  private final String model;
  private final List<Message> messages;
  private final List<Tool> tools;
  private final @Nullable Format format;
  private final @Nullable Options options;
  private final @Nullable KeepAlive keepAlive;
  private final @Nullable Think think;
  private final @Nullable Boolean truncate;
  private final @Nullable Boolean shift;
  private final @Nullable Boolean logprobs;
  private final @Nullable Integer topLogprobs;
  private final @Nullable Boolean debugRenderOnly;
  private final Map<String, Object> extraFields;

  private ChatRequest(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.messages = Values.list(b.messages, "messages");
    this.tools = Values.list(b.tools, "tools");
    this.format = b.format;
    this.options = Requests.options(b.options);
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
    b.messages.addAll(messages);
    b.tools.addAll(tools);
    b.format = format;
    b.options = options;
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
   * The conversation so far, oldest first; empty loads the model (or unloads it with {@link
   * KeepAlive#unloadNow()}); never null.
   */
  public List<Message> messages() {
    return messages;
  }

  /** Tools the model may call; never null. */
  public List<Tool> tools() {
    return tools;
  }

  /** Output constraint, or null for free text. */
  public @Nullable Format format() {
    return format;
  }

  /** Modelfile parameters, or null for the model's. */
  public @Nullable Options options() {
    return options;
  }

  /** How long to keep the model loaded afterwards, or null for the node's setting. */
  public @Nullable KeepAlive keepAlive() {
    return keepAlive;
  }

  /** Thinking control, or null for the model's default (thinking models think). */
  public @Nullable Think think() {
    return think;
  }

  /**
   * Whether to drop the oldest non-system messages to fit {@code num_ctx}; null means Ollama's
   * default, true.
   */
  public @Nullable Boolean truncate() {
    return truncate;
  }

  /** Whether to shift the context instead of failing when it fills; null means true. */
  public @Nullable Boolean shift() {
    return shift;
  }

  /** Whether to return token log probabilities; null means false. */
  public @Nullable Boolean logprobs() {
    return logprobs;
  }

  /** Alternatives per token with {@code logprobs}, 0 to 20; null means 0. */
  public @Nullable Integer topLogprobs() {
    return topLogprobs;
  }

  /**
   * Wire {@code _debug_render_only}: return the rendered prompt in {@code _debug_info} instead of
   * generating; null means false.
   */
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
    if (!(o instanceof ChatRequest)) {
      return false;
    }
    ChatRequest that = (ChatRequest) o;
    return Objects.equals(model, that.model)
        && Objects.equals(messages, that.messages)
        && Objects.equals(tools, that.tools)
        && Objects.equals(format, that.format)
        && Objects.equals(options, that.options)
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
        messages,
        tools,
        format,
        options,
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
    return "ChatRequest["
        + "model="
        + model
        + ", messages="
        + messages
        + ", tools="
        + tools
        + ", format="
        + format
        + ", options="
        + options
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

  /** Builds {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String model;
    private final List<Message> messages = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private @Nullable Format format;
    private @Nullable Options options;
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

    /** Appends a message. */
    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Replaces the messages. */
    public Builder messages(@Nullable List<Message> messages) {
      this.messages.clear();
      if (messages != null) {
        messages.forEach(this::message);
      }
      return this;
    }

    /** Appends a system message. */
    public Builder system(String text) {
      return message(Message.system(text));
    }

    /** Appends a user message. */
    public Builder user(String text) {
      return message(Message.user(text));
    }

    /** Appends an assistant message (history). */
    public Builder assistant(String text) {
      return message(Message.assistant(text));
    }

    /** Appends a tool. */
    public Builder tool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Replaces the tools. */
    public Builder tools(@Nullable List<Tool> tools) {
      this.tools.clear();
      if (tools != null) {
        tools.forEach(this::tool);
      }
      return this;
    }

    /** Output constraint; default none (free text). */
    public Builder format(@Nullable Format format) {
      this.format = format;
      return this;
    }

    /** Modelfile parameters; default none. Empty options are not sent. */
    public Builder options(@Nullable Options options) {
      this.options = options;
      return this;
    }

    /** Keep-alive; default the node's {@code OLLAMA_KEEP_ALIVE} (5m). */
    public Builder keepAlive(@Nullable KeepAlive keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Thinking control; default the model's (thinking models think). */
    public Builder think(@Nullable Think think) {
      this.think = think;
      return this;
    }

    /** Truncate the history to fit the context; Ollama's default true. */
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
      Requests.checkExtraField("ChatRequest", KNOWN_FIELDS, name);
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

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException if the model is blank or {@code topLogprobs} is outside
     *     0..20
     */
    public ChatRequest build() {
      Requests.requireModel(model);
      Requests.checkTopLogprobs(topLogprobs);
      return new ChatRequest(this);
    }
  }
}
