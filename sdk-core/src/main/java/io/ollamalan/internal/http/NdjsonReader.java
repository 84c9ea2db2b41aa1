package io.ollamalan.internal.http;

import io.ollamalan.internal.json.Json;
import io.ollamalan.internal.json.JsonErrorBody;
import io.ollamalan.internal.json.JsonMappingFailure;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads NDJSON lines from a source, one at a time: each line is located in the source's buffer
 * (never reading more than the line limit ahead), copied into a per-thread scratch array (never
 * into a String) and decoded there. An idle reader holds no buffer of its own.
 */
public final class NdjsonReader<T> {
  /** What {@link #read()} found. */
  public enum Status {
    /** A chunk: see {@link #chunk()}. */
    CHUNK,
    /** The source ended after a complete line (or was empty). */
    END,
    /** A line longer than the limit. */
    TOO_LONG,
    /** An {@code {"error": ...}} line: see {@link #errorMessage()}. */
    ERROR_LINE,
    /** A line that is not a valid chunk: see {@link #failure()}. */
    MALFORMED,
    /** The source ended inside a line that is not a complete chunk. */
    TRUNCATED
  }

  private static final int SCRATCH_KEEP_LIMIT = 1 << 20;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8192]);
  private static final byte[] ERROR_KEY = "\"error\"".getBytes(StandardCharsets.US_ASCII);

  private final BufferedSource source;
  private final int maxLineBytes;
  private final ChunkDecoder<T> decoder;
  private @Nullable T chunk;
  private @Nullable String errorMessage;
  private @Nullable RuntimeException failure;
  private int lines;
  private boolean lastLine;

  public NdjsonReader(BufferedSource source, int maxLineBytes, ChunkDecoder<T> decoder) {
    this.source = source;
    this.maxLineBytes = maxLineBytes;
    this.decoder = decoder;
  }

  /** Reads up to the next chunk or problem; blank lines are skipped. */
  public Status read() throws IOException {
    chunk = null;
    while (true) {
      long nl = source.indexOf((byte) '\n', 0, (long) maxLineBytes + 1);
      int len;
      lastLine = false;
      if (nl < 0) {
        Buffer buf = source.getBuffer();
        if (buf.size() > maxLineBytes) {
          return Status.TOO_LONG;
        }
        if (buf.size() == 0) {
          return Status.END;
        }
        len = (int) buf.size();
        lastLine = true;
      } else {
        len = (int) nl;
      }
      byte[] scratch = scratch(len);
      readInto(scratch, len);
      if (!lastLine) {
        source.skip(1);
      }
      lines++;
      if (isBlank(scratch, len)) {
        if (lastLine) {
          return Status.END;
        }
        continue;
      }
      if (looksLikeError(scratch, len)) {
        String msg = Json.errorMessage(scratch, 0, len);
        if (msg != null) {
          errorMessage = msg;
          return Status.ERROR_LINE;
        }
      }
      try {
        chunk = decoder.decode(scratch, 0, len);
      } catch (JsonErrorBody e) {
        // An error object whose "error" field is not its first.
        errorMessage = e.error();
        return Status.ERROR_LINE;
      } catch (RuntimeException e) {
        failure = e;
        return lastLine && e instanceof JsonMappingFailure f && f.isTruncated()
            ? Status.TRUNCATED
            : Status.MALFORMED;
      }
      if (chunk == null) {
        failure = new IllegalStateException("the line decoded to nothing");
        return Status.MALFORMED;
      }
      return Status.CHUNK;
    }
  }

  /**
   * The chunk of the last {@link Status#CHUNK}.
   *
   * @throws IllegalStateException when the last {@link #read()} did not return {@link Status#CHUNK}
   */
  public T chunk() {
    T c = chunk;
    if (c == null) {
      throw new IllegalStateException("the last line read was not a chunk");
    }
    return c;
  }

  /**
   * The message of the last {@link Status#ERROR_LINE}.
   *
   * @throws IllegalStateException when no line so far was an error line
   */
  public String errorMessage() {
    String m = errorMessage;
    if (m == null) {
      throw new IllegalStateException("no line read was an error line");
    }
    return m;
  }

  /**
   * Why the last line was {@link Status#MALFORMED} or {@link Status#TRUNCATED}.
   *
   * @throws IllegalStateException when no line so far was malformed or truncated
   */
  public RuntimeException failure() {
    RuntimeException f = failure;
    if (f == null) {
      throw new IllegalStateException("no line read was malformed or truncated");
    }
    return f;
  }

  /** Lines read so far, blank ones included; the number of the line just read. */
  public int lineNumber() {
    return lines;
  }

  /** Whether the line just read was the source's last and had no newline. */
  public boolean wasLastLine() {
    return lastLine;
  }

  /** Whether the source holds nothing more (reads its end, e.g. a chunked terminator). */
  public boolean exhausted() throws IOException {
    return source.exhausted();
  }

  private void readInto(byte[] dst, int len) throws IOException {
    int off = 0;
    while (off < len) {
      int n = source.read(dst, off, len - off);
      if (n < 0) {
        throw new EOFException("the stream ended inside a line");
      }
      off += n;
    }
  }

  private static byte[] scratch(int len) {
    byte[] s = SCRATCH.get();
    if (s.length >= len) {
      return s;
    }
    byte[] bigger = new byte[Math.max(len, s.length * 2)];
    if (bigger.length <= SCRATCH_KEEP_LIMIT) {
      SCRATCH.set(bigger);
    }
    return bigger;
  }

  private static boolean isBlank(byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Whether the line's first key is {@code "error"}: how Ollama frames a mid-stream failure. */
  private static boolean looksLikeError(byte[] b, int len) {
    int i = 0;
    while (i < len && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
    if (i >= len || b[i] != '{') {
      return false;
    }
    i++;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    if (len - i < ERROR_KEY.length) {
      return false;
    }
    for (int k = 0; k < ERROR_KEY.length; k++) {
      if (b[i + k] != ERROR_KEY[k]) {
        return false;
      }
    }
    return true;
  }
}
