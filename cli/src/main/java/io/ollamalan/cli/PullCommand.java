package io.ollamalan.cli;

import io.ollamalan.OllamaClient;
import io.ollamalan.fleet.FleetOperations;
import io.ollamalan.fleet.FleetProgress;
import io.ollamalan.fleet.FleetResult;
import io.ollamalan.fleet.NodeResult;
import io.ollamalan.fleet.NodeSelection;
import io.ollamalan.model.ProgressResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Pull a model onto the fleet, one progress bar per node.",
      "Onto every node, onto the N nodes with the most free VRAM (--most-free-vram; needs each"
          + " node's 'vram' label), or onto chosen nodes (--on). A node that fails is reported"
          + " and the others carry on. Try: pull --demo qwen2.5:0.5b"
    },
    footer = ExitCodes.FOOTER)
final class PullCommand extends FleetCommand {
  private static final long REDRAW_NANOS = 100_000_000L;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model, e.g. llama3.2:3b.")
  String model;

  @Option(
      names = "--most-free-vram",
      paramLabel = "N",
      description = "Only the N nodes with the most free GPU memory.")
  Integer mostFreeVram;

  @Option(
      names = "--on",
      paramLabel = "NODE",
      description = "Only this node (its id, e.g. http://10.0.0.5:11434). Repeatable.")
  List<String> on = new ArrayList<>();

  @Override
  int run() {
    NodeSelection selection =
        !on.isEmpty()
            ? NodeSelection.nodes(on.toArray(String[]::new))
            : mostFreeVram != null ? NodeSelection.mostFreeVram(mostFreeVram) : NodeSelection.all();
    if (fleet.demo()) {
      fleet.demoFleet().slowPulls(Duration.ofMillis(150));
    }
    try (OllamaClient client = fleet.client()) {
      FleetOptions.awaitFleet(client, Duration.ofSeconds(5));
      if (client.fleet().routable().isEmpty()) {
        err().println("error: no node is reachable: check --node or the discovery options");
        return ExitCodes.UNREACHABLE;
      }
      Bars bars = new Bars(Terminal.interactive() && !fleet.json);
      FleetResult<ProgressResponse> result =
          FleetOperations.of(client).pull(model, selection, bars::update);
      bars.finish();
      if (fleet.json) {
        List<Object> nodes = new ArrayList<>();
        for (NodeResult<ProgressResponse> r : result.nodes()) {
          nodes.add(
              Json.object(
                  "node", r.nodeId(),
                  "outcome", r.outcome().name(),
                  "status", r.value() == null ? null : r.value().status(),
                  "detail", r.detail(),
                  "millis", r.duration().toMillis()));
        }
        Json.print(
            out(),
            Json.object(
                "model", model,
                "succeeded", result.succeeded().size(),
                "failed", result.failed().size(),
                "skipped", result.skipped().size(),
                "nodes", nodes));
      } else {
        out().println(result.summary());
        out().flush();
      }
      return result.allSucceeded() && !result.succeeded().isEmpty()
          ? ExitCodes.OK
          : ExitCodes.FAILED;
    }
  }

  /** One progress line per node: redrawn in place on a terminal, else printed on each change. */
  private final class Bars {
    private final boolean live;
    private final Map<String, String> lastStatus = new HashMap<>();
    private FleetProgress latest;
    private int drawn;
    private long lastDraw;

    Bars(boolean live) {
      this.live = live;
    }

    void update(FleetProgress p) {
      latest = p;
      if (fleet.json) {
        return;
      }
      if (!live) {
        FleetProgress.NodeProgress n = p.changedNode();
        if (!n.status().equals(lastStatus.put(n.nodeId(), n.status()))) {
          out().println(n.nodeId() + "  " + n.status());
          out().flush();
        }
        return;
      }
      long now = System.nanoTime();
      if (now - lastDraw >= REDRAW_NANOS || p.done()) {
        draw(p);
        lastDraw = now;
      }
    }

    void finish() {
      if (live && latest != null) {
        draw(latest);
      }
    }

    private void draw(FleetProgress p) {
      StringBuilder sb = new StringBuilder(Terminal.up(drawn));
      for (FleetProgress.NodeProgress n : p.nodes()) {
        sb.append(Terminal.CLEAR_LINE)
            .append(
                String.format(
                    Locale.ROOT,
                    "%-28s %s %3d%%  %s",
                    n.nodeId(),
                    Terminal.bar(n.fraction(), 30),
                    Math.round(n.fraction() * 100),
                    Terminal.pad(n.status(), 50).strip()))
            .append('\n');
      }
      drawn = p.nodes().size();
      out().print(sb);
      out().flush();
    }
  }
}
