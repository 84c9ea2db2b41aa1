package io.ollamalan.internal.http;

import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaProtocolException.Problem;
import io.ollamalan.OllamaServerException;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import okio.Buffer;
import okio.BufferedSource;

/**
 * An NDJSON response read incrementally: each line is located in OkHttp's buffer, copied into a
 * per-thread scratch array (never into a String) and decoded there, so an idle stream holds no
 * buffer of its own and a line longer than the limit fails before it is buffered whole.
 */
public final class NdjsonResponseStream<T> implements ResponseStream<T>, Closeable {
  private static final int SCRATCH_KEEP_LIMIT = 1 << 20;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8192]);
  private static final byte[] ERROR_KEY = "\"error\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final NodeClient node;
  private final Exchange exchange;
  private final BufferedSource source;
  private final ChunkDecoder<T> decoder;
  private final Predicate<T> isLast;
  private final Function<List<T>, T> aggregator;
  private final StreamObserver observer;
  private final TransportSettings settings;
  private final LongSupplier ticker;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean closed;

  private T next;
  private boolean done;
  private int delivered;
  private int decoded;

  NdjsonResponseStream(NodeClient node, Exchange exchange, ChunkDecoder<T> decoder,
      Predicate<T> isLast, Function<List<T>, T> aggregator, StreamObserver observer,
      TransportSettings settings, LongSupplier ticker) {
    this.node = node;
    this.exchange = exchange;
    this.source = exchange.response().body().source();
    this.decoder = decoder;
    this.isLast = isLast;
    this.aggregator = aggregator;
    this.observer = observer;
    this.settings = settings;
    this.ticker = ticker;
    source.timeout().timeout(settings.streamIdleTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String nodeId() {
    return node.nodeId();
  }

  @Override
  public String requestId() {
    return exchange.context().requestId();
  }

  /** Chunks handed to the caller so far. */
  public int delivered() {
    return delivered;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done || closed) {
      return false;
    }
    T chunk = readChunk();
    if (chunk == null) {
      return false;
    }
    next = chunk;
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    T chunk = next;
    next = null;
    delivered++;
    if (done) {
      finishCompleted(chunk);
    }
    return chunk;
  }

  /**
   * Reads the first chunk without handing it over, so that a failure before anything was
   * delivered can still be retried on another node.
   */
  public void prefetch() {
    hasNext();
  }

  @Override
  public T aggregate() {
    if (delivered > 0) {
      throw new IllegalStateException(
          "aggregate() must be called before any chunk was taken with next()");
    }
    List<T> chunks = new ArrayList<>();
    try {
      while (hasNext()) {
        chunks.add(next());
      }
    } finally {
      close();
    }
    if (chunks.isEmpty()) {
      throw OllamaProtocolException.of(Problem.TRUNCATED, node.nodeId(),
          exchange.response().code(), requestId(), "the stream had no chunk at all", null);
    }
    return aggregator.apply(chunks);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (finished.compareAndSet(false, true)) {
      try {
        exchange.cancel();
      } finally {
        observer.canceled();
      }
    }
  }

  private T readChunk() {
    try {
      while (true) {
        long max = settings.maxLineBytes();
        long nl = source.indexOf((byte) '\n', 0, max + 1);
        int len;
        boolean lastLine = false;
        if (nl < 0) {
          Buffer buf = source.getBuffer();
          if (buf.size() > max) {
            throw fail(OllamaProtocolException.of(Problem.TOO_LARGE, node.nodeId(),
                exchange.response().code(), requestId(), "a stream line is longer than maxLineBytes ("
                    + max + " bytes); raise it if such chunks are expected", null));
          }
          if (buf.size() == 0) {
            throw fail(truncated("the stream ended before its final \"done\": true chunk"));
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
        if (isBlank(scratch, len)) {
          if (lastLine) {
            throw fail(truncated("the stream ended before its final \"done\": true chunk"));
          }
          continue;
        }
        if (looksLikeError(scratch, len)) {
          String msg = Json.errorMessage(scratch, 0, len);
          if (msg != null) {
            throw fail(OllamaServerException.midStream(node.nodeId(), msg, requestId(),
                delivered > 0));
          }
        }
        T chunk;
        try {
          chunk = decoder.decode(scratch, 0, len);
        } catch (RuntimeException e) {
          Problem p = lastLine && (e instanceof io.ollamalan.internal.json.JsonMappingFailure f && f.isTruncated()) ? Problem.TRUNCATED : Problem.MALFORMED;
          throw fail(OllamaProtocolException.of(p, node.nodeId(), exchange.response().code(),
              requestId(), "line " + (decoded + 1) + " of the stream is not a valid chunk ("
                  + e.getMessage() + ")", e));
        }
        if (decoded++ == 0) {
          observer.firstChunk(ticker.getAsLong() - exchange.context().startNanos());
        }
        if (isLast.test(chunk)) {
          done = true;
          drain();
        } else if (lastLine) {
          throw fail(truncated("the stream ended before its final \"done\": true chunk"));
        }
        return chunk;
      }
    } catch (IOException e) {
      if (closed) {
        return null;
      }
      throw fail(Failures.classify(e, node.nodeId(), exchange.context(), settings,
          exchange.tracker().phase(), true, ticker.getAsLong()));
    }
  }

  /** Reads the end of the chunked body so that the connection can go back to the pool. */
  private void drain() throws IOException {
    if (!source.exhausted()) {
      // Bytes after the final chunk: not Ollama's framing. Release without reusing the connection.
      exchange.cancel();
    }
  }

  private void finishCompleted(T last) {
    if (finished.compareAndSet(false, true)) {
      exchange.response().close();
      observer.completed(last);
    }
  }

  private OllamaException fail(OllamaException e) {
    OllamaException out = delivered > 0 ? e.withPartialResponseDelivered() : e;
    closed = true;
    if (finished.compareAndSet(false, true)) {
      try {
        exchange.cancel();
      } finally {
        observer.failed(out);
      }
    }
    return out;
  }

  private OllamaProtocolException truncated(String what) {
    return OllamaProtocolException.of(Problem.TRUNCATED, node.nodeId(), exchange.response().code(),
        requestId(), what + "; the node may have crashed or the connection been cut", null);
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

  private void readInto(byte[] dst, int len) throws IOException {
    int off = 0;
    while (off < len) {
      int n = source.read(dst, off, len - off);
      if (n < 0) {
        throw new java.io.EOFException("stream ended inside a line");
      }
      off += n;
    }
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
    while (i < len && (b[i] == ' ' || b[i] == '\t')) {
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
