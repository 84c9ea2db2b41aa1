package io.ollamalan.examples.recipes;

import io.ollamalan.ClientListener;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.examples.Examples;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.Options;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.routing.RoutingDecision;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Failover and hedging. On the embedded fleet, nodes answer 503 "busy" or reset connections, and
 * the calls move to other nodes; then one node turns slow and hedging races a second node. On a
 * real fleet, stop a node while the recipe runs to see the same.
 */
public final class Failover {
  private Failover() {}

  /** Calls made, calls that failed, failed attempts the client recovered from, hedges won. */
  public record Result(int calls, int failed, List<String> recovered, int hedgesStarted) {}

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  public static Result run(RecipeFleet fleet, PrintStream out) {
    List<String> recovered = new CopyOnWriteArrayList<>();
    List<RoutingDecision> hedges = new CopyOnWriteArrayList<>();
    ClientListener listener =
        new ClientListener() {
          @Override
          public void onDecision(RoutingDecision d) {
            if (d.hedge()) {
              hedges.add(d);
            }
          }

          @Override
          public void onAttemptFailed(RoutingDecision d, OllamaException e, boolean willRetry) {
            if (willRetry) {
              recovered.add(d.chosenNodeId() + " " + e.kind());
            }
          }
        };
    Options brief = Options.builder().numPredict(8).build();
    int calls = 0;
    int failed = 0;
    try (OllamaClient client = fleet.clientBuilder().listener(listener).build()) {
      Examples.awaitInventory(client, Duration.ofSeconds(10));
      if (fleet.isEmbedded()) {
        List<FakeOllamaNode> nodes = fleet.fake().nodes();
        nodes.get(0).faults().add(Fault.busy().times(3).onPath("/api/chat"));
        nodes.get(1).faults().add(Fault.resetBeforeHeaders().times(3).onPath("/api/chat"));
        out.println(
            nodes.get(0).baseUrl()
                + " answers 503 busy, "
                + nodes.get(1).baseUrl()
                + " resets connections, 3 times each");
      } else {
        out.println("Stop one of your nodes while this runs to see its calls fail over.");
      }
      for (int i = 0; i < 12; i++) {
        calls++;
        try {
          client.chat(
              ChatRequest.builder(fleet.chatModel()).user("Call " + i).options(brief).build());
        } catch (OllamaException e) {
          failed++;
          out.println("call " + i + " failed: " + e.getMessage());
        }
      }
      out.println(calls + " calls, " + failed + " failed; recovered from: " + recovered);
    }

    if (fleet.isEmbedded()) {
      // Hedging: a call whose node is slow to give a first token is raced on a second node. Each
      // node answers its next chat slowly (3 s) once, whichever node the balancer picks.
      RoutingConfig hedging = RoutingConfig.builder().hedgeAfter(Duration.ofMillis(300)).build();
      try (OllamaClient client =
          fleet.clientBuilder().routing(hedging).listener(listener).build()) {
        Examples.awaitInventory(client, Duration.ofSeconds(10));
        for (FakeOllamaNode n : fleet.fake().nodes()) {
          n.faults().add(Fault.latency(Duration.ofSeconds(3)).onPath("/api/chat"));
        }
        try {
          for (int i = 0; i < 4; i++) {
            calls++;
            try {
              client.chat(
                  ChatRequest.builder(fleet.chatModel())
                      .user("Hedged " + i)
                      .options(brief)
                      .build());
            } catch (OllamaException e) {
              failed++;
            }
          }
        } finally {
          fleet.fake().nodes().forEach(n -> n.faults().clear());
        }
        out.println(
            "with hedgeAfter(300ms) and slow first tokens: "
                + hedges.size()
                + " hedge(s) started, "
                + (failed == 0 ? "every call answered" : failed + " call(s) failed"));
      }
    }
    return new Result(calls, failed, List.copyOf(recovered), hedges.size());
  }
}
