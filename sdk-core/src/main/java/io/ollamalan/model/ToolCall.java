package io.ollamalan.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A call of a {@link Tool} that the model asks the caller to make. */
public final class ToolCall {
  /** Wire names of the typed fields, to their setters. */
  private static final Map<String, @Nullable String> KNOWN_FIELDS =
      Requests.knownFields(
          "id", "id",
          "function", "function");

  /** A call without id of function {@code name}. */
  public static ToolCall of(String name, @Nullable Map<String, ?> arguments) {
    return builder().function(Function.builder().name(name).arguments(arguments).build()).build();
  }

  private final @Nullable String id;
  private final Function function;
  private final Map<String, Object> extraFields;

  private ToolCall(Builder b) {
    this.id = b.id;
    this.function = Objects.requireNonNull(b.function, "function");
    this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialized with this tool call's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.function = function;
    if (!extraFields.isEmpty()) {
      b.extraFields = new LinkedHashMap<>(extraFields);
    }
    return b;
  }

  /**
   * The call's id ({@code "call_"} and 8 characters), to send back in {@link Message#toolCallId()};
   * null from servers that do not assign one.
   */
  public @Nullable String id() {
    return id;
  }

  /** What to call. */
  public Function function() {
    return function;
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
    if (!(o instanceof ToolCall)) {
      return false;
    }
    ToolCall that = (ToolCall) o;
    return Objects.equals(id, that.id)
        && Objects.equals(function, that.function)
        && extraFields.equals(that.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, function, extraFields);
  }

  @Override
  public String toString() {
    return "ToolCall["
        + "id="
        + id
        + ", function="
        + function
        + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
        + "]";
  }

  /** Builds {@link ToolCall}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable Function function;
    private @Nullable Map<String, Object> extraFields;

    private Builder() {}

    /** Sets {@link ToolCall#id()}. */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /** What to call; required. */
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
      Requests.checkExtraField("ToolCall", KNOWN_FIELDS, name);
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
     * @throws IllegalArgumentException if the function is missing
     */
    public ToolCall build() {
      if (function == null) {
        throw new IllegalArgumentException("function must be set: pass a ToolCall.Function");
      }
      return new ToolCall(this);
    }
  }

  /** The function to call. */
  public static final class Function {
    /** Wire names of the typed fields, to their setters. */
    private static final Map<String, @Nullable String> KNOWN_FIELDS =
        Requests.knownFields(
            "index", "index",
            "name", "name",
            "arguments", "arguments");

    private final int index;
    private final String name;
    private final Map<String, Object> arguments;
    private final Map<String, Object> extraFields;

    private Function(Builder b) {
      this.index = b.index;
      this.name = b.name == null ? "" : b.name;
      this.arguments = Values.jsonObject(b.arguments, "arguments");
      this.extraFields = Values.jsonObject(b.extraFields, "extraFields");
    }

    /** A builder with nothing set. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder initialized with this function's values. */
    public Builder toBuilder() {
      Builder b = new Builder();
      b.index = index;
      b.name = name;
      b.arguments = arguments;
      if (!extraFields.isEmpty()) {
        b.extraFields = new LinkedHashMap<>(extraFields);
      }
      return b;
    }

    /** Position of this call among the calls of one response (always sent, default 0). */
    public int index() {
      return index;
    }

    /** The {@link Tool.Function#name()} to call. */
    public String name() {
      return name;
    }

    /** The arguments as a JSON object, in the model's order; never null. */
    public Map<String, Object> arguments() {
      return arguments;
    }

    /**
     * Fields beyond the typed ones, by wire name: received ones this SDK does not know (in the
     * order received), or ones added with {@link Builder#extraField}, which are written to the wire
     * as-is after the typed fields. Plain Java values (String, Boolean, Number, List, Map or null);
     * never null.
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
      return index == that.index
          && Objects.equals(name, that.name)
          && Objects.equals(arguments, that.arguments)
          && extraFields.equals(that.extraFields);
    }

    @Override
    public int hashCode() {
      return Objects.hash(index, name, arguments, extraFields);
    }

    @Override
    public String toString() {
      return "Function["
          + "index="
          + index
          + ", name="
          + name
          + ", arguments="
          + arguments
          + (extraFields.isEmpty() ? "" : ", extraFields=" + extraFields)
          + "]";
    }

    /** Builds {@link Function}. Not thread-safe. */
    public static final class Builder {
      private int index;
      private @Nullable String name = "";
      private @Nullable Map<String, ?> arguments = Map.of();
      private @Nullable Map<String, Object> extraFields;

      private Builder() {}

      /** Sets {@link Function#index()}. */
      public Builder index(int index) {
        this.index = index;
        return this;
      }

      /** The function name; default {@code ""}. */
      public Builder name(@Nullable String name) {
        this.name = name;
        return this;
      }

      /** The arguments, deep-copied on build. */
      public Builder arguments(@Nullable Map<String, ?> arguments) {
        this.arguments = arguments;
        return this;
      }

      /**
       * Adds a field this builder has no typed setter for, e.g. one a newer Ollama accepts; it is
       * written to the wire as-is after the typed fields. {@code value} must be a JSON value
       * (String, Number, Boolean, List, Map or null, which is sent as JSON null). Adding a name
       * again replaces its value.
       */
      public Builder extraField(String name, @Nullable Object value) {
        Requests.checkExtraField("ToolCall.Function", KNOWN_FIELDS, name);
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

      /** Builds. */
      public Function build() {
        return new Function(this);
      }
    }
  }
}
