package io.ollamalan.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The JSON mapping of the Ollama API: encodes the requests and decodes the responses of {@link
 * io.ollamalan.model}. Thread-safe; all state is built once.
 *
 * <p>Requests and the per-token responses (chat and generate chunks, embed vectors) are mapped by
 * hand on Jackson's streaming API: model types stay free of Jackson, the wire rules (omitted
 * fields, {@code keep_alive} and {@code think} unions, flattened options) are explicit, and
 * decoding a stream chunk costs one pass with no reflection. The other responses are bound by
 * Jackson databind through internal mirror classes. Fields a response carries that the SDK does not
 * know are kept in its {@code unknownFields()}; extra request fields are written as given.
 */
public final class Json {
  private Json() {}

  /**
   * Longest JSON string accepted in a response, in characters: 16 Mi, the size of the longest
   * answer a default body limit of 16 MiB can carry. Decoding one string of n ASCII characters
   * peaks near 4.4 n bytes of heap (Jackson's token buffer of 2 n, its builder and the String),
   * about 72 MB for a 16 MiB answer, which a 128 MB heap survives; requests are written, not
   * decoded, so base64 images are not limited by this.
   */
  public static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

  /** Deepest nesting accepted (JSON schemas and tool arguments nest, but not this deep). */
  public static final int MAX_NESTING_DEPTH = 256;

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(MAX_STRING_LENGTH)
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxNumberLength(1000)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  private static final int EXCERPT_BEFORE = 40;

  /**
   * Encodes a request of {@link io.ollamalan.model} as UTF-8 JSON.
   *
   * @param stream the {@code stream} flag to send, for chat, generate, pull, push and create; null
   *     sends none (the node then streams)
   * @throws IllegalArgumentException if {@code request} is not a request type, or {@code stream} is
   *     set for an endpoint that does not stream
   */
  public static byte[] writeRequest(Object request, @Nullable Boolean stream) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    writeRequest(request, stream, out);
    return out.toByteArray();
  }

  /**
   * Encodes a request into {@code out} (which is flushed, not closed).
   *
   * @see #writeRequest(Object, Boolean)
   * @throws UncheckedIOException if {@code out} fails
   */
  public static void writeRequest(Object request, @Nullable Boolean stream, OutputStream out) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(out, "out");
    Writers.Entry entry = Writers.ALL.get(request.getClass());
    if (entry == null) {
      throw new IllegalArgumentException(
          "not an Ollama request type: " + request.getClass().getName());
    }
    if (stream != null && !entry.streams()) {
      throw new IllegalArgumentException(
          request.getClass().getSimpleName()
              + " goes to an endpoint that does not stream;"
              + " pass stream = null");
    }
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      entry.writer().write(g, request, stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code type} can be decoded by {@link #read}. */
  public static boolean canRead(Class<?> type) {
    return Readers.ALL.containsKey(type);
  }

  /**
   * Decodes one JSON value of {@code type} from {@code buf[off, off + len)}, e.g. one NDJSON line.
   * Unknown fields are kept in the value's {@code unknownFields()}; trailing whitespace is allowed,
   * trailing content is not.
   *
   * @throws JsonMappingFailure if the bytes are not a complete JSON value of that type
   * @throws JsonErrorBody if the value is Ollama's error object {@code {"error": "..."}}
   * @throws IllegalArgumentException if {@code type} is not a type of {@link io.ollamalan.model}
   *     this class decodes
   */
  public static <T> T read(byte[] buf, int off, int len, Class<T> type) {
    Objects.checkFromIndexSize(off, len, buf.length);
    Readers.Reader<?> reader = reader(type);
    JsonParser p = null;
    try {
      p = FACTORY.createParser(buf, off, len);
      return decode(p, reader, type);
    } catch (JsonIn.Mismatch | IOException e) {
      // The source object is made only on failure: a line decoded per token allocates none.
      throw failure(e, p, new ArraySource(buf, off, len));
    } finally {
      close(p);
    }
  }

  /** Decodes one JSON value of {@code type} from the whole of {@code buf}. */
  public static <T> T read(byte[] buf, Class<T> type) {
    return read(buf, 0, buf.length, type);
  }

  /**
   * Decodes one JSON value of {@code type} from {@code in} as the bytes arrive, holding no copy of
   * the whole body: memory is the decoded value, Jackson's buffer for the current token, and a
   * {@value StreamSource#KEPT}-byte window kept for error excerpts. Reads {@code in} to the end of
   * the value and checks that only whitespace follows; does not close {@code in}.
   *
   * @throws JsonMappingFailure if the body is not a complete JSON value of that type
   * @throws JsonErrorBody if the body is Ollama's error object {@code {"error": "..."}}
   * @throws UncheckedIOException if reading {@code in} fails (the cause is the stream's exception)
   */
  public static <T> T read(InputStream in, Class<T> type) {
    Objects.requireNonNull(in, "in");
    Readers.Reader<?> reader = reader(type);
    StreamSource source = new StreamSource(in);
    JsonParser p = null;
    try {
      p = FACTORY.createParser(source);
      return decode(p, reader, type);
    } catch (JsonIn.Mismatch | StreamReadException e) {
      throw failure(e, p, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      close(p);
    }
  }

  private static <T> T decode(JsonParser p, Readers.Reader<?> reader, Class<T> type)
      throws IOException {
    if (p.nextToken() == null) {
      throw new JsonMappingFailure("empty body, expected a JSON object", "", "", true, null);
    }
    Object value = reader.read(p);
    if (value == null) {
      // Only nested values (a message, a tool call) may be JSON null; a whole body may not.
      throw JsonIn.mismatch(p, "an object");
    }
    if (p.nextToken() != null) {
      throw new JsonIn.Mismatch("unexpected content after the JSON value", false);
    }
    String error = Readers.errorField(value);
    if (error != null) {
      throw new JsonErrorBody(error);
    }
    return type.cast(value);
  }

  private static JsonMappingFailure failure(Exception e, @Nullable JsonParser p, Source src) {
    if (e instanceof JsonIn.Mismatch m) {
      return failure(
          Objects.requireNonNullElse(m.getMessage(), "unexpected JSON"),
          p,
          p == null ? null : p.currentTokenLocation(),
          src,
          m.truncated,
          null);
    }
    if (e instanceof JsonEOFException eof) {
      return failure(
          "truncated JSON: " + eof.getOriginalMessage(), p, eof.getLocation(), src, true, e);
    }
    if (e instanceof StreamReadException r) {
      // Some end-of-input cases surface as a plain parse error; the location tells them apart.
      boolean atEnd = r.getLocation() != null && src.atEnd(r.getLocation().getByteOffset());
      return failure(
          (atEnd ? "truncated JSON: " : "malformed JSON: ") + r.getOriginalMessage(),
          p,
          r.getLocation(),
          src,
          atEnd,
          e);
    }
    return failure("unreadable JSON: " + e.getMessage(), p, null, src, false, e);
  }

  private static void close(@Nullable JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // Closing releases Jackson's buffers only: sources are not closed (AUTO_CLOSE_SOURCE off).
      }
    }
  }

  /**
   * The message of an Ollama error body {@code {"error": "..."}} (also the OpenAI-compatible {@code
   * {"error": {"message": "..."}}}), or {@code null} if the bytes are not such an object. Never
   * throws for any input.
   */
  public static @Nullable String errorMessage(byte @Nullable [] buf, int off, int len) {
    if (buf == null || off < 0 || len < 0 || off + len > buf.length || len == 0) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        if (!f.equals("error")) {
          p.skipChildren();
          continue;
        }
        if (t == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        if (t == JsonToken.START_OBJECT) {
          for (String g = p.nextFieldName(); g != null; g = p.nextFieldName()) {
            if (p.nextToken() == JsonToken.VALUE_STRING && g.equals("message")) {
              return p.getText();
            }
            p.skipChildren();
          }
        }
        return null;
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The top-level {@code stream} flag of a request body: {@code true}, {@code false}, or {@code
   * null} when absent, null or the body is not a JSON object. Never throws. For fakes that must
   * answer as a node does.
   */
  public static @Nullable Boolean streamFlag(byte @Nullable [] buf, int off, int len) {
    if (buf == null || off < 0 || len <= 0 || off + len > buf.length) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Boolean stream = null;
      for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
        JsonToken t = p.nextToken();
        if (f.equals("stream")) {
          stream =
              t == JsonToken.VALUE_TRUE
                  ? Boolean.TRUE
                  : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
        } else {
          p.skipChildren();
        }
      }
      return stream;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Readers.Reader<?> reader(Class<?> type) {
    Readers.Reader<?> reader = Readers.ALL.get(Objects.requireNonNull(type, "type"));
    if (reader == null) {
      throw new IllegalArgumentException("no JSON mapping for " + type.getName());
    }
    return reader;
  }

  private static JsonMappingFailure failure(
      String description,
      @Nullable JsonParser p,
      @Nullable JsonLocation location,
      Source source,
      boolean truncated,
      @Nullable Throwable cause) {
    String path = p == null ? "" : p.getParsingContext().pathAsPointer().toString();
    long at = location == null ? -1 : location.getByteOffset();
    return new JsonMappingFailure(shorten(description), path, source.excerpt(at), truncated, cause);
  }

  private static String shorten(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** At most {@link JsonMappingFailure#MAX_EXCERPT} characters around byte offset {@code at}. */
  static String excerpt(byte[] buf, int off, int len, long at) {
    int pos = at < 0 || at > len ? len : (int) at;
    int start = Math.max(0, pos - EXCERPT_BEFORE);
    int end = Math.min(len, start + JsonMappingFailure.MAX_EXCERPT);
    String s = new String(buf, off + start, end - start, StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length() && sb.length() < JsonMappingFailure.MAX_EXCERPT; i++) {
      char c = s.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.toString().strip();
  }

  /** Where the bytes being decoded came from, for excerpts and end-of-input checks. */
  private interface Source {
    String excerpt(long at);

    boolean atEnd(long offset);
  }

  private static final class ArraySource implements Source {
    private final byte[] buf;
    private final int off;
    private final int len;

    ArraySource(byte[] buf, int off, int len) {
      this.buf = buf;
      this.off = off;
      this.len = len;
    }

    @Override
    public String excerpt(long at) {
      return Json.excerpt(buf, off, len, at);
    }

    @Override
    public boolean atEnd(long offset) {
      return offset >= len;
    }
  }

  /**
   * An input stream that keeps the last {@link #KEPT} bytes read, so that a failure can show the
   * bytes around it without the body being held. The window is the calling thread's: a decode runs
   * on one thread and the excerpt is taken before {@link #read(InputStream, Class)} returns, so the
   * non-streamed hot path allocates no window per call.
   */
  static final class StreamSource extends FilterInputStream implements Source {
    /** Bytes kept: Jackson's read-ahead (8000 bytes) plus room for an excerpt. */
    static final int KEPT = 16 * 1024;

    private static final ThreadLocal<byte[]> RINGS = ThreadLocal.withInitial(() -> new byte[KEPT]);

    private final byte[] ring = RINGS.get();
    private long count;
    private boolean eof;

    StreamSource(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        eof = true;
      } else {
        ring[(int) (count++ % KEPT)] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        eof = true;
        return n;
      }
      // Copy the last min(n, KEPT) bytes into the ring, in at most two runs.
      int keep = Math.min(n, KEPT);
      int from = off + n - keep;
      int at = (int) ((count + n - keep) % KEPT);
      int first = Math.min(keep, KEPT - at);
      System.arraycopy(b, from, ring, at, first);
      System.arraycopy(b, from + first, ring, 0, keep - first);
      count += n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[(int) Math.min(n, 8192)];
      int r = read(scratch, 0, scratch.length);
      return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public String excerpt(long at) {
      long first = Math.max(0, count - KEPT);
      long pos = at < first || at > count ? count : at;
      long start = Math.max(first, pos - EXCERPT_BEFORE);
      int n = (int) Math.min(count - start, JsonMappingFailure.MAX_EXCERPT);
      byte[] bytes = new byte[n];
      for (int i = 0; i < n; i++) {
        bytes[i] = ring[(int) ((start + i) % KEPT)];
      }
      return Json.excerpt(bytes, 0, n, pos - start);
    }

    @Override
    public boolean atEnd(long offset) {
      return eof && offset >= count;
    }
  }
}
