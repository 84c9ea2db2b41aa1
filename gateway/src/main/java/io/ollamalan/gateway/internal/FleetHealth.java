package io.ollamalan.gateway.internal;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.ollamalan.FleetEvent;
import io.ollamalan.FleetListener;
import io.ollamalan.OllamaClient;
import java.util.List;

/**
 * Publishes the fleet's health on the gRPC health service: SERVING while at least one node is
 * routable, NOT_SERVING otherwise, for the whole server ("") and every ollama.api.v1 service. A
 * load balancer or Kubernetes probe then takes a gateway whose fleet is gone out of rotation.
 */
public final class FleetHealth implements FleetListener {
  private final OllamaClient client;
  private final HealthStatusManager health;
  private final List<String> services;
  private volatile boolean draining;

  public FleetHealth(OllamaClient client, HealthStatusManager health, List<String> services) {
    this.client = client;
    this.health = health;
    this.services = services;
  }

  /** Sets the status from the fleet's state now and follows its changes. */
  public void start() {
    client.addFleetListener(this);
    update();
  }

  @Override
  public void onFleetEvent(FleetEvent event) {
    update();
  }

  /** Whether the fleet can take calls now. */
  public boolean serving() {
    return !draining && !client.fleet().routable().isEmpty();
  }

  /** NOT_SERVING from now on, whatever the fleet does: the gateway is shutting down. */
  public void drain() {
    draining = true;
    client.removeFleetListener(this);
    health.enterTerminalState();
  }

  private synchronized void update() {
    if (draining) {
      return;
    }
    ServingStatus status = serving() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    for (String s : services) {
      health.setStatus(s, status);
    }
  }
}
