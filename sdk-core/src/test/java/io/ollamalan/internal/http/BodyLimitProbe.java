package io.ollamalan.internal.http;

import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;

/**
 * Run in a JVM of its own with a small heap by {@link BodyLimitTest}: calls a node with the
 * client's default limits and prints one line per call, {@code ok <content length>} or {@code error
 * <kind> <problem>}; an {@link Error} is printed as such.
 */
public final class BodyLimitProbe {
  private BodyLimitProbe() {}

  public static void main(String[] args) {
    try (OllamaClient client =
        OllamaClient.builder().nodes(args[0]).maxAttempts(1).healthChecksEnabled(false).build()) {
      for (int i = 1; i < args.length; i++) {
        ChatRequest req = ChatRequest.builder("m").user(args[i]).build();
        try {
          ChatResponse r;
          if (args[i].startsWith("stream")) {
            try (ResponseStream<ChatResponse> s = client.chatStream(req)) {
              r = s.next();
            }
          } else {
            r = client.chat(req);
          }
          System.out.println("ok " + r.message().content().length());
        } catch (OllamaException e) {
          System.out.println(
              "error "
                  + e.kind()
                  + " "
                  + (e instanceof OllamaProtocolException p ? p.problem() : "-"));
        } catch (Error e) {
          System.out.println("fatal " + e);
        }
        System.out.flush();
      }
    }
  }
}
