package io.ollamalan.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ollamalan.testkit.FakeModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic replies: a function of model, prompt tokens and seed only. */
public final class TextGen {

  private static final String[] WORDS = {
    "the",
    "sky",
    "light",
    "model",
    "answer",
    "river",
    "stone",
    "quiet",
    "signal",
    "garden",
    "blue",
    "green",
    "small",
    "bright",
    "north",
    "window",
    "paper",
    "cloud",
    "simple",
    "steady",
    "number",
    "system",
    "morning",
    "evening",
    "harbor",
    "forest",
    "minute",
    "reason",
    "pattern",
    "orbit",
    "valley",
    "little",
    "silver",
    "golden",
    "gentle",
    "rapid",
    "common",
    "careful",
    "open",
    "field",
    "engine",
    "market",
    "letter",
    "bridge",
    "canvas",
    "circle",
    "detail",
    "echo",
    "fabric",
    "glass",
    "horizon",
    "island",
    "journey",
    "kernel",
    "ladder",
    "meadow",
    "needle",
    "ocean",
    "planet",
    "question",
    "rhythm",
    "shadow",
    "timber",
    "update"
  };
  private static final String[] THOUGHTS = {
    "Let", " me", " think", " about", " this", " carefully", " first", "."
  };

  private TextGen() {}

  /** Seed for a request: model, prompt tokens and options.seed. */
  public static long seed(FakeModel model, int[] prompt, long optionSeed) {
    long h = 0xcbf29ce484222325L;
    String name = model.name();
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001b3L;
    }
    for (int t : prompt) {
      h = (h ^ t) * 0x100000001b3L;
    }
    return (h ^ optionSeed) * 0x9E3779B97F4A7C15L;
  }

  /** Reply tokens (concatenation = reply text) before any num_predict cut. */
  public static List<String> reply(FakeModel model, long seed) {
    if (model.reply() != null) {
      return Tokenizer.split(model.reply());
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = model.replyTokens();
    List<String> tokens = new ArrayList<>(n);
    for (int i = 0; i < n - 1; i++) {
      String w = WORDS[rnd.nextInt(WORDS.length)];
      if (i == 0) {
        tokens.add(Character.toUpperCase(w.charAt(0)) + w.substring(1));
      } else {
        tokens.add(" " + w);
      }
    }
    tokens.add(".");
    return tokens;
  }

  /** Thinking tokens for thinking models. */
  public static List<String> thinking() {
    return List.of(THOUGHTS);
  }

  /**
   * A JSON reply for {@code format}: an object following a schema's properties, or a generic
   * object.
   */
  public static String json(JsonNode format, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    if (format != null && format.isObject() && format.has("properties")) {
      writeObject(sb, format, rnd);
    } else {
      sb.append("{\"answer\": \"")
          .append(WORDS[rnd.nextInt(WORDS.length)])
          .append(' ')
          .append(WORDS[rnd.nextInt(WORDS.length)])
          .append("\"}");
    }
    return sb.toString();
  }

  private static void writeObject(StringBuilder sb, JsonNode schema, SplittableRandom rnd) {
    sb.append('{');
    JsonNode props = schema.get("properties");
    boolean first = true;
    if (props != null && props.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append('"').append(escape(e.getKey())).append("\": ");
        writeValue(sb, e.getValue(), rnd);
      }
    }
    sb.append('}');
  }

  private static void writeValue(StringBuilder sb, JsonNode schema, SplittableRandom rnd) {
    JsonNode en = schema.get("enum");
    if (en != null && en.isArray() && en.size() > 0) {
      sb.append(en.get(rnd.nextInt(en.size())).toString());
      return;
    }
    JsonNode typeNode = schema.get("type");
    String type =
        typeNode == null
            ? "string"
            : typeNode.isArray() && typeNode.size() > 0
                ? typeNode.get(0).asText()
                : typeNode.asText();
    switch (type) {
      case "integer":
        sb.append(rnd.nextInt(100));
        break;
      case "number":
        sb.append(rnd.nextInt(1000) / 10.0);
        break;
      case "boolean":
        sb.append(rnd.nextBoolean());
        break;
      case "array":
        sb.append('[');
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
          writeValue(sb, items, rnd);
        }
        sb.append(']');
        break;
      case "object":
        writeObject(sb, schema, rnd);
        break;
      case "null":
        sb.append("null");
        break;
      default:
        sb.append('"').append(WORDS[rnd.nextInt(WORDS.length)]).append('"');
        break;
    }
  }

  /** Deterministic arguments for a tool call, following the function's parameter schema. */
  public static String toolArguments(JsonNode parameters, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder("{");
    if (parameters != null && parameters.isObject()) {
      JsonNode props = parameters.get("properties");
      JsonNode required = parameters.get("required");
      boolean first = true;
      if (props != null && props.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (required != null
              && required.isArray()
              && required.size() > 0
              && !contains(required, e.getKey())) {
            continue;
          }
          if (!first) {
            sb.append(',');
          }
          first = false;
          sb.append('"').append(escape(e.getKey())).append("\":");
          StringBuilder v = new StringBuilder();
          writeValue(v, e.getValue(), rnd);
          sb.append(v.toString().replace(", ", ","));
        }
      }
    }
    return sb.append('}').toString();
  }

  private static boolean contains(JsonNode array, String s) {
    for (JsonNode n : array) {
      if (s.equals(n.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** A tool call id: {@code call_} and 8 characters of [a-z0-9], derived from the seed. */
  public static String toolCallId(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder("call_");
    for (int i = 0; i < 8; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** A deterministic embedding, L2-normalized, optionally truncated to {@code dims} first. */
  public static float[] embedding(FakeModel model, String text, int dims) {
    double[] raw = rawEmbedding(model, text);
    int n = dims > 0 && dims < raw.length ? dims : raw.length;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      norm += raw[i] * raw[i];
    }
    norm = Math.sqrt(norm);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (raw[i] / norm);
    }
    return out;
  }

  /** The unnormalized vector of the legacy endpoint. */
  public static double[] rawEmbedding(FakeModel model, String text) {
    long h = 0xcbf29ce484222325L;
    String key = model.name() + "\u0000" + text;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001b3L;
    }
    SplittableRandom rnd = new SplittableRandom(h);
    double[] v = new double[model.dimensions()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextDouble(-1.0, 1.0);
    }
    return v;
  }
}
