package io.ollamalan.internal.http;

/** Decodes one NDJSON line (without its newline) into a chunk. */
@FunctionalInterface
public interface ChunkDecoder<T> {
  /**
   * @throws RuntimeException with a safe, short description when the line is not a valid chunk
   */
  T decode(byte[] buf, int off, int len);
}
