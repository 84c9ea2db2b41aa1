package io.ollamalan.benchmarks.fleet;

import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.io.IOException;
import java.io.InputStream;

/**
 * Runs a fake fleet in a JVM of its own until its standard input closes.
 *
 * <p>Arguments: {@code nodes replyTokens tokensPerSecond}. Prints {@code READY url,url,...} once
 * every node listens. The fleet lives outside the measured JVM so that allocation profiles ({@code
 * -prof gc}) and GC pauses belong to the client alone.
 */
public final class FleetServer {

  /** The model every node serves, loaded from the start. */
  public static final String MODEL = "llama3.2:latest";

  private FleetServer() {}

  public static void main(String[] args) throws IOException {
    int nodes = Integer.parseInt(args[0]);
    int replyTokens = Integer.parseInt(args[1]);
    double tokensPerSecond = Double.parseDouble(args[2]);
    try (FakeFleet fleet =
        FakeFleet.startIndexed(
            nodes,
            0,
            (i, b) ->
                b.model(FakeModel.chat(MODEL).replyTokens(replyTokens))
                    .loaded(MODEL)
                    .tokensPerSecond(tokensPerSecond)
                    .recordRequests(0))) {
      System.out.println("READY " + String.join(",", fleet.baseUrls()));
      System.out.flush();
      InputStream in = System.in;
      byte[] sink = new byte[256];
      while (in.read(sink) >= 0) {
        // Only the end of input matters: the parent closed it or died.
      }
    }
  }
}
