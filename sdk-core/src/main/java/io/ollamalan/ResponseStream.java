package io.ollamalan;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed answer, chunk by chunk, as the node produces it. Iterate it (it is an {@link
 * Iterator}) or turn it into a {@link Stream}; always close it, ideally with try-with-resources.
 *
 * <p>Closing before the last chunk cancels the HTTP call: the node stops generating and the
 * connection is released. Reaching the last chunk releases the connection by itself. Iteration
 * throws {@link OllamaException} when the node fails mid-stream; such a failure is never retried
 * silently, since part of the answer was already delivered.
 *
 * <p>Not thread-safe, except {@link #close()}, which may be called from any thread to abort a
 * blocked read.
 *
 * @param <T> the chunk type
 */
public interface ResponseStream<T> extends Iterator<T>, AutoCloseable {

  /** The {@link Node#id()} of the node producing the stream. */
  String nodeId();

  /** The request id sent as {@code X-Request-Id}. */
  String requestId();

  /**
   * Reads the rest of the stream and folds it into exactly what the non-streaming call returns
   * (content and thinking concatenated, tool calls accumulated, the final chunk's metrics). Must be
   * called before any chunk was taken with {@link #next()}. Closes the stream.
   *
   * @throws IllegalStateException if chunks were already taken
   */
  T aggregate();

  /** Cancels the call if it is still running and releases the connection. Idempotent. */
  @Override
  void close();

  /** The chunks as a sequential {@link Stream}; closing the stream closes this. */
  default Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }
}
