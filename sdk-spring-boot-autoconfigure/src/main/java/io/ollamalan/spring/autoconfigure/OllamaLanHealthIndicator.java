package io.ollamalan.spring.autoconfigure;

import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.NodeState;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The fleet's health: {@code UP} when at least one node can serve (health-checked {@code UP} or
 * {@code DEGRADED}, breaker not open), {@code UNKNOWN} while no node has been checked yet, {@code
 * DOWN} otherwise. Details list every node by id with its state, version, loaded models, breaker
 * and last error; node ids and errors never carry credentials.
 */
public class OllamaLanHealthIndicator extends AbstractHealthIndicator {

  private final OllamaClient client;

  public OllamaLanHealthIndicator(OllamaClient client) {
    super("Ollama fleet health check failed");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    FleetSnapshot fleet = client.fleet();
    boolean serving = false;
    boolean unknown = false;
    Map<String, Object> nodes = new LinkedHashMap<>();
    for (NodeStatus s : fleet.nodes()) {
      boolean canServe =
          (s.state() == NodeState.UP || s.state() == NodeState.DEGRADED)
              && !"OPEN".equals(s.breakerState());
      serving |= canServe;
      unknown |= s.state() == NodeState.UNKNOWN;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("status", canServe ? "UP" : s.state() == NodeState.UNKNOWN ? "UNKNOWN" : "DOWN");
      d.put("state", s.state().name());
      d.put("version", s.version());
      d.put("loadedModels", loaded(s.loadedModels()));
      d.put("breaker", s.breakerState());
      d.put("inFlight", s.inFlight());
      if (!s.lastError().isEmpty()) {
        d.put("lastError", s.lastError());
      }
      nodes.put(s.node().id(), d);
    }
    Status status = serving ? Status.UP : unknown ? Status.UNKNOWN : Status.DOWN;
    builder.status(status).withDetail("nodes", nodes).withDetail("queued", fleet.queued());
  }

  private static List<String> loaded(List<LoadedModel> models) {
    return models.stream().map(LoadedModel::name).toList();
  }
}
