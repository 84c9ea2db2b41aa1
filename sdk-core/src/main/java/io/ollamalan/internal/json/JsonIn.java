package io.ollamalan.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from a {@link JsonParser} positioned on a value's first token. Each method consumes
 * exactly that value and fails with {@link Mismatch} on a wrong type.
 */
final class JsonIn {
  private JsonIn() {}

  /** A value of the wrong type; {@link Json} turns it into a {@link JsonMappingFailure}. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean truncated;

    Mismatch(String message, boolean truncated) {
      super(message, null, false, false);
      this.truncated = truncated;
    }
  }

  static Mismatch mismatch(JsonParser p, String expected) {
    JsonToken t = p.currentToken();
    if (t == null) {
      return new Mismatch("expected " + expected + " but the input ended", true);
    }
    return new Mismatch("expected " + expected + " but found " + describe(t), false);
  }

  static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /**
   * Checks that the current token starts an object.
   *
   * @return false for {@code null}
   */
  static boolean startObject(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw mismatch(p, "an object");
  }

  /**
   * Checks that the current token starts an array.
   *
   * @return false for {@code null}
   */
  static boolean startArray(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw mismatch(p, "an array");
  }

  /** Checks that an object loop ended on its closing brace rather than at the end of input. */
  static void endObject(JsonParser p) {
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw mismatch(p, "'}'");
    }
  }

  /** Advances to the next array element; false at the end of the array. */
  static boolean nextElement(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw mismatch(p, "']'");
    }
    return t != JsonToken.END_ARRAY;
  }

  /** The string value; null for JSON null. */
  static @Nullable String string(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw mismatch(p, "a string");
  }

  /**
   * The string value, returning {@code known} itself when equal (saves an allocation); null for
   * JSON null.
   */
  static @Nullable String string(JsonParser p, String... known) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return string(p);
    }
    // The length comes without materializing the text; only short tokens are compared, so that a
    // long answer is never copied into one contiguous char array before it becomes a String.
    if (p.getTextLength() > longest(known)) {
      return p.getText();
    }
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    for (String k : known) {
      if (equals(k, buf, off, len)) {
        return k;
      }
    }
    return p.getText();
  }

  private static int longest(String[] known) {
    int max = 0;
    for (String k : known) {
      max = Math.max(max, k.length());
    }
    return max;
  }

  private static boolean equals(String k, char[] buf, int off, int len) {
    if (k.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (k.charAt(i) != buf[off + i]) {
        return false;
      }
    }
    return true;
  }

  static long longValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    throw mismatch(p, "an integer");
  }

  static @Nullable Long longOrNull(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : longValue(p);
  }

  static int intValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    throw mismatch(p, "an integer");
  }

  /** An int that may be written as a whole float, as Ollama accepts for options. */
  static @Nullable Integer lenientIntOrNull(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
        return (int) d;
      }
      throw mismatch(p, "an integer");
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw mismatch(p, "an integer");
  }

  static @Nullable Integer intOrNull(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : intValue(p);
  }

  static double doubleValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    throw mismatch(p, "a number");
  }

  static @Nullable Double doubleOrNull(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : doubleValue(p);
  }

  static boolean bool(JsonParser p) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw mismatch(p, "a boolean");
  }

  static @Nullable Boolean boolOrNull(JsonParser p) {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : bool(p);
  }

  /** An RFC 3339 timestamp; null for JSON null. */
  static @Nullable OffsetDateTime timestamp(JsonParser p) throws IOException {
    String s = string(p);
    if (s == null) {
      return null;
    }
    try {
      return Rfc3339.parse(s);
    } catch (IllegalArgumentException e) {
      throw new Mismatch(
          Objects.requireNonNullElse(e.getMessage(), "expected an RFC 3339 timestamp"), false);
    }
  }

  static List<String> stringList(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    while (nextElement(p)) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw mismatch(p, "a string");
      }
      out.add(p.getText());
    }
    return out;
  }

  static List<Integer> intList(JsonParser p) throws IOException {
    if (!startArray(p)) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    while (nextElement(p)) {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
        throw mismatch(p, "an integer");
      }
      out.add(p.getIntValue());
    }
    return out;
  }

  static Map<String, String> stringMap(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw mismatch(p, "a string");
      }
      out.put(f, p.getText());
    }
    endObject(p);
    return out;
  }

  /**
   * Adds the current value as field {@code name} of a type's unrecognised fields, creating the map
   * on the first one so that the common case (every field known) allocates nothing.
   */
  static Map<String, Object> unknown(@Nullable Map<String, Object> into, String name, JsonParser p)
      throws IOException {
    Map<String, Object> out = into == null ? new LinkedHashMap<>(4) : into;
    out.put(name, any(p));
    return out;
  }

  /** A JSON object as an order-preserving map of JSON values; {@code null} for JSON null. */
  static @Nullable Map<String, Object> object(JsonParser p) throws IOException {
    if (!startObject(p)) {
      return null;
    }
    return objectBody(p);
  }

  private static Map<String, Object> objectBody(JsonParser p) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
      p.nextToken();
      out.put(f, any(p));
    }
    endObject(p);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Any JSON value: String, Boolean, null, Integer/Long/BigInteger for integers, Double for other
   * numbers, unmodifiable List and Map (insertion order) for arrays and objects.
   */
  static @Nullable Object any(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw mismatch(p, "a value");
    }
    return switch (t) {
      case START_OBJECT -> objectBody(p);
      case START_ARRAY -> {
        List<@Nullable Object> list = new ArrayList<>();
        while (nextElement(p)) {
          list.add(any(p));
        }
        yield Collections.unmodifiableList(list);
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw mismatch(p, "a value");
    };
  }
}
