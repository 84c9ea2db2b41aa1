package io.ollamalan.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Defensive copies shared by the value types of this package. */
final class Values {
  private Values() {}

  /** An immutable copy of {@code list}; {@code null} becomes the empty list. */
  static <T> List<T> list(@Nullable List<T> list, String name) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    for (T element : list) {
      if (element == null) {
        throw new NullPointerException(name + " must not contain null elements");
      }
    }
    return List.copyOf(list);
  }

  /** An immutable, order-preserving copy of a string map; {@code null} becomes the empty map. */
  static Map<String, String> stringMap(@Nullable Map<String, String> map, String name) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(capacity(map.size()));
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new NullPointerException(name + " must not contain null keys or values");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * A deep, immutable, order-preserving copy of a JSON object. Values must be JSON values: String,
   * Number, Boolean, null, List (or any Collection) and Map with String keys.
   */
  static Map<String, Object> jsonObject(@Nullable Map<String, ?> map, String name) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    return copyObject(map, name);
  }

  /** Like {@link #jsonObject} but keeps {@code null} as {@code null}. */
  static @Nullable Map<String, Object> jsonObjectOrNull(@Nullable Map<String, ?> map, String name) {
    return map == null ? null : jsonObject(map, name);
  }

  private static Map<String, Object> copyObject(Map<?, ?> map, String path) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(capacity(map.size()));
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException(path + " must have String keys, found " + e.getKey());
      }
      String key = (String) e.getKey();
      copy.put(key, copyValue(e.getValue(), path + "." + key));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static @Nullable Object copyValue(@Nullable Object value, String path) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map) {
      return copyObject((Map<?, ?>) value, path);
    }
    if (value instanceof Collection) {
      Collection<?> c = (Collection<?>) value;
      List<Object> copy = new ArrayList<>(c.size());
      int i = 0;
      for (Object element : c) {
        copy.add(copyValue(element, path + "[" + i++ + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        path
            + " must be a JSON value (String, Number, Boolean, List, Map or null), found "
            + value.getClass().getName());
  }

  static int capacity(int size) {
    return (int) (size / 0.75f) + 1;
  }

  static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
