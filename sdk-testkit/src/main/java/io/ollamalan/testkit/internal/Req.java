package io.ollamalan.testkit.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A decoded JSON request body with Go-style decoding errors: {@code missing request body}, {@code
 * unexpected EOF}, {@code invalid character ...} and {@code json: cannot unmarshal X into Go struct
 * field T.f of type Y}.
 */
public final class Req {

  private final ObjectNode node;
  private final String struct;

  private Req(ObjectNode node, String struct) {
    this.node = node;
    this.struct = struct;
  }

  /** Decodes a body for the Go struct named {@code struct}, e.g. {@code GenerateRequest}. */
  public static Req parse(ByteBuf body, String struct) {
    int start = body.readerIndex();
    int end = body.writerIndex();
    int first = -1;
    for (int i = start; i < end; i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        first = b & 0xff;
        break;
      }
    }
    if (first < 0) {
      throw new ApiError(400, "missing request body");
    }
    JsonNode tree;
    try {
      tree = GoJson.MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(body.duplicate()));
    } catch (JsonEOFException e) {
      throw new ApiError(400, "unexpected EOF");
    } catch (JsonParseException e) {
      throw new ApiError(400, syntaxMessage(first, e));
    } catch (IOException e) {
      throw new ApiError(400, "unexpected EOF");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ApiError(400, "missing request body");
    }
    if (!tree.isObject()) {
      if (tree.isNull()) {
        return new Req(GoJson.MAPPER.createObjectNode(), struct);
      }
      throw new ApiError(
          400, "json: cannot unmarshal " + kind(tree) + " into Go value of type api." + struct);
    }
    return new Req((ObjectNode) tree, struct);
  }

  private static String syntaxMessage(int first, JsonParseException e) {
    if (first != '{'
        && first != '['
        && first != '"'
        && first != '-'
        && !(first >= '0' && first <= '9')
        && first != 't'
        && first != 'f'
        && first != 'n') {
      return "invalid character " + goChar(first) + " looking for beginning of value";
    }
    String msg = e.getOriginalMessage();
    int q = msg == null ? -1 : msg.indexOf("('");
    if (q >= 0 && q + 2 < msg.length()) {
      char c = msg.charAt(q + 2);
      if (msg.contains("was expecting double-quote to start field name")) {
        return "invalid character " + goChar(c) + " looking for beginning of object key string";
      }
      if (msg.contains("was expecting comma")) {
        return "invalid character " + goChar(c) + " after object key:value pair";
      }
      if (msg.contains("was expecting a colon")) {
        return "invalid character " + goChar(c) + " after object key";
      }
      return "invalid character " + goChar(c) + " looking for beginning of value";
    }
    return "unexpected EOF";
  }

  private static String goChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    if (c < 0x20) {
      return String.format("'\\x%02x'", c);
    }
    return "'" + (char) c + "'";
  }

  static String kind(JsonNode n) {
    if (n.isTextual()) {
      return "string";
    }
    if (n.isNumber()) {
      return "number";
    }
    if (n.isBoolean()) {
      return "bool";
    }
    if (n.isArray()) {
      return "array";
    }
    if (n.isObject()) {
      return "object";
    }
    return "null";
  }

  private ApiError typeError(String path, JsonNode value, String goType) {
    return new ApiError(
        400,
        "json: cannot unmarshal "
            + kind(value)
            + " into Go struct field "
            + struct
            + "."
            + path
            + " of type "
            + goType);
  }

  public ObjectNode node() {
    return node;
  }

  /** The raw node for a field, null when absent or JSON null. */
  public @Nullable JsonNode raw(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  public boolean has(String field) {
    return raw(field) != null;
  }

  public String string(String field) {
    JsonNode v = raw(field);
    if (v == null) {
      return "";
    }
    if (!v.isTextual()) {
      throw typeError(field, v, "string");
    }
    return v.textValue();
  }

  /** Optional bool; null when absent. */
  public @Nullable Boolean bool(String field) {
    JsonNode v = raw(field);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw typeError(field, v, "bool");
    }
    return v.booleanValue();
  }

  public boolean bool(String field, boolean dflt) {
    Boolean b = bool(field);
    return b == null ? dflt : b;
  }

  public int integer(String field) {
    JsonNode v = raw(field);
    if (v == null) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw typeError(field, v, "int");
    }
    return v.intValue();
  }

  /** An object field, or null when absent; {@code goType} names its Go type for errors. */
  public @Nullable ObjectNode object(String field, String goType) {
    JsonNode v = raw(field);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw typeError(field, v, goType);
    }
    return (ObjectNode) v;
  }

  /** An array field, or null when absent. */
  public @Nullable JsonNode array(String field, String goType) {
    JsonNode v = raw(field);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw typeError(field, v, goType);
    }
    return v;
  }

  /** Checks that every element of a string array is a string. */
  public void requireStrings(String field, JsonNode array) {
    for (JsonNode e : array) {
      if (!e.isTextual()) {
        throw typeError(field, e, "string");
      }
    }
  }

  /** Validates base64 images ({@code []ImageData}). */
  public void checkImages(String field) {
    JsonNode images = array(field, "[]api.ImageData");
    if (images == null) {
      return;
    }
    for (JsonNode img : images) {
      if (!img.isTextual()) {
        throw typeError(field, img, "api.ImageData");
      }
      try {
        Base64.getDecoder().decode(img.textValue());
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "illegal base64 data at input byte 0");
      }
    }
  }

  /**
   * keep_alive: null when absent; nanoseconds otherwise (negative = forever). Numbers are seconds;
   * strings are Go durations.
   */
  public @Nullable Long keepAlive() {
    JsonNode v = raw("keep_alive");
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      double seconds = v.doubleValue();
      if (seconds < 0) {
        return -1L;
      }
      double ns = seconds * 1e9;
      return ns >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) ns;
    }
    if (v.isTextual()) {
      try {
        long ns = GoDuration.parse(v.textValue());
        return ns < 0 ? -1L : ns;
      } catch (GoDuration.DurationException e) {
        throw new ApiError(400, e.getMessage());
      }
    }
    throw new ApiError(400, "Unsupported type: '" + goTypeName(v) + "'");
  }

  private static String goTypeName(JsonNode v) {
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isArray()) {
      return "[]interface {}";
    }
    return "map[string]interface {}";
  }

  /**
   * think: null when absent, {@code Boolean} or a level string. Invalid values give Ollama's {@code
   * invalid think value} error.
   */
  public @Nullable Object think() {
    JsonNode v = raw("think");
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String s = v.textValue();
      switch (s) {
        case "high":
        case "medium":
        case "low":
        case "max":
          return s;
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        default:
          break;
      }
      throw new ApiError(
          400,
          "invalid think value: "
              + GoDuration.quote(s)
              + " (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
    }
    throw new ApiError(
        400,
        "invalid think value: "
            + v
            + " (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
  }

  /** Parsed {@code options}: the few that affect the fake, type-checked like Ollama. */
  public static final class Options {
    public int numPredict = -1;
    public long seed = -1;
    public boolean seeded;
    public int numCtx;
  }

  /** Reads options; type errors surface as 500 as they come out of scheduling in Ollama. */
  public Options options() {
    Options o = new Options();
    ObjectNode opts = object("options", "map[string]interface {}");
    if (opts == null) {
      return o;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = opts.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      switch (e.getKey()) {
        case "num_predict":
          o.numPredict = intOption(e.getKey(), v);
          break;
        case "seed":
          o.seed = intOption(e.getKey(), v);
          o.seeded = true;
          break;
        case "num_ctx":
          o.numCtx = intOption(e.getKey(), v);
          break;
        case "num_keep":
        case "top_k":
        case "repeat_last_n":
        case "num_batch":
        case "num_gpu":
        case "main_gpu":
        case "num_thread":
        case "draft_num_predict":
          intOption(e.getKey(), v);
          break;
        case "temperature":
        case "top_p":
        case "min_p":
        case "typical_p":
        case "repeat_penalty":
        case "presence_penalty":
        case "frequency_penalty":
          if (!v.isNumber()) {
            throw new ApiError(500, "option \"" + e.getKey() + "\" must be of type float32");
          }
          break;
        case "use_mmap":
          if (!v.isBoolean()) {
            throw new ApiError(500, "option \"use_mmap\" must be of type boolean");
          }
          break;
        case "stop":
          if (!v.isArray()) {
            throw new ApiError(500, "option \"stop\" must be of type array");
          }
          break;
        default:
          break;
      }
    }
    return o;
  }

  private static int intOption(String key, JsonNode v) {
    if (!v.isNumber()) {
      throw new ApiError(500, "option \"" + key + "\" must be of type integer");
    }
    return v.intValue();
  }
}
