package io.ollamalan.cli;

import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import java.util.TreeSet;

/** Picks the model a command uses when none was given. */
final class Models {
  private Models() {}

  /**
   * {@code given}, else the demo's chat model, else the first model any node holds in memory, else
   * the first installed one.
   *
   * @throws IllegalArgumentException when there is none, saying to pass --model
   */
  static String choose(String given, FleetOptions fleet, OllamaClient client) {
    if (given != null) {
      return given;
    }
    if (fleet.demo()) {
      return DemoFleet.CHAT_MODEL;
    }
    TreeSet<String> installed = new TreeSet<>();
    for (NodeStatus s : client.fleet().nodes()) {
      if (!s.loadedModels().isEmpty()) {
        return s.loadedModels().get(0).name();
      }
      installed.addAll(s.installedModels());
    }
    if (installed.isEmpty()) {
      throw new IllegalArgumentException(
          "no model found on the fleet: pass --model NAME (and `ollama-lan pull NAME` first)");
    }
    return installed.first();
  }
}
