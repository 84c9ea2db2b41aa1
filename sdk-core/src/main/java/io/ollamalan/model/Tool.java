package io.ollamalan.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tool the model may call. Sending tools to a model without the {@code tools} capability is
 * rejected with HTTP 400 {@code <full name> does not support tools}.
 */
public final class Tool {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "type", "type",
          "function", "function");

  /** The only tool type Ollama knows. */
  public static final String FUNCTION = "function";

  /**
   * A function tool.
   *
   * @param parametersSchema a JSON schema object, typically {@code {"type":"object","properties":
   *     {...},"required":[...]}}; deep-copied
   * @throws IllegalArgumentException if the name is blank
   */
  public static Tool function(
      String name, @Nullable String description, @Nullable Map<String, ?> parametersSchema) {
    return builder()
        .function(
            Function.builder()
                .name(name)
                .description(description)
                .parameters(parametersSchema)
                .build())
        .build();
  }

  private final String type;
  private final Function function;
  private final Map<String, Object> extraFields;

  private Tool(Builder b) {
    this.type = Objects.requireNonNull(b.type, "type");
    this.function = Objects.requireNonNull(b.function, "function");
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this tool's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.type = type;
    b.function = function;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /** Always {@link #FUNCTION} today. */
  public String type() {
    return type;
  }

  /** The function's name, description and parameters schema. */
  public Function function() {
    return function;
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
    if (!(o instanceof Tool)) {
      return false;
    }
    Tool that = (Tool) o;
    return Objects.equals(type, that.type)
        && Objects.equals(function, that.function)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, function, extraFields);
  }

  @Override
  public String toString() {
    return "Tool["
        + "type="
        + type
        + ", function="
        + function
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link Tool}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String type = FUNCTION;
    private @Nullable Function function;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** The tool type; default {@link Tool#FUNCTION}, the only one Ollama knows. */
    public Builder type(@Nullable String type) {
      this.type = type;
      return this;
    }

    /** The function; required. */
    public Builder function(@Nullable Function function) {
      this.function = function;
      return this;
    }

    /**
     * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
     * written to the wire as-is after the typed fields. {@code value} must be a JSON value (String,
     * Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name again replaces
     * its value.
     */
    public Builder extraField(String name, @Nullable Object value) {
      Requests.checkExtraField("Tool", KNOWN_FIELDS, name);
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
     * @throws IllegalArgumentException if the type is blank or the function is missing
     */
    public Tool build() {
      if (Values.isBlank(type)) {
        throw new IllegalArgumentException("type must not be blank: use Tool.FUNCTION");
      }
      if (function == null) {
        throw new IllegalArgumentException("function must be set: pass a Tool.Function");
      }
      return new Tool(this);
    }
  }

  /** A function's declaration. */
  public static final class Function {
    /** Wire names of the typed fields, to their setters. */
    private static final Map<String, @Nullable String> KNOWN_FIELDS =
        Requests.knownFields(
            "name", "name",
            "description", "description",
            "parameters", "parameters");

    private final String name;
    private final @Nullable String description;
    private final Map<String, Object> parameters;
    private final Map<String, Object> extraFields;

    private Function(Builder b) {
      this.name = Objects.requireNonNull(b.name, "name");
      this.description = b.description;
      this.parameters = Values.jsonObject(b.parameters, "parameters");
      this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
    }

    /** A builder with nothing set. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder initialized with this function's values. */
    public Builder toBuilder() {
      Builder b = new Builder();
      b.name = name;
      b.description = description;
      b.parameters = parameters;
      if (!extraFields.isEmpty()) {
        b.extraFields = new LinkedHashMap<>(extraFields);
      }
      return b;
    }

    /** The name the model uses to call it. */
    public String name() {
      return name;
    }

    /** What it does, for the model; may be null. */
    public @Nullable String description() {
      return description;
    }

    /** Its JSON-schema parameters (property order kept); never null. */
    public Map<String, Object> parameters() {
      return parameters;
    }

    /**
     * Fields this SDK has no typed setter for yet, by wire name, written to the wire as-is after
     * the typed fields, in insertion order (see {@link Builder#extraField}); never null.
     */
    public Map<String, Object> extraFields() {
      return extraFields;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      if (o == this) {
        return true;
      }
      if (!(o instanceof Function)) {
        return false;
      }
      Function that = (Function) o;
      return Objects.equals(name, that.name)
          && Objects.equals(description, that.description)
          && Objects.equals(parameters, that.parameters)
          && extraFields.equals(that.extraFields);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, description, parameters, extraFields);
    }

    @Override
    public String toString() {
      return "Function["
          + "name="
          + name
          + ", description="
          + description
          + ", parameters="
          + parameters
          + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
          + "]";
    }

    /** Builds {@link Function}. Not thread-safe. */
    public static final class Builder {
      private @Nullable String name;
      private @Nullable String description;
      private @Nullable Map<String, ?> parameters = Map.of();
      private @Nullable Map<String, Object> extraFields;

      private Builder() {}

      /** The name the model uses to call it; required. */
      public Builder name(@Nullable String name) {
        this.name = name;
        return this;
      }

      /** What it does, for the model. */
      public Builder description(@Nullable String description) {
        this.description = description;
        return this;
      }

      /** The JSON-schema parameters, deep-copied on build. */
      public Builder parameters(@Nullable Map<String, ?> parameters) {
        this.parameters = parameters;
        return this;
      }

      /**
       * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
       * written to the wire as-is after the typed fields. {@code value} must be a JSON value
       * (String, Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name
       * again replaces its value.
       */
      public Builder extraField(String name, @Nullable Object value) {
        Requests.checkExtraField("Tool.Function", KNOWN_FIELDS, name);
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
       * @throws IllegalArgumentException if the name is blank
       */
      public Function build() {
        if (Values.isBlank(name)) {
          throw new IllegalArgumentException("name must not be blank: pass the function's name");
        }
        return new Function(this);
      }
    }
  }
}
