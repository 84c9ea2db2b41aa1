package io.ollamalan.internal.http;

import io.ollamalan.OllamaException;

/** Told how a stream ends, exactly once: to release per-node accounting and record outcomes. */
public interface StreamObserver {
  /** The first chunk arrived {@code nanos} after the call started. */
  default void firstChunk(long nanos) {}

  /** The stream ended normally with {@code lastChunk}, its final chunk. */
  void completed(Object lastChunk);

  /** The stream failed; {@code e} says how and whether chunks had been delivered. */
  void failed(OllamaException e);

  /** The caller closed the stream before its end. */
  void canceled();
}
