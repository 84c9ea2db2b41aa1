package io.ollamalan.spring.autoconfigure;

import io.ollamalan.Node;
import io.ollamalan.discovery.NodeSource;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Nodes registered in a Spring Cloud service registry (Consul, Kubernetes, Eureka, or any other
 * {@link DiscoveryClient}) under one service id. The registry is asked every refresh interval; an
 * instance's metadata may carry {@code weight} (1-10000) and {@code zone}, and its other metadata
 * becomes the node's labels.
 */
public final class DiscoveryClientNodeSource implements NodeSource {

  private final DiscoveryClient discoveryClient;
  private final String serviceId;
  private final Duration refreshInterval;
  private @Nullable ScheduledExecutorService executor;

  public DiscoveryClientNodeSource(
      DiscoveryClient discoveryClient, String serviceId, Duration refreshInterval) {
    this.discoveryClient = Objects.requireNonNull(discoveryClient, "discoveryClient");
    this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
    if (refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException(
          "refreshInterval must be positive, was " + refreshInterval);
    }
    this.refreshInterval = refreshInterval;
  }

  @Override
  public String name() {
    return "spring-cloud:" + serviceId;
  }

  @Override
  public synchronized void start(Listener listener) {
    if (executor != null) {
      throw new IllegalStateException(name() + " already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ollamalan-" + name());
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> poll(listener), 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll(Listener listener) {
    Set<Node> nodes = new LinkedHashSet<>();
    try {
      for (ServiceInstance instance : discoveryClient.getInstances(serviceId)) {
        try {
          nodes.add(toNode(instance));
        } catch (IllegalArgumentException e) {
          listener.sourceError(
              this, "instance " + instance.getInstanceId() + " skipped: " + e.getMessage(), e);
        }
      }
    } catch (RuntimeException e) {
      listener.sourceError(
          this,
          "registry lookup failed (" + e.getClass().getSimpleName() + "); keeping last set",
          e);
      return;
    }
    listener.nodesChanged(this, nodes);
  }

  static Node toNode(ServiceInstance instance) {
    String scheme = instance.isSecure() ? "https" : "http";
    Node node = Node.of(scheme + "://" + hostForUri(instance.getHost()) + ":" + instance.getPort());
    Map<String, String> metadata =
        instance.getMetadata() == null ? Map.of() : instance.getMetadata();
    String weight = metadata.get("weight");
    if (weight != null) {
      try {
        node = node.withWeight(Integer.parseInt(weight.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("metadata weight '" + weight + "' is not a number", e);
      }
    }
    String zone = metadata.get("zone");
    if (zone != null) {
      node = node.withZone(zone);
    }
    Map<String, String> labels = new java.util.LinkedHashMap<>(metadata);
    labels.remove("weight");
    labels.remove("zone");
    return node.withLabels(labels);
  }

  private static String hostForUri(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "DiscoveryClientNodeSource{" + serviceId + " every " + refreshInterval + "}";
  }
}
