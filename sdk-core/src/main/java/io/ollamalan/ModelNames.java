package io.ollamalan;

import java.util.Locale;

/**
 * Model-name normalization as Ollama does it: {@code llama3.2} and {@code LLaMA3.2:latest} name the
 * same model, {@code registry.ollama.ai/library/} is the default prefix.
 */
public final class ModelNames {
  private static final String DEFAULT_PREFIX = "registry.ollama.ai/library/";
  private static final String LIBRARY_PREFIX = "library/";

  private ModelNames() {}

  /** {@code name:tag} in lower case, with the default host and namespace dropped. */
  public static String normalize(String model) {
    if (model == null) {
      return "";
    }
    String s = model.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith(DEFAULT_PREFIX)) {
      s = s.substring(DEFAULT_PREFIX.length());
    } else if (s.startsWith(LIBRARY_PREFIX)) {
      s = s.substring(LIBRARY_PREFIX.length());
    }
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    if (colon <= slash) {
      s = s + ":latest";
    }
    return s;
  }
}
