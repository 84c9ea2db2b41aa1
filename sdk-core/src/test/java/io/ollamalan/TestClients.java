package io.ollamalan;

import java.time.Clock;
import java.util.function.LongSupplier;

/** Test access to the builder's clock injection. */
public final class TestClients {
  private TestClients() {}

  public static OllamaClientBuilder withClock(
      OllamaClientBuilder b, Clock clock, LongSupplier ticker) {
    return b.clock(clock, ticker);
  }
}
