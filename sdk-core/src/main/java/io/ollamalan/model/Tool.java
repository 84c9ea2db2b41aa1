package io.ollamalan.model;

import java.util.Map;
import java.util.Objects;

/**
 * A tool the model may call. Sending tools to a model without the {@code tools} capability is
 * rejected with HTTP 400 {@code <full name> does not support tools}.
 *
 * @param type always {@code "function"} today
 * @param function the function's name, description and parameters schema
 */
public record Tool(String type, Function function) {

  /** The only tool type Ollama knows. */
  public static final String FUNCTION = "function";

  /** Requires both components. */
  public Tool {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(function, "function");
  }

  /**
   * A function tool.
   *
   * @param parametersSchema a JSON schema object, typically {@code {"type":"object","properties":
   *     {...},"required":[...]}}; deep-copied
   */
  public static Tool function(String name, String description, Map<String, ?> parametersSchema) {
    if (Values.isBlank(name)) {
      throw new IllegalArgumentException("name must not be blank: pass the function's name");
    }
    return new Tool(
        FUNCTION,
        new Function(name, description, Values.jsonObject(parametersSchema, "parametersSchema")));
  }

  /**
   * A function's declaration.
   *
   * @param name the name the model uses to call it
   * @param description what it does, for the model; may be null
   * @param parameters its JSON-schema parameters (property order kept); never null
   */
  public record Function(String name, String description, Map<String, Object> parameters) {
    /** Deep-copies {@code parameters}. */
    public Function {
      Objects.requireNonNull(name, "name");
      parameters = Values.jsonObject(parameters, "parameters");
    }
  }
}
