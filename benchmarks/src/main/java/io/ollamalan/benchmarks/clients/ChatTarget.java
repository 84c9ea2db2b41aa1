package io.ollamalan.benchmarks.clients;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** One way of sending a non-streamed chat request and getting the reply's text back. */
public interface ChatTarget extends AutoCloseable {

  /** The first words of every prompt. */
  String PROMPT = "why is the sky blue?";

  /** Distinct conversations the prompts are drawn from. */
  int CONVERSATIONS = 64;

  /**
   * A prompt of one of {@link #CONVERSATIONS} conversations, at random: real traffic has many, and
   * a single one would pin every call to one node under an affinity-aware balancer. No character in
   * it needs escaping in JSON.
   */
  static String prompt() {
    return PROMPT + " (conversation " + ThreadLocalRandom.current().nextInt(CONVERSATIONS) + ")";
  }

  /** Sends one chat request and returns the reply's text. */
  String chat();

  /** Sends one chat request without blocking the caller (the open-loop generator's path). */
  default CompletableFuture<String> chatAsync() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no async path");
  }

  @Override
  void close();
}
