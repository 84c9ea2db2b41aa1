package io.ollamalan.testkit.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An Ollama model reference {@code [host/][namespace/]model[:tag]} with the defaults {@code
 * registry.ollama.ai}, {@code library} and {@code latest}, validated like {@code
 * types/model/name.go}.
 */
public final class ModelName {

  public static final String DEFAULT_HOST = "registry.ollama.ai";
  public static final String DEFAULT_NAMESPACE = "library";
  public static final String DEFAULT_TAG = "latest";

  private final String host;
  private final String namespace;
  private final String model;
  private final String tag;
  private final String key;

  private ModelName(String host, String namespace, String model, String tag) {
    this.host = host;
    this.namespace = namespace;
    this.model = model;
    this.tag = tag;
    this.key = full().toLowerCase(Locale.ROOT);
  }

  /** Parses and validates a reference; returns null when it is not a valid model name. */
  public static @Nullable ModelName parse(@Nullable String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String s = raw;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    String tag = DEFAULT_TAG;
    int colon = s.lastIndexOf(':');
    int slash = s.lastIndexOf('/');
    if (colon > slash) {
      tag = s.substring(colon + 1);
      s = s.substring(0, colon);
    }
    String host = DEFAULT_HOST;
    String namespace = DEFAULT_NAMESPACE;
    String model;
    String[] parts = s.split("/", -1);
    if (parts.length == 1) {
      model = parts[0];
    } else if (parts.length == 2) {
      namespace = parts[0];
      model = parts[1];
    } else if (parts.length == 3) {
      host = parts[0];
      namespace = parts[1];
      model = parts[2];
    } else {
      return null;
    }
    if (!validPart(host, 350, true, true)
        || !validPart(namespace, 80, false, false)
        || !validPart(model, 80, true, false)
        || !validPart(tag, 80, true, false)) {
      return null;
    }
    return new ModelName(host, namespace, model, tag);
  }

  private static boolean validPart(String part, int maxLen, boolean allowDot, boolean allowColon) {
    if (part.isEmpty() || part.length() > maxLen) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (i == 0) {
        if (!alnum && c != '_') {
          return false;
        }
      } else if (!alnum
          && c != '_'
          && c != '-'
          && !(allowDot && c == '.')
          && !(allowColon && c == ':')) {
        return false;
      }
    }
    return true;
  }

  /** {@code DisplayShortest}: drops the default host and namespace, always keeps the tag. */
  public String display() {
    if (host.equalsIgnoreCase(DEFAULT_HOST)) {
      if (namespace.equalsIgnoreCase(DEFAULT_NAMESPACE)) {
        return model + ":" + tag;
      }
      return namespace + "/" + model + ":" + tag;
    }
    return host + "/" + namespace + "/" + model + ":" + tag;
  }

  /**
   * The fully-qualified form used in capability errors, e.g. {@code
   * registry.ollama.ai/library/x:latest}.
   */
  public String full() {
    return host + "/" + namespace + "/" + model + ":" + tag;
  }

  /** Case-insensitive identity used to match installed models. */
  public String key() {
    return key;
  }

  public String namespace() {
    return namespace;
  }

  public String model() {
    return model;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelName && ((ModelName) o).key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return display();
  }
}
