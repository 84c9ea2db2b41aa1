package io.ollamalan.testkit.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** JSON output byte-compatible with Go's {@code encoding/json} (escaping and number format). */
public final class GoJson {

  /** Shared mapper for parsing requests and writing trees with Go escaping. */
  public static final ObjectMapper MAPPER = new ObjectMapper(factory());

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private GoJson() {}

  private static JsonFactory factory() {
    JsonFactory f = new JsonFactory();
    f.setCharacterEscapes(new GoEscapes());
    f.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return f;
  }

  /** A generator writing UTF-8 straight into the buffer; close it to flush. */
  public static JsonGenerator generator(ByteBuf buf) {
    try {
      return FACTORY.createGenerator(
          (java.io.OutputStream) new ByteBufOutputStream(buf), JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a float32 the way Go formats it ({@code strconv.FormatFloat(f, 'f' or 'e', -1, 32)}).
   */
  public static void writeFloat32(JsonGenerator g, float f) throws IOException {
    g.writeNumber(formatGo(Float.toString(f), Math.abs(f)));
  }

  /** Writes a float64 the way Go formats it. */
  public static void writeFloat64(JsonGenerator g, double d) throws IOException {
    g.writeNumber(formatGo(Double.toString(d), Math.abs(d)));
  }

  static String formatGo(String javaRepr, double abs) {
    if (abs == 0) {
      return "0";
    }
    if (abs >= 1e-6 && abs < 1e21) {
      if (javaRepr.indexOf('E') < 0) {
        return javaRepr.endsWith(".0") ? javaRepr.substring(0, javaRepr.length() - 2) : javaRepr;
      }
      return new BigDecimal(javaRepr).stripTrailingZeros().toPlainString();
    }
    BigDecimal bd = new BigDecimal(javaRepr).stripTrailingZeros();
    String unscaled = bd.unscaledValue().abs().toString();
    int exp = unscaled.length() - 1 - bd.scale();
    StringBuilder sb = new StringBuilder();
    if (bd.signum() < 0) {
      sb.append('-');
    }
    sb.append(unscaled.charAt(0));
    if (unscaled.length() > 1) {
      sb.append('.').append(unscaled, 1, unscaled.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int e = Math.abs(exp);
    if (e < 10) {
      sb.append('0');
    }
    return sb.append(e).toString();
  }

  /** Go escapes {@code < > &} and U+2028/U+2029 and uses lower-case hex for control characters. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] table;

    GoEscapes() {
      table = CharacterEscapes.standardAsciiEscapesForJSON();
      for (int c = 0; c < 0x20; c++) {
        table[c] = CharacterEscapes.ESCAPE_CUSTOM;
      }
      table['<'] = CharacterEscapes.ESCAPE_CUSTOM;
      table['>'] = CharacterEscapes.ESCAPE_CUSTOM;
      table['&'] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      switch (ch) {
        case '\n':
          return new SerializedString("\\n");
        case '\r':
          return new SerializedString("\\r");
        case '\t':
          return new SerializedString("\\t");
        case '\b':
          return new SerializedString("\\b");
        case '\f':
          return new SerializedString("\\f");
        default:
          if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
          }
          return null;
      }
    }
  }
}
