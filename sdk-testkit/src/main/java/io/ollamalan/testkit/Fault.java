package io.ollamalan.testkit;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One injected failure, added with {@link Faults#add(Fault)}. Immutable. A fault applies to the
 * next request by default; {@link #times(int)} and {@link #untilCleared()} widen that, and {@link
 * #onPath(String)} restricts it to one request path (without query string).
 *
 * <p>Faults of the <em>request</em> phase ({@link #latency}, {@link #busy}, {@link #error}, {@link
 * #respond}, {@link #resetBeforeHeaders}, {@link #hang}) act when a request arrives, before it is
 * handled. Faults of the <em>stream</em> phase ({@link #resetAfterChunks}, {@link
 * #malformedLineAfterChunks}, {@link #errorLineAfterChunks}, {@link #truncateAfterChunks}, {@link
 * #slowStream}) act only on NDJSON streams and are consumed only by requests that stream. Delays of
 * matching faults add up; of several matching terminal faults the oldest one acts and the others
 * stay queued.
 */
public final class Fault {

  /** The kind of failure. */
  public enum Kind {
    /** Extra delay before the response headers. */
    LATENCY(false, false),
    /** 503 with Ollama's exact queue-full error body. */
    BUSY(false, true),
    /** An arbitrary status and body. */
    RESPOND(false, true),
    /** TCP reset before any response byte. */
    RESET_BEFORE_HEADERS(false, true),
    /** Accept the request and never answer. */
    HANG(false, true),
    /** TCP reset after some stream chunks. */
    RESET_AFTER_CHUNKS(true, true),
    /** A line that is not JSON after some stream chunks; the stream then ends. */
    MALFORMED_LINE_AFTER_CHUNKS(true, true),
    /** A {@code {"error":"..."}} line after some stream chunks; the stream then ends. */
    ERROR_LINE_AFTER_CHUNKS(true, true),
    /** Clean end of the response after some chunks, without the final {@code done} line. */
    TRUNCATE_AFTER_CHUNKS(true, true),
    /** Extra delay before every stream chunk. */
    SLOW_STREAM(true, false);

    private final boolean streamPhase;
    private final boolean terminal;

    Kind(boolean streamPhase, boolean terminal) {
      this.streamPhase = streamPhase;
      this.terminal = terminal;
    }

    /** True for faults that act on NDJSON streams only. */
    public boolean streamPhase() {
      return streamPhase;
    }

    /** True for faults that replace or end the response (as opposed to delays). */
    public boolean terminal() {
      return terminal;
    }
  }

  /** {@code times} value meaning "until {@link Faults#clear()}". */
  public static final int UNTIL_CLEARED = Integer.MAX_VALUE;

  private final Kind kind;
  private final int times;
  private final @Nullable String path;
  private final Duration delay;
  private final int chunks;
  private final int status;
  private final @Nullable String contentType;
  private final @Nullable String body;

  private Fault(
      Kind kind,
      int times,
      @Nullable String path,
      Duration delay,
      int chunks,
      int status,
      @Nullable String contentType,
      @Nullable String body) {
    this.kind = kind;
    this.times = times;
    this.path = path;
    this.delay = delay;
    this.chunks = chunks;
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  private static Fault of(Kind kind) {
    return new Fault(kind, 1, null, Duration.ZERO, 0, 0, null, null);
  }

  /** Delays the response headers by {@code delay}. */
  public static Fault latency(Duration delay) {
    return of(Kind.LATENCY).withDelay(delay);
  }

  /**
   * Answers 503 {@code {"error":"server busy, please try again. maximum pending requests
   * exceeded"}} with {@code application/json; charset=utf-8}.
   */
  public static Fault busy() {
    return new Fault(Kind.BUSY, 1, null, Duration.ZERO, 0, 503, null, null);
  }

  /**
   * Answers {@code status} with {@code {"error":"<message>"}} as {@code application/json;
   * charset=utf-8}.
   */
  public static Fault error(int status, String message) {
    return new Fault(
        Kind.RESPOND,
        1,
        null,
        Duration.ZERO,
        0,
        checkStatus(status),
        "application/json; charset=utf-8",
        errorBody(message));
  }

  /**
   * Answers {@code status} with exactly {@code body} and the given content type (null for none).
   */
  public static Fault respond(int status, @Nullable String contentType, String body) {
    return new Fault(
        Kind.RESPOND,
        1,
        null,
        Duration.ZERO,
        0,
        checkStatus(status),
        contentType,
        Objects.requireNonNull(body, "body"));
  }

  /** Resets the TCP connection (RST, SO_LINGER 0) before any response byte. */
  public static Fault resetBeforeHeaders() {
    return of(Kind.RESET_BEFORE_HEADERS);
  }

  /** Holds the connection without answering until the client leaves or the node stops. */
  public static Fault hang() {
    return of(Kind.HANG);
  }

  /** Resets the TCP connection after {@code chunks} stream lines (0 = right after the headers). */
  public static Fault resetAfterChunks(int chunks) {
    return of(Kind.RESET_AFTER_CHUNKS).withChunks(chunks);
  }

  /**
   * Sends a line that is not valid JSON after {@code chunks} stream lines, then ends the stream.
   */
  public static Fault malformedLineAfterChunks(int chunks) {
    return of(Kind.MALFORMED_LINE_AFTER_CHUNKS).withChunks(chunks);
  }

  /**
   * Sends {@code {"error":"<message>"}} after {@code chunks} stream lines (status stays 200), then
   * ends.
   */
  public static Fault errorLineAfterChunks(int chunks, String message) {
    Fault f = of(Kind.ERROR_LINE_AFTER_CHUNKS).withChunks(chunks);
    return new Fault(f.kind, 1, null, Duration.ZERO, f.chunks, 0, null, errorBody(message));
  }

  /** Ends the response cleanly after {@code chunks} stream lines, without the {@code done} line. */
  public static Fault truncateAfterChunks(int chunks) {
    return of(Kind.TRUNCATE_AFTER_CHUNKS).withChunks(chunks);
  }

  /** Delays every stream line by {@code perChunk} (wall-clock). */
  public static Fault slowStream(Duration perChunk) {
    return of(Kind.SLOW_STREAM).withDelay(perChunk);
  }

  /** Applies to the next {@code n} matching requests (default 1). */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + n);
    }
    return new Fault(kind, n, path, delay, chunks, status, contentType, body);
  }

  /** Applies to every matching request until {@link Faults#clear()}. */
  public Fault untilCleared() {
    return times(UNTIL_CLEARED);
  }

  /** Applies only to requests for this exact path, e.g. {@code /api/chat}. */
  public Fault onPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    return new Fault(kind, times, path, delay, chunks, status, contentType, body);
  }

  private Fault withDelay(Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + d);
    }
    return new Fault(kind, times, path, d, chunks, status, contentType, body);
  }

  private Fault withChunks(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("chunks must not be negative: " + k);
    }
    return new Fault(kind, times, path, delay, k, status, contentType, body);
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("Invalid HTTP status: " + status);
    }
    return status;
  }

  private static String errorBody(String message) {
    StringBuilder sb = new StringBuilder("{\"error\":\"");
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append("\"}").toString();
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }

  /** Remaining applications when added ({@link #UNTIL_CLEARED} for unlimited). */
  public int times() {
    return times;
  }

  /** The path filter, or null for every path. */
  public @Nullable String path() {
    return path;
  }

  /** Delay of {@link Kind#LATENCY} and {@link Kind#SLOW_STREAM}; zero otherwise. */
  public Duration delay() {
    return delay;
  }

  /** Stream lines sent before a stream-phase fault acts. */
  public int chunks() {
    return chunks;
  }

  /** HTTP status of {@link Kind#BUSY} and {@link Kind#RESPOND}; 0 otherwise. */
  public int status() {
    return status;
  }

  /** Content type of {@link Kind#RESPOND}, or null. */
  public @Nullable String contentType() {
    return contentType;
  }

  /** Body of {@link Kind#RESPOND}, or the error line of {@link Kind#ERROR_LINE_AFTER_CHUNKS}. */
  public @Nullable String body() {
    return body;
  }

  @Override
  public String toString() {
    return "Fault{"
        + kind
        + (path == null ? "" : " on " + path)
        + (times == UNTIL_CLEARED ? ", until cleared" : ", times=" + times)
        + "}";
  }
}
