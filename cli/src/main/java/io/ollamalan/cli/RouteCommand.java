package io.ollamalan.cli;

import io.ollamalan.CallOptions;
import io.ollamalan.ClientListener;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.Options;
import io.ollamalan.routing.RoutingDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Which node a request goes to, and why.",
      "Shows every candidate with its state, load, the balancer's predicted cost and the reason"
          + " it was chosen or passed over.",
      "The balancer decides at call time from live load and what it has learned, so this command"
          + " SENDS one tiny request (num_predict=1; for embed, one short input) and shows the"
          + " routing decision the client made for it, failovers included."
    },
    footer = ExitCodes.FOOTER)
final class RouteCommand extends FleetCommand {

  @Option(
      names = {"-m", "--model"},
      description = "The model (default: one the fleet holds).")
  String model;

  @Option(
      names = "--operation",
      defaultValue = "chat",
      description = "chat, generate or embed (default: ${DEFAULT-VALUE}).")
  String operation;

  @Option(
      names = {"-p", "--prompt"},
      defaultValue = "Hi",
      description = "The prompt (default: ${DEFAULT-VALUE}).")
  String prompt;

  @Option(
      names = "--affinity",
      paramLabel = "KEY",
      description = "An affinity key (a conversation id), as CallOptions.withAffinityKey.")
  String affinity;

  @Override
  int run() {
    String requestId = "route-" + UUID.randomUUID().toString().substring(0, 8);
    List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    ClientListener listener =
        new ClientListener() {
          @Override
          public void onDecision(RoutingDecision d) {
            if (d.requestId().equals(requestId)) {
              decisions.add(d);
            }
          }

          @Override
          public void onAttemptFailed(
              RoutingDecision d, OllamaException failure, boolean willRetry) {
            if (d.requestId().equals(requestId)) {
              failures.add(
                  d.chosenNodeId() + ": " + failure.kind() + (willRetry ? ", failing over" : ""));
            }
          }
        };
    try (OllamaClient client = fleet.client(listener)) {
      FleetOptions.awaitFleet(client, Duration.ofSeconds(5));
      String m = Models.choose(model, fleet, client);
      CallOptions options = CallOptions.DEFAULT.withRequestId(requestId);
      if (affinity != null) {
        options = options.withAffinityKey(affinity);
      }
      OllamaClient c = client.withOptions(options);
      OllamaException failure = null;
      try {
        send(c, m);
      } catch (OllamaException e) {
        failure = e;
      }
      if (fleet.json) {
        List<Object> ds = new ArrayList<>();
        for (RoutingDecision d : decisions) {
          ds.add(json(d));
        }
        Json.print(
            out(),
            Json.object(
                "requestId", requestId,
                "operation", operation,
                "model", m,
                "node",
                    decisions.isEmpty() ? null : decisions.get(decisions.size() - 1).chosenNodeId(),
                "sent", true,
                "failedAttempts", failures,
                "error", failure == null ? null : failure.getMessage(),
                "decisions", ds));
      } else {
        print(m, decisions, failures, failure);
      }
      if (failure != null) {
        return Main.exitCodeOf(failure);
      }
      return ExitCodes.OK;
    }
  }

  private void send(OllamaClient c, String m) {
    Options one = Options.builder().numPredict(1).build();
    switch (operation.toLowerCase(Locale.ROOT)) {
      case "chat" -> c.chat(ChatRequest.builder(m).user(prompt).options(one).build());
      case "generate" -> c.generate(GenerateRequest.builder(m).prompt(prompt).options(one).build());
      case "embed" -> c.embed(EmbedRequest.builder(m).input(prompt).build());
      default ->
          throw new IllegalArgumentException(
              "--operation must be chat, generate or embed, was " + operation);
    }
  }

  private void print(
      String m, List<RoutingDecision> decisions, List<String> failures, OllamaException failure) {
    out().println("Sent one tiny " + operation + " request for " + m + " to see where it goes.");
    for (RoutingDecision d : decisions) {
      out().println();
      out()
          .printf(
              Locale.ROOT,
              "attempt %d%s -> %s%n   why: %s (balancer %s%s)%n",
              d.attempt(),
              d.hedge() ? " (hedge)" : "",
              d.chosenNodeId(),
              d.reason(),
              d.balancer(),
              d.queuedNanos() > 0 ? ", queued " + d.queuedNanos() / 1_000_000 + " ms" : "");
      out()
          .printf(
              Locale.ROOT,
              "   %-28s %-9s %9s %12s  %s%n",
              "CANDIDATE",
              "STATE",
              "IN FLIGHT",
              "PREDICTED",
              "NOTE");
      for (RoutingDecision.Candidate c : d.candidates()) {
        out()
            .printf(
                Locale.ROOT,
                " %s %-28s %-9s %9s %12s  %s%n",
                c.nodeId().equals(d.chosenNodeId()) ? "*" : " ",
                c.nodeId(),
                c.state(),
                c.inFlight() + "/" + c.limit(),
                Double.isNaN(c.score()) ? "-" : String.format(Locale.ROOT, "%.0f ms", c.score()),
                c.note());
      }
    }
    for (String f : failures) {
      out().println("failed attempt: " + f);
    }
    if (failure != null) {
      out().println("The request failed: " + failure.getMessage());
    }
    out().flush();
  }

  private static Map<String, Object> json(RoutingDecision d) {
    List<Object> cs = new ArrayList<>();
    for (RoutingDecision.Candidate c : d.candidates()) {
      cs.add(
          Json.object(
              "node", c.nodeId(),
              "state", c.state().name(),
              "inFlight", c.inFlight(),
              "limit", c.limit(),
              "predictedMillis", Double.isNaN(c.score()) ? null : c.score(),
              "note", c.note()));
    }
    return Json.object(
        "attempt", d.attempt(),
        "hedge", d.hedge(),
        "balancer", d.balancer(),
        "chosen", d.chosenNodeId(),
        "reason", d.reason(),
        "queuedMillis", d.queuedNanos() / 1_000_000,
        "candidates", cs);
  }
}
