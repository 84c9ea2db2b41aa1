package io.ollamalan.examples.recipes;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.examples.Examples;
import io.ollamalan.examples.Recorder;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.Message;
import io.ollamalan.model.Options;
import io.ollamalan.routing.RoutingDecision;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing and affinity: read why the balancer chose a node (a {@link io.ollamalan.ClientListener}
 * receives every {@link RoutingDecision}), and keep a conversation on the node that holds its
 * prompt cache with an affinity key.
 */
public final class RoutingAndAffinity {
  private RoutingAndAffinity() {}

  /** The first decision, and the node of each turn of the conversation. */
  public record Result(RoutingDecision firstDecision, List<String> turnNodes) {}

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  public static Result run(RecipeFleet fleet, PrintStream out) {
    Recorder recorder = new Recorder();
    try (OllamaClient client = fleet.clientBuilder().listener(recorder).build()) {
      // Until the first health checks read /api/ps, the balancer cannot tell warm nodes.
      Examples.awaitInventory(client, Duration.ofSeconds(10));
      Options brief = Options.builder().numPredict(16).build();
      List<Message> conversation = new ArrayList<>();
      List<String> nodes = new ArrayList<>();
      RoutingDecision first = null;
      for (int turn = 1; turn <= 4; turn++) {
        conversation.add(Message.user("Turn " + turn + " of our talk about tides."));
        String requestId = "tides-" + turn;
        ChatResponse r =
            client
                .withOptions(
                    CallOptions.DEFAULT
                        .withAffinityKey("conversation-tides")
                        .withRequestId(requestId))
                .chat(
                    ChatRequest.builder(fleet.chatModel())
                        .messages(conversation)
                        .options(brief)
                        .build());
        conversation.add(Message.assistant(r.content()));
        RoutingDecision d = recorder.firstDecision(requestId);
        if (first == null) {
          first = d;
          out.println("why: " + d.summary());
        }
        nodes.add(d.chosenNodeId());
        out.println("turn " + turn + " -> " + d.chosenNodeId() + " (" + d.reason() + ")");
      }
      return new Result(first, nodes);
    }
  }
}
