package io.ollamalan.cli;

import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.List;

/**
 * The embedded fleet behind {@code --demo}: three fake Ollama nodes on 127.0.0.11-13 (free ports),
 * each with a chat and an embedding model installed, the chat model loaded on the first two, and a
 * third model the registry offers for {@code pull}.
 */
final class DemoFleet implements AutoCloseable {
  static final String CHAT_MODEL = "llama3.2:latest";
  static final String EMBED_MODEL = "all-minilm:latest";
  static final String PULLABLE_MODEL = "qwen2.5:0.5b";

  private final FakeFleet fleet;

  private DemoFleet(FakeFleet fleet) {
    this.fleet = fleet;
  }

  static DemoFleet start() {
    return new DemoFleet(FakeFleet.startIndexed(3, 0, DemoFleet::configure));
  }

  private static void configure(int i, FakeOllamaNode.Builder b) {
    b.model(FakeModel.chat(CHAT_MODEL).replyTokens(24))
        .model(FakeModel.embedding(EMBED_MODEL))
        .pullable(FakeModel.chat(PULLABLE_MODEL).sizeBytes(397_821_319L).parameterSize("494M"))
        .tokensPerSecond(40);
    if (i < 2) {
      b.loaded(CHAT_MODEL);
    }
  }

  /** Makes pulls last long enough to watch: each progress line of a pull comes after a pause. */
  void slowPulls(Duration perLine) {
    for (FakeOllamaNode n : fleet.nodes()) {
      n.faults().add(Fault.slowStream(perLine).onPath("/api/pull").untilCleared());
    }
  }

  List<String> baseUrls() {
    return fleet.baseUrls();
  }

  FakeFleet fleet() {
    return fleet;
  }

  @Override
  public void close() {
    fleet.close();
  }
}
