package io.ollamalan.gateway;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.ollamalan.OllamaClient;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A fake fleet, a client on it, a gateway on a free loopback port and a plaintext channel to it.
 */
final class TestGateway implements AutoCloseable {
  static final String CHAT_MODEL = "llama3.2";
  static final String EMBED_MODEL = "all-minilm";

  final FakeFleet fleet;
  final OllamaClient client;
  final Gateway gateway;
  final ManagedChannel channel;

  private TestGateway(
      FakeFleet fleet, OllamaClient client, Gateway gateway, ManagedChannel channel) {
    this.fleet = fleet;
    this.client = client;
    this.gateway = gateway;
    this.channel = channel;
  }

  static TestGateway start() {
    return start(1, n -> {}, c -> c, UnaryOperator.identity());
  }

  static TestGateway start(
      int nodes,
      Consumer<FakeOllamaNode.Builder> node,
      UnaryOperator<OllamaClient> wrap,
      UnaryOperator<GatewayConfig.Builder> config) {
    FakeFleet fleet =
        FakeFleet.startIndexed(
            nodes,
            0,
            (i, b) -> {
              b.model(FakeModel.chat(CHAT_MODEL)).model(FakeModel.embedding(EMBED_MODEL));
              node.accept(b);
            });
    OllamaClient client = null;
    Gateway gateway = null;
    try {
      // No health checks: on a loaded machine a slow first check would mark the only node down,
      // and these tests are about the gateway, not the checks.
      client =
          OllamaClient.builder()
              .nodes(fleet.baseUrls().toArray(String[]::new))
              .healthChecksEnabled(false)
              .build();
      gateway =
          Gateway.builder()
              .config(
                  config
                      .apply(
                          GatewayConfig.builder()
                              .host("127.0.0.1")
                              .port(0)
                              .metricsHost("127.0.0.1")
                              .metricsPort(0)
                              .drainGrace(Duration.ofSeconds(20)))
                      .build())
              .client(wrap.apply(client))
              .start();
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
      return new TestGateway(fleet, client, gateway, channel);
    } catch (IOException | RuntimeException e) {
      if (gateway != null) {
        gateway.close();
      }
      if (client != null) {
        client.close();
      }
      fleet.close();
      throw e instanceof IOException
          ? new UncheckedIOException((IOException) e)
          : (RuntimeException) e;
    }
  }

  FakeOllamaNode node() {
    return fleet.node(0);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    gateway.close();
    client.close();
    fleet.close();
  }
}
