package io.ollamalan.internal.http;

import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaProtocolException.Problem;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.Errors;
import io.ollamalan.internal.LeakRegistry;
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
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A streamed response: an {@link NdjsonReader} over the response body, with the stream's
 * bookkeeping (what was delivered, how it ended) and the mapping of problems to typed errors.
 */
public final class NdjsonResponseStream<T> implements ResponseStream<T>, Closeable {

  private final NodeClient node;
  private final Exchange exchange;
  private final BufferedSource source;
  private final NdjsonReader<T> reader;
  private final Predicate<T> isLast;
  private final Function<List<T>, T> aggregator;
  private final StreamObserver observer;
  private final TransportSettings settings;
  private final LongSupplier ticker;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final long idleNanos;
  private volatile boolean closed;

  /** A chunk read ahead by {@link #hasNext()} and not taken yet. */
  private @Nullable T next;

  private boolean done;
  private int delivered;
  private int decoded;

  NdjsonResponseStream(
      NodeClient node,
      Exchange exchange,
      ChunkDecoder<T> decoder,
      Predicate<T> isLast,
      Function<List<T>, T> aggregator,
      StreamObserver observer,
      TransportSettings settings,
      LongSupplier ticker) {
    this.node = node;
    this.exchange = exchange;
    this.source = exchange.response().body().source();
    this.reader = new NdjsonReader<>(source, settings.maxLineBytes(), decoder);
    this.isLast = isLast;
    this.aggregator = aggregator;
    this.observer = observer;
    this.settings = settings;
    this.ticker = ticker;
    this.idleNanos = settings.streamIdleTimeout().toNanos();
    source.timeout().timeout(idleNanos, TimeUnit.NANOSECONDS);
    // Watched until the stream ends, however it ends (see release()).
    Watchdog.SHARED.watch(exchange.tracker());
    LeakRegistry.opened(this, "response stream from node " + node.nodeId());
  }

  /** Stops watching the stream's reads; called once the stream ended or was closed. */
  private void release() {
    Watchdog.SHARED.unwatch(exchange.tracker());
    LeakRegistry.closed(this);
  }

  @Override
  public String nodeId() {
    return node.nodeId();
  }

  @Override
  public String requestId() {
    return exchange.context().requestId();
  }

  @Override
  public boolean hasNext() {
    return peek() != null;
  }

  /** The next chunk, read ahead and kept for {@link #next()}; null when the stream has ended. */
  private @Nullable T peek() {
    T chunk = next;
    if (chunk != null || done || closed) {
      return chunk;
    }
    chunk = readChunk();
    next = chunk;
    return chunk;
  }

  @Override
  public T next() {
    T chunk = peek();
    if (chunk == null) {
      throw new NoSuchElementException("the stream has ended");
    }
    next = null;
    delivered++;
    if (done) {
      finishCompleted(chunk);
    }
    return chunk;
  }

  /**
   * Reads the first chunk without handing it over, so that a failure before anything was delivered
   * can still be retried on another node.
   */
  public void prefetch() {
    boolean unused = hasNext();
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
      throw Errors.protocol(
          Problem.TRUNCATED,
          node.nodeId(),
          exchange.response().code(),
          requestId(),
          "the stream had no chunk at all",
          null);
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
      release();
      try {
        exchange.cancel();
      } finally {
        observer.canceled();
      }
    }
  }

  private @Nullable T readChunk() {
    if (Thread.currentThread().isInterrupted()) {
      exchange.context().cancel();
      throw fail(Errors.canceled(node.nodeId(), requestId(), null));
    }
    AttemptTracker tracker = exchange.tracker();
    try {
      NdjsonReader.Status status;
      tracker.enterChunkWait(idleNanos);
      try {
        status = reader.read();
      } finally {
        tracker.exitChunkWait();
      }
      switch (status) {
        case CHUNK:
          break;
        case END:
          throw fail(truncated("the stream ended before its final \"done\": true chunk"));
        case TOO_LONG:
          throw fail(
              Errors.protocol(
                  Problem.TOO_LARGE,
                  node.nodeId(),
                  exchange.response().code(),
                  requestId(),
                  "a stream line is longer than "
                      + "maxLineBytes ("
                      + settings.maxLineBytes()
                      + " bytes); raise it if such "
                      + "chunks are expected",
                  null));
        case ERROR_LINE:
          throw fail(
              Errors.errorIn200(
                  node.nodeId(), reader.errorMessage(), requestId(), delivered > 0, true));
        default:
          RuntimeException e = reader.failure();
          throw fail(
              Errors.protocol(
                  status == NdjsonReader.Status.TRUNCATED ? Problem.TRUNCATED : Problem.MALFORMED,
                  node.nodeId(),
                  exchange.response().code(),
                  requestId(),
                  "line "
                      + reader.lineNumber()
                      + " of the stream is not a valid chunk ("
                      + e.getMessage()
                      + ")",
                  e));
      }
      T chunk = reader.chunk();
      if (decoded++ == 0) {
        observer.firstChunk(ticker.getAsLong() - exchange.context().startNanos());
      }
      if (isLast.test(chunk)) {
        done = true;
        drain();
      } else if (reader.wasLastLine()) {
        throw fail(truncated("the stream ended before its final \"done\": true chunk"));
      }
      return chunk;
    } catch (IOException e) {
      if (closed && tracker.fired() != AttemptTracker.INTERRUPTED) {
        return null;
      }
      throw fail(
          Failures.classify(
              e, node.nodeId(), exchange.context(), settings, tracker, true, ticker.getAsLong()));
    } catch (Error e) {
      // Release the connection and the node's slot before the Error travels on as it is.
      closed = true;
      if (finished.compareAndSet(false, true)) {
        release();
        try {
          exchange.cancel();
        } finally {
          observer.canceled();
        }
      }
      throw e;
    }
  }

  /** Reads the end of the chunked body so that the connection can go back to the pool. */
  private void drain() throws IOException {
    if (!reader.exhausted()) {
      // Bytes after the final chunk: not Ollama's framing. Release without reusing the connection.
      exchange.cancel();
    }
  }

  private void finishCompleted(T last) {
    if (finished.compareAndSet(false, true)) {
      release();
      exchange.response().close();
      observer.completed(last);
    }
  }

  private OllamaException fail(OllamaException e) {
    OllamaException out = delivered > 0 ? e.withPartialResponseDelivered() : e;
    closed = true;
    if (finished.compareAndSet(false, true)) {
      release();
      try {
        exchange.cancel();
        // The node's other idle connections likely died with this one (or, for a stream cut
        // short, it is going away); a request written to one of them could not be resent.
        node.evictAfter(e);
      } finally {
        observer.failed(out);
      }
    }
    return out;
  }

  private OllamaProtocolException truncated(String what) {
    return Errors.protocol(
        Problem.TRUNCATED,
        node.nodeId(),
        exchange.response().code(),
        requestId(),
        what + "; the node may have crashed or the connection been cut",
        null);
  }
}
