package io.ollamalan.spi;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.OllamaClient;
import java.util.Set;

/**
 * Builds an {@link OllamaClient} that reaches Ollama through something else than HTTP, for node
 * addresses with another URL scheme (the {@code sdk-grpc} artifact serves {@code grpc://} and
 * {@code grpcs://}, addresses of gateways). {@link io.ollamalan.OllamaClientBuilder#build()} finds
 * providers with {@link java.util.ServiceLoader}, so an application switches transport by changing
 * addresses and its classpath, not its code.
 *
 * <p>Implementations need a public no-argument constructor and a {@code
 * META-INF/services/io.ollamalan.spi.ClientTransportProvider} entry.
 */
@ExperimentalApi("transport SPI")
public interface ClientTransportProvider {

  /** The lower-case URL schemes this provider serves, e.g. {@code grpc} and {@code grpcs}. */
  Set<String> schemes();

  /**
   * Builds a client for {@code config}. Every address in {@link ClientTransportConfig#addresses()}
   * has one of {@link #schemes()}.
   *
   * @throws IllegalArgumentException naming the bad setting when the configuration cannot be served
   */
  OllamaClient create(ClientTransportConfig config);
}
