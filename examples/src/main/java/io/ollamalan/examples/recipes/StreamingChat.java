package io.ollamalan.examples.recipes;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import java.io.PrintStream;

/**
 * Streaming chat: print tokens as they arrive, and stop early by closing the stream (which cancels
 * the generation on the node).
 */
public final class StreamingChat {
  private StreamingChat() {}

  /** What the recipe saw: the whole first answer, its node, and chunks read of the second. */
  public record Result(String answer, String nodeId, int chunksBeforeStop) {}

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  public static Result run(RecipeFleet fleet, PrintStream out) {
    try (OllamaClient client = fleet.clientBuilder().build()) {
      StringBuilder answer = new StringBuilder();
      String node;
      // try-with-resources: a stream left open holds a connection and keeps the node generating.
      try (ResponseStream<ChatResponse> stream =
          client.chatStream(
              ChatRequest.builder(fleet.chatModel()).user("Tell me about the sea.").build())) {
        node = stream.nodeId();
        while (stream.hasNext()) {
          String token = stream.next().content();
          answer.append(token);
          out.print(token);
          out.flush();
        }
      }
      out.println();
      out.println("(from " + node + ")");

      int chunks = 0;
      try (ResponseStream<ChatResponse> stream =
          client.chatStream(
              ChatRequest.builder(fleet.chatModel()).user("Count to one hundred.").build())) {
        while (stream.hasNext() && chunks < 5) {
          out.print(stream.next().content());
          chunks++;
        }
      }
      out.println(" ... (stopped after " + chunks + " chunks: closing cancels the generation)");
      return new Result(answer.toString(), node, chunks);
    }
  }
}
