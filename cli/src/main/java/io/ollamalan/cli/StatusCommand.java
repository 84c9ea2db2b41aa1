package io.ollamalan.cli;

import io.ollamalan.CallOptions;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.Options;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "A live table of the fleet's nodes.",
      "Refreshed every --interval until Ctrl-C: each node's state, loaded models and their VRAM,"
          + " calls in flight, circuit breaker and admission limit. Prints the table once when"
          + " stdout is not a terminal, with --once, or with --json."
    },
    footer = ExitCodes.FOOTER)
final class StatusCommand extends FleetCommand {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Durations.class,
      description = "Time between refreshes (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--once", description = "Print the table once and exit.")
  boolean once;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Exit after N refreshes (default: run until Ctrl-C).")
  int count;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Durations.class,
      description = "How long to wait for the first health checks (default: ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  int run() {
    boolean live = !once && !fleet.json && (count > 0 || Terminal.interactive());
    try (OllamaClient client = fleet.client()) {
      FleetOptions.awaitFleet(client, wait);
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> traffic = live && fleet.demo() ? demoTraffic(client, stop) : List.of();
      try {
        if (!live) {
          FleetSnapshot s = client.fleet();
          if (fleet.json) {
            Json.print(out(), json(s));
          } else {
            out().print(table(s, 0));
            out().flush();
          }
          return s.routable().isEmpty() ? ExitCodes.UNREACHABLE : ExitCodes.OK;
        }
        FleetSnapshot s = client.fleet();
        for (int refresh = 1; count == 0 || refresh <= count; refresh++) {
          s = client.fleet();
          out().print(Terminal.CLEAR + table(s, refresh));
          out().flush();
          if (count != 0 && refresh == count) {
            break;
          }
          FleetOptions.sleep(interval);
        }
        return s.routable().isEmpty() ? ExitCodes.UNREACHABLE : ExitCodes.OK;
      } finally {
        stop.set(true);
        for (Thread t : traffic) {
          t.interrupt();
        }
      }
    }
  }

  /** A few looping chats so that the demo's table has calls in flight to show. */
  private static List<Thread> demoTraffic(OllamaClient client, AtomicBoolean stop) {
    List<Thread> threads = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    for (int i = 0; i < 3; i++) {
      int worker = i;
      Thread t =
          new Thread(
              () -> {
                for (int n = 0; !stop.get() && System.nanoTime() < deadline; n++) {
                  try {
                    client
                        .withOptions(CallOptions.DEFAULT.withAffinityKey("demo-" + worker))
                        .chat(
                            ChatRequest.builder(DemoFleet.CHAT_MODEL)
                                .user("demo question " + n)
                                .options(Options.builder().numPredict(16 + 8 * worker).build())
                                .build());
                  } catch (OllamaException e) {
                    FleetOptions.sleep(Duration.ofMillis(200));
                  } catch (IllegalStateException closedOrInterrupted) {
                    return;
                  }
                }
              },
              "demo-traffic-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    return threads;
  }

  static String table(FleetSnapshot s, int refresh) {
    StringBuilder sb = new StringBuilder();
    long up = s.nodes().stream().filter(n -> n.state().isRoutable()).count();
    sb.append(
        String.format(
            Locale.ROOT,
            "ollama-lan status: %d node(s), %d routable, %d call(s) queued   %s%s%n%n",
            s.nodes().size(),
            up,
            s.queued(),
            LocalTime.ofInstant(s.takenAt(), ZoneId.systemDefault()).format(TIME),
            refresh > 0 ? "   refresh " + refresh + " (Ctrl-C to quit)" : ""));
    String format = "%-28s %-9s %-8s %-36s %9s %-10s %6s %8s  %s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            format,
            "NODE",
            "STATE",
            "VERSION",
            "LOADED (VRAM)",
            "IN FLIGHT",
            "BREAKER",
            "LIMIT",
            "LATENCY",
            "LAST ERROR"));
    for (NodeStatus n : s.nodes()) {
      List<String> loaded = new ArrayList<>();
      for (LoadedModel m : n.loadedModels()) {
        loaded.add(m.name() + " " + Terminal.bytes(m.sizeVram()));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              format,
              n.node().id(),
              n.state(),
              n.version().isEmpty() ? "-" : n.version(),
              loaded.isEmpty() ? "-" : String.join(", ", loaded),
              n.inFlight(),
              n.breakerState(),
              n.concurrencyLimit() == 0 ? "-" : Integer.toString(n.concurrencyLimit()),
              n.latency().isZero() ? "-" : n.latency().toMillis() + " ms",
              n.lastError().isEmpty() ? "" : Terminal.pad(n.lastError(), 60).strip()));
    }
    if (s.nodes().isEmpty()) {
      sb.append("(no node found: check --node or the discovery options)\n");
    }
    return sb.toString();
  }

  static Map<String, Object> json(FleetSnapshot s) {
    List<Object> nodes = new ArrayList<>();
    for (NodeStatus n : s.nodes()) {
      List<Object> loaded = new ArrayList<>();
      for (LoadedModel m : n.loadedModels()) {
        loaded.add(Json.object("name", m.name(), "sizeBytes", m.size(), "vramBytes", m.sizeVram()));
      }
      nodes.add(
          Json.object(
              "id", n.node().id(),
              "state", n.state().name(),
              "routable", n.state().isRoutable(),
              "version", n.version(),
              "installedModels", n.installedModels().stream().sorted().toList(),
              "loadedModels", loaded,
              "inFlight", n.inFlight(),
              "breaker", n.breakerState(),
              "concurrencyLimit", n.concurrencyLimit(),
              "latencyMillis", n.latency().toMillis(),
              "lastError", n.lastError()));
    }
    return Json.object("takenAt", s.takenAt().toString(), "queued", s.queued(), "nodes", nodes);
  }
}
