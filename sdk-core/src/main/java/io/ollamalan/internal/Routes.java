package io.ollamalan.internal;

import io.ollamalan.CallOptions;
import io.ollamalan.internal.routing.Router.Route;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.Message;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Derives what the router needs from a request: the model, a rough prompt length, and the
 * conversation's affinity key. The key hashes what stays the same across the turns of one
 * conversation (model, system prompt, first user message), cut at message boundaries, so every turn
 * lands where the previous turns left their prompt cache.
 */
final class Routes {
  /** Characters per token, roughly, for English text with Llama-style tokenizers. */
  private static final int CHARS_PER_TOKEN = 4;

  private static final int GENERATE_PREFIX_CHARS = 512;

  private Routes() {}

  static Route chat(ChatRequest r, CallOptions options) {
    List<Message> messages = r.messages();
    long chars = 0;
    String system = "";
    String firstUser = null;
    for (Message m : messages) {
      chars += m.content() == null ? 0 : m.content().length();
      if (Message.SYSTEM.equals(m.role()) && system.isEmpty()) {
        system = m.content();
      } else if (Message.USER.equals(m.role()) && firstUser == null) {
        firstUser = m.content();
      }
    }
    String key = options.affinityKey();
    if (key == null && firstUser != null) {
      key = hash(r.model(), system, firstUser);
    }
    return new Route(r.model(), key, tokens(chars));
  }

  static Route generate(GenerateRequest r, CallOptions options) {
    String prompt = r.prompt() == null ? "" : r.prompt();
    String key = options.affinityKey();
    if (key == null && !prompt.isEmpty()) {
      String system = r.system() == null ? "" : r.system();
      key =
          hash(
              r.model(),
              system,
              prompt.substring(0, Math.min(prompt.length(), GENERATE_PREFIX_CHARS)));
    }
    return new Route(r.model(), key, tokens(prompt.length()));
  }

  static Route embed(EmbedRequest r) {
    long chars = 0;
    for (String s : r.input()) {
      chars += s.length();
    }
    return new Route(r.model(), null, tokens(chars));
  }

  static Route model(String model, @Nullable String prompt) {
    return new Route(model, null, prompt == null ? 0 : tokens(prompt.length()));
  }

  private static int tokens(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, chars / CHARS_PER_TOKEN);
  }

  private static String hash(String model, String system, String first) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, model);
    h = fnv(h, "\u0000");
    h = fnv(h, system);
    h = fnv(h, "\u0000");
    h = fnv(h, first);
    return Long.toHexString(h);
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
