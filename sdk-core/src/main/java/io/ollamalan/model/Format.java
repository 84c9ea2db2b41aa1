package io.ollamalan.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Constrains the model's output ({@code format}): either any JSON value ({@link #json()}, wire
 * {@code "json"}) or JSON that matches a JSON schema ({@link #schema(Map)}, wire: the schema
 * object). Without a format the model answers free text.
 */
public final class Format {
  private static final Format JSON = new Format(null);

  private final @Nullable Map<String, Object> schema;

  private Format(@Nullable Map<String, Object> schema) {
    this.schema = schema;
  }

  /** JSON mode: the model answers a JSON value of its choice (wire {@code "json"}). */
  public static Format json() {
    return JSON;
  }

  /**
   * Structured output: the model answers JSON that matches {@code jsonSchema}, for example {@code
   * {"type":"object","properties":{"age":{"type":"integer"}},"required":["age"]}}. The map is
   * deep-copied; its values must be JSON values. An empty schema allows any JSON.
   */
  public static Format schema(Map<String, ?> jsonSchema) {
    Objects.requireNonNull(jsonSchema, "jsonSchema");
    return new Format(Values.jsonObject(jsonSchema, "jsonSchema"));
  }

  /** Whether this is plain JSON mode rather than a schema. */
  public boolean isJson() {
    return schema == null;
  }

  /** The JSON schema (immutable), or {@code null} in {@link #json()} mode. */
  public @Nullable Map<String, Object> schemaOrNull() {
    return schema;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Format && Objects.equals(schema, ((Format) o).schema);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(schema);
  }

  @Override
  public String toString() {
    return isJson() ? "Format[json]" : "Format[schema=" + schema + "]";
  }
}
