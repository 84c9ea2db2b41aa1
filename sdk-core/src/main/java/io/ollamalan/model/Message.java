package io.ollamalan.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chat message. Make the common ones with {@link #system}, {@link #user}, {@link #assistant}
 * and {@link #tool}, others with {@link #builder(String)}.
 */
public final class Message {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "role", "role",
          "content", "content",
          "thinking", "thinking",
          "images", "images",
          "tool_calls", "toolCalls",
          "tool_name", "toolName",
          "tool_call_id", "toolCallId");

  /** Role of instructions that steer the model; overrides the Modelfile SYSTEM when first. */
  public static final String SYSTEM = "system";

  /** Role of the user's turns. */
  public static final String USER = "user";

  /** Role of the model's turns. */
  public static final String ASSISTANT = "assistant";

  /** Role of a tool result sent back to the model. */
  public static final String TOOL = "tool";

  private static final Message EMPTY_ASSISTANT = builder(ASSISTANT).build();

  /** A system message. */
  public static Message system(String text) {
    return builder(SYSTEM).content(text).build();
  }

  /** A user message. */
  public static Message user(String text) {
    return builder(USER).content(text).build();
  }

  /** A user message with base64-encoded images for a vision model. */
  public static Message user(String text, String... base64Images) {
    return builder(USER).content(text).images(Arrays.asList(base64Images)).build();
  }

  /** An assistant message, e.g. a previous answer replayed as history. */
  public static Message assistant(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return EMPTY_ASSISTANT;
    }
    return new Message(ASSISTANT, text);
  }

  /** The result of calling tool {@code toolName}, sent back to the model. */
  public static Message tool(String toolName, String content) {
    return builder(TOOL).content(content).toolName(toolName).build();
  }

  private final String role;
  private final String content;
  private final @Nullable String thinking;
  private final List<String> images;
  private final List<ToolCall> toolCalls;
  private final @Nullable String toolName;
  private final @Nullable String toolCallId;
  private final Map<String, Object> extraFields;

  /** The common case of a decoded chunk: role and text only, without a builder. */
  private Message(String role, String content) {
    this.role = role;
    this.content = content;
    this.thinking = null;
    this.images = List.of();
    this.toolCalls = List.of();
    this.toolName = null;
    this.toolCallId = null;
    this.extraFields = Map.of();
  }

  private Message(Builder b) {
    this.role = Objects.requireNonNull(b.role, "role");
    this.content = b.content == null ? "" : b.content;
    this.thinking = b.thinking;
    this.images = Values.list(b.images, "images");
    this.toolCalls = Values.list(b.toolCalls, "toolCalls");
    this.toolName = b.toolName;
    this.toolCallId = b.toolCallId;
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set; {@link Builder#role} must be set before building. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder for a message of {@code role}, e.g. {@link #ASSISTANT}. */
  public static Builder builder(String role) {
    return new Builder().role(role);
  }

  /** A builder initialized with this message's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.role = role;
    b.content = content;
    b.thinking = thinking;
    b.images = images;
    b.toolCalls = toolCalls;
    b.toolName = toolName;
    b.toolCallId = toolCallId;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /**
   * Who wrote it: {@link #SYSTEM}, {@link #USER}, {@link #ASSISTANT} or {@link #TOOL} (decoding
   * lower-cases it, as Ollama does).
   */
  public String role() {
    return role;
  }

  /** The text; always sent, possibly empty; never null. */
  public String content() {
    return content;
  }

  /** The model's thinking text for an assistant message, or null. */
  public @Nullable String thinking() {
    return thinking;
  }

  /** Base64-encoded images for vision models (without a {@code data:} prefix); never null. */
  public List<String> images() {
    return images;
  }

  /** Tool calls the assistant asked for; never null. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** For a {@link #TOOL} message, the name of the tool whose result this is, or null. */
  public @Nullable String toolName() {
    return toolName;
  }

  /** For a {@link #TOOL} message, the {@link ToolCall#id()} answered, or null. */
  public @Nullable String toolCallId() {
    return toolCallId;
  }

  /**
   * Fields beyond the typed ones, by wire name: received ones this SDK does not know (in the order
   * received), or ones added with {@link Builder#extraField}, which are written to the wire as-is
   * after the typed fields. Plain Java values (String, Boolean, Number, List, Map or null); never
   * null.
   */
  public Map<String, Object> extraFields() {
    return extraFields;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Message)) {
      return false;
    }
    Message that = (Message) o;
    return Objects.equals(role, that.role)
        && Objects.equals(content, that.content)
        && Objects.equals(thinking, that.thinking)
        && Objects.equals(images, that.images)
        && Objects.equals(toolCalls, that.toolCalls)
        && Objects.equals(toolName, that.toolName)
        && Objects.equals(toolCallId, that.toolCallId)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        role, content, thinking, images, toolCalls, toolName, toolCallId, extraFields);
  }

  @Override
  public String toString() {
    return "Message["
        + "role="
        + role
        + ", content="
        + content
        + ", thinking="
        + thinking
        + ", images="
        + images
        + ", toolCalls="
        + toolCalls
        + ", toolName="
        + toolName
        + ", toolCallId="
        + toolCallId
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link Message}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String role;
    private @Nullable String content = "";
    private @Nullable String thinking;
    private @Nullable List<String> images = List.of();
    private @Nullable List<ToolCall> toolCalls = List.of();
    private @Nullable String toolName;
    private @Nullable String toolCallId;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /**
     * The role; required: {@link Message#SYSTEM}, {@link Message#USER}, {@link Message#ASSISTANT}
     * or {@link Message#TOOL}.
     */
    public Builder role(@Nullable String role) {
      this.role = role;
      return this;
    }

    /** The text; default {@code ""}. */
    public Builder content(@Nullable String content) {
      this.content = content;
      return this;
    }

    /** The thinking text of an assistant message. */
    public Builder thinking(@Nullable String thinking) {
      this.thinking = thinking;
      return this;
    }

    /** Base64-encoded images. */
    public Builder images(@Nullable List<String> images) {
      this.images = images;
      return this;
    }

    /** Tool calls of an assistant message. */
    public Builder toolCalls(@Nullable List<ToolCall> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    /** For a tool message: the tool's name. */
    public Builder toolName(@Nullable String toolName) {
      this.toolName = toolName;
      return this;
    }

    /** For a tool message: the id of the tool call answered. */
    public Builder toolCallId(@Nullable String toolCallId) {
      this.toolCallId = toolCallId;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("Message", KNOWN_FIELDS, name);
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
     * @throws IllegalArgumentException if the role is blank
     */
    public Message build() {
      if (Values.isBlank(role)) {
        throw new IllegalArgumentException(
            "role must not be blank; use Message.SYSTEM, USER, ASSISTANT or TOOL");
      }
      return new Message(this);
    }
  }
}
