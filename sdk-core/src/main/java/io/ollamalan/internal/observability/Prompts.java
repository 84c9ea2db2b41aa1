package io.ollamalan.internal.observability;

import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbeddingsRequest;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.Message;
import org.jspecify.annotations.Nullable;

/** The prompt text of a request, for an audit log that was told to include it. */
public final class Prompts {
  private static final String TRUNCATED = "...[truncated]";

  private Prompts() {}

  /**
   * The request's text: chat messages as {@code role: content} lines, the system and user prompt of
   * a generate request, or the inputs of an embedding request; null for requests without any.
   * Images are never included. Cut to {@code maxChars}.
   */
  public static @Nullable String of(@Nullable Object request, int maxChars) {
    StringBuilder sb = new StringBuilder();
    if (request instanceof ChatRequest c) {
      for (Message m : c.messages()) {
        if (m.content() != null && !m.content().isEmpty()) {
          line(sb, m.role() + ": " + m.content());
        }
      }
    } else if (request instanceof GenerateRequest g) {
      if (g.system() != null && !g.system().isEmpty()) {
        line(sb, "system: " + g.system());
      }
      if (g.prompt() != null) {
        line(sb, g.prompt());
      }
    } else if (request instanceof EmbedRequest e) {
      for (String in : e.input()) {
        line(sb, in);
      }
    } else if (request instanceof EmbeddingsRequest e) {
      if (e.prompt() != null) {
        line(sb, e.prompt());
      }
    } else {
      return null;
    }
    if (sb.length() > maxChars) {
      sb.setLength(Math.max(0, maxChars));
      sb.append(TRUNCATED);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String s) {
    if (sb.length() > 0) {
      sb.append('\n');
    }
    sb.append(s);
  }
}
