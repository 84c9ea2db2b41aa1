package io.ollamalan.model;

import java.util.Map;
import java.util.Objects;

/**
 * A call of a {@link Tool} that the model asks the caller to make.
 *
 * @param id the call's id ({@code "call_"} and 8 characters), to send back in {@link
 *     Message#toolCallId()}; null from servers that do not assign one
 * @param function what to call
 */
public record ToolCall(String id, Function function) {

  /** Requires a function. */
  public ToolCall {
    Objects.requireNonNull(function, "function");
  }

  /** A call without id. */
  public static ToolCall of(String name, Map<String, ?> arguments) {
    return new ToolCall(null, new Function(0, name, Values.jsonObject(arguments, "arguments")));
  }

  /**
   * The function to call.
   *
   * @param index position of this call among the calls of one response (always sent, default 0)
   * @param name the {@link Tool.Function#name()} to call
   * @param arguments the arguments as a JSON object, in the model's order; never null
   */
  public record Function(int index, String name, Map<String, Object> arguments) {

    /** Deep-copies {@code arguments}. */
    public Function {
      Objects.requireNonNull(name, "name");
      arguments = Values.jsonObject(arguments, "arguments");
    }
  }
}
