package io.ollamalan.internal.json;

import org.jspecify.annotations.Nullable;

/**
 * A body that is not the JSON this SDK expects: malformed, truncated, or with a value of the wrong
 * type. Carries a short description, the JSON pointer of the offending value and an excerpt of at
 * most {@value #MAX_EXCERPT} characters around it, never the whole body.
 */
public final class JsonMappingFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Longest excerpt of the body carried. */
  public static final int MAX_EXCERPT = 120;

  private final String description;
  private final String path;
  private final String excerpt;
  private final boolean truncated;

  JsonMappingFailure(
      String description,
      String path,
      String excerpt,
      boolean truncated,
      @Nullable Throwable cause) {
    super(message(description, path, excerpt), cause);
    this.description = description;
    this.path = path;
    this.excerpt = excerpt;
    this.truncated = truncated;
  }

  private static String message(String description, String path, String excerpt) {
    StringBuilder sb = new StringBuilder(description);
    sb.append(" (at ").append(path.isEmpty() ? "/" : path);
    if (!excerpt.isEmpty()) {
      sb.append(", near: ").append(excerpt);
    }
    return sb.append(')').toString();
  }

  /** What was wrong, e.g. {@code expected a number but found a string}. */
  public String description() {
    return description;
  }

  /** JSON pointer of the offending value, e.g. {@code /message/tool_calls/0}; "" for the root. */
  public String path() {
    return path;
  }

  /**
   * Up to {@value #MAX_EXCERPT} characters of the body around the failure, control characters
   * blanked.
   */
  public String excerpt() {
    return excerpt;
  }

  /** Whether the body ended before the JSON value was complete (e.g. a cut connection). */
  public boolean isTruncated() {
    return truncated;
  }
}
