package io.ollamalan.spi;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.auth.Auth;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.tls.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The settings of {@link io.ollamalan.OllamaClientBuilder} that a {@link ClientTransportProvider}
 * honours, as the builder holds them when {@code build()} runs.
 *
 * @param addresses the node addresses as given, each with one of the provider's schemes
 * @param nodeSources discovery sources given alongside them; they report more endpoints of the same
 *     kind
 * @param tls trust, client certificate and pins for the TLS schemes
 * @param auth credentials to send with every call
 * @param connectTimeout limit for setting up one connection
 * @param callTimeout default overall deadline of a call; {@link Duration#ZERO} for none
 * @param keepAliveTime interval of keepalive pings on idle long-lived connections
 * @param maxAttempts the most endpoints one call is tried on
 * @param executor the application's executor for asynchronous work, if it gave one
 */
@ExperimentalApi("transport SPI")
public record ClientTransportConfig(
    List<String> addresses,
    List<NodeSource> nodeSources,
    TlsConfig tls,
    Auth auth,
    Duration connectTimeout,
    Duration callTimeout,
    Duration keepAliveTime,
    int maxAttempts,
    Optional<Executor> executor) {

  public ClientTransportConfig {
    addresses = List.copyOf(addresses);
    nodeSources = List.copyOf(nodeSources);
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(keepAliveTime, "keepAliveTime");
    Objects.requireNonNull(executor, "executor");
  }
}
