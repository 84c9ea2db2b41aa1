package io.ollamalan.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One chat message.
 *
 * @param role who wrote it: {@link #SYSTEM}, {@link #USER}, {@link #ASSISTANT} or {@link #TOOL}
 *     (decoding lower-cases it, as Ollama does)
 * @param content the text; always sent, possibly empty; never null
 * @param thinking the model's thinking text for an assistant message, or {@code null}
 * @param images base64-encoded images for vision models (without a {@code data:} prefix); never
 *     null
 * @param toolCalls tool calls the assistant asked for; never null
 * @param toolName for a {@link #TOOL} message, the name of the tool whose result this is, or null
 * @param toolCallId for a {@link #TOOL} message, the {@link ToolCall#id()} answered, or null
 */
public record Message(
    String role,
    String content,
    String thinking,
    List<String> images,
    List<ToolCall> toolCalls,
    String toolName,
    String toolCallId) {

  /** Role of instructions that steer the model; overrides the Modelfile SYSTEM when first. */
  public static final String SYSTEM = "system";

  /** Role of the user's turns. */
  public static final String USER = "user";

  /** Role of the model's turns. */
  public static final String ASSISTANT = "assistant";

  /** Role of a tool result sent back to the model. */
  public static final String TOOL = "tool";

  private static final Message EMPTY_ASSISTANT =
      new Message(ASSISTANT, "", null, List.of(), List.of(), null, null);

  /** Copies the lists; a null content becomes {@code ""}. */
  public Message {
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
    images = Values.list(images, "images");
    toolCalls = Values.list(toolCalls, "toolCalls");
  }

  /** A system message. */
  public static Message system(String text) {
    return new Message(SYSTEM, text, null, null, null, null, null);
  }

  /** A user message. */
  public static Message user(String text) {
    return new Message(USER, text, null, null, null, null, null);
  }

  /** A user message with base64-encoded images for a vision model. */
  public static Message user(String text, String... base64Images) {
    return new Message(USER, text, null, Arrays.asList(base64Images), null, null, null);
  }

  /** An assistant message, e.g. a previous answer replayed as history. */
  public static Message assistant(String text) {
    if (text == null || text.isEmpty()) {
      return EMPTY_ASSISTANT;
    }
    return new Message(ASSISTANT, text, null, null, null, null, null);
  }

  /** The result of calling tool {@code toolName}, sent back to the model. */
  public static Message tool(String toolName, String content) {
    return new Message(TOOL, content, null, null, null, toolName, null);
  }

  /** A builder for messages with thinking, tool calls or a tool-call id. */
  public static Builder builder(String role) {
    return new Builder(role);
  }

  /** Builds a {@link Message}. Not thread-safe. */
  public static final class Builder {
    private final String role;
    private String content = "";
    private String thinking;
    private List<String> images = List.of();
    private List<ToolCall> toolCalls = List.of();
    private String toolName;
    private String toolCallId;

    private Builder(String role) {
      this.role = role;
    }

    /** The text; default {@code ""}. */
    public Builder content(String content) {
      this.content = content;
      return this;
    }

    /** The thinking text of an assistant message. */
    public Builder thinking(String thinking) {
      this.thinking = thinking;
      return this;
    }

    /** Base64-encoded images. */
    public Builder images(List<String> images) {
      this.images = images;
      return this;
    }

    /** Tool calls of an assistant message. */
    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    /** For a tool message: the tool's name. */
    public Builder toolName(String toolName) {
      this.toolName = toolName;
      return this;
    }

    /** For a tool message: the id of the tool call answered. */
    public Builder toolCallId(String toolCallId) {
      this.toolCallId = toolCallId;
      return this;
    }

    /** Validates and builds. */
    public Message build() {
      if (Values.isBlank(role)) {
        throw new IllegalArgumentException(
            "role must not be blank; use Message.SYSTEM, USER, ASSISTANT or TOOL");
      }
      return new Message(role, content, thinking, images, toolCalls, toolName, toolCallId);
    }
  }
}
