package io.ollamalan.benchmarks.routing;

import io.ollamalan.testkit.FakeModel;
import java.time.Duration;

/**
 * One model of the simulated fleet: its size and load time (what a node pays to bring it into
 * memory) and its share of new conversations.
 *
 * @param name the Ollama model name
 * @param sizeBytes memory it takes when loaded
 * @param loadTime simulated time to load it
 * @param share share of new conversations that use it, relative to the other models
 */
public record SimModel(String name, long sizeBytes, Duration loadTime, double share) {

  /** The fake node's model: replies long enough that {@code num_predict} sets their length. */
  FakeModel toFake() {
    return FakeModel.chat(name)
        .sizeBytes(sizeBytes)
        .loadTime(loadTime)
        .replyTokens(1000)
        .contextLength(32_768);
  }
}
