package io.ollamalan.benchmarks.clients;

import java.util.concurrent.CompletableFuture;

/** One way of sending a non-streamed chat request and getting the reply's text back. */
public interface ChatTarget extends AutoCloseable {

  /** The prompt every benchmark sends. */
  String PROMPT = "why is the sky blue?";

  /** Sends one chat request and returns the reply's text. */
  String chat();

  /** Sends one chat request without blocking the caller (the open-loop generator's path). */
  default CompletableFuture<String> chatAsync() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no async path");
  }

  @Override
  void close();
}
