package io.ollamalan.testkit;

/** A model capability as reported by {@code /api/show} and {@code /api/tags}. */
public enum Capability {
  /** Text generation: required by {@code /api/generate} and {@code /api/chat}. */
  COMPLETION("completion"),
  /** Tool calling: required when a chat request carries {@code tools}. */
  TOOLS("tools"),
  /** Fill-in-the-middle: required when a generate request carries {@code suffix}. */
  INSERT("insert"),
  /** Image input. */
  VISION("vision"),
  /** Embedding-only model. */
  EMBEDDING("embedding"),
  /** Thinking output; such models think by default when {@code think} is absent. */
  THINKING("thinking");

  private final String wireName;

  Capability(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used on the wire, e.g. {@code "completion"}. */
  public String wireName() {
    return wireName;
  }
}
