package io.ollamalan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request to {@code POST /api/chat}. Whether the answer streams is decided by the call made with
 * it, not by the request.
 *
 * <p>Make one with {@link #builder(String)}; the builder validates like the node does. The
 * canonical constructor only copies, so a request decoded from a peer may carry values the node
 * would reject.
 *
 * @param model the model name, e.g. {@code "llama3.2"}
 * @param messages the conversation so far, oldest first; empty loads the model (or unloads it with
 *     {@link KeepAlive#unloadNow()}); never null
 * @param tools tools the model may call; never null
 * @param format output constraint, or null for free text
 * @param options Modelfile parameters, or null for the model's
 * @param keepAlive how long to keep the model loaded afterwards, or null for the node's setting
 * @param think thinking control, or null for the model's default (thinking models think)
 * @param truncate whether to drop the oldest non-system messages to fit {@code num_ctx}; null means
 *     Ollama's default, true
 * @param shift whether to shift the context instead of failing when it fills; null means true
 * @param logprobs whether to return token log probabilities; null means false
 * @param topLogprobs alternatives per token with {@code logprobs}, 0 to 20; null means 0
 * @param debugRenderOnly wire {@code _debug_render_only}: return the rendered prompt in {@code
 *     _debug_info} instead of generating; null means false
 */
public record ChatRequest(
    String model,
    List<Message> messages,
    List<Tool> tools,
    Format format,
    Options options,
    KeepAlive keepAlive,
    Think think,
    Boolean truncate,
    Boolean shift,
    Boolean logprobs,
    Integer topLogprobs,
    Boolean debugRenderOnly) {

  /** Copies the lists. */
  public ChatRequest {
    messages = Values.list(messages, "messages");
    tools = Values.list(tools, "tools");
  }

  /** A builder for a chat with {@code model}, e.g. {@code "llama3.2"}. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** A builder initialized with this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder(model);
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
    return b;
  }

  /** Builds a {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<Message> messages = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private Format format;
    private Options options;
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

    /** Appends a message. */
    public Builder message(Message message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Replaces the messages. */
    public Builder messages(List<Message> messages) {
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
    public Builder tools(List<Tool> tools) {
      this.tools.clear();
      if (tools != null) {
        tools.forEach(this::tool);
      }
      return this;
    }

    /** Output constraint; default none (free text). */
    public Builder format(Format format) {
      this.format = format;
      return this;
    }

    /** Modelfile parameters; default none. Empty options are not sent. */
    public Builder options(Options options) {
      this.options = options;
      return this;
    }

    /** Keep-alive; default the node's {@code OLLAMA_KEEP_ALIVE} (5m). */
    public Builder keepAlive(KeepAlive keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Thinking control; default the model's (thinking models think). */
    public Builder think(Think think) {
      this.think = think;
      return this;
    }

    /** Truncate the history to fit the context; Ollama's default true. */
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
     * @throws IllegalArgumentException if the model is blank or {@code topLogprobs} is outside
     *     0..20
     */
    public ChatRequest build() {
      Requests.requireModel(model);
      Requests.checkTopLogprobs(topLogprobs);
      return new ChatRequest(
          model,
          messages,
          tools,
          format,
          Requests.options(options),
          keepAlive,
          think,
          truncate,
          shift,
          logprobs,
          topLogprobs,
          debugRenderOnly);
    }
  }
}
