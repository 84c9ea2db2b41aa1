package io.ollamalan.gateway.internal;

/**
 * Where a {@link StreamPump} delivers a stream's chunks: the protocol side of one streamed call.
 * Called from one thread at a time.
 *
 * @param <P> the chunk type of the protocol
 */
public interface ChunkSink<P> {

  /** Whether the peer can take another chunk now without the front buffering it. */
  boolean isReady();

  /** Called once, before the first chunk, with the node that serves the stream. */
  void streamOpened(String nodeId, String requestId);

  /** The next chunk. */
  void send(P chunk);

  /** The stream ended normally. */
  void complete();

  /** The stream failed; {@code error} is usually an {@code OllamaException}. */
  void fail(Throwable error);
}
