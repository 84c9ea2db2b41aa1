package io.ollamalan.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validation shared by the request builders. */
final class Requests {
  private Requests() {}

  /** Maximum {@code top_logprobs} Ollama accepts. */
  static final int MAX_TOP_LOGPROBS = 20;

  /**
   * Wire name to setter name of a type's typed fields, from {@code wire, setter} pairs; a null
   * setter marks a field the call sets (such as {@code stream}).
   */
  static Map<String, @Nullable String> knownFields(@Nullable String... pairs) {
    Map<String, @Nullable String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Rejects an extra field name that is empty or that a typed setter (or the call) owns. */
  static void checkExtraField(String type, Map<String, @Nullable String> known, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(type + " extra field name must not be empty");
    }
    if (known.containsKey(name)) {
      String setter = known.get(name);
      throw new IllegalArgumentException(
          setter == null
              ? "\""
                  + name
                  + "\" is set by the call, not by "
                  + type
                  + "; it cannot be an extra field"
              : "\""
                  + name
                  + "\" is a known field of "
                  + type
                  + "; set it with "
                  + type
                  + ".Builder."
                  + setter
                  + "(...) instead of extraField");
    }
  }

  static void requireModel(@Nullable String model) {
    if (Values.isBlank(model)) {
      throw new IllegalArgumentException(
          "model must not be blank: pass the model name, e.g. \"llama3.2\" or \"llama3.2:3b\"");
    }
  }

  static void checkTopLogprobs(@Nullable Integer topLogprobs) {
    if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS)) {
      throw new IllegalArgumentException(
          "topLogprobs must be between 0 and 20 (top_logprobs must be between 0 and 20), was "
              + topLogprobs);
    }
  }

  static @Nullable Options options(@Nullable Options options) {
    return options == null || options.isEmpty() ? null : options;
  }
}
