package io.ollamalan.gateway;

import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar gateway.jar --config gateway.yaml}: runs the gateway until SIGTERM or Ctrl-C,
 * then drains. {@code --demo} starts an embedded fake fleet of two nodes and forwards to it, to try
 * the gateway without Ollama.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = "Serves the ollama.api.v1 gRPC API in front of an Ollama fleet.")
public final class GatewayMain implements Callable<Integer> {

  /** The models of the demo fleet. */
  static final String DEMO_CHAT_MODEL = "llama3.2";

  static final String DEMO_EMBED_MODEL = "all-minilm";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration; OLLAMA_GATEWAY_* environment variables override it.")
  @Nullable Path config;

  @Option(
      names = "--demo",
      description =
          "Start an embedded fake fleet of two nodes ("
              + DEMO_CHAT_MODEL
              + ", "
              + DEMO_EMBED_MODEL
              + ") and forward to it; listens on 127.0.0.1 unless configured otherwise.")
  boolean demo;

  public static void main(String[] args) {
    System.exit(new CommandLine(new GatewayMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    GatewayConfig.Builder b = GatewayConfig.load(config, System.getenv()).toBuilder();
    FakeFleet fleet = null;
    if (demo) {
      fleet =
          FakeFleet.startIndexed(
              2,
              0,
              (i, n) ->
                  n.model(FakeModel.chat(DEMO_CHAT_MODEL).replyTokens(40))
                      .model(FakeModel.embedding(DEMO_EMBED_MODEL))
                      .tokensPerSecond(20));
      b.nodes(fleet.baseUrls());
      GatewayConfig probe = b.build();
      if (probe.host().equals(GatewayConfig.DEFAULT_HOST)
          && System.getenv(io.ollamalan.gateway.internal.ConfigFile.envName("server.host"))
              == null) {
        b.host("127.0.0.1").metricsHost("127.0.0.1");
      }
      System.out.println("Demo fleet: " + fleet.baseUrls());
    }
    Gateway gateway;
    try {
      gateway = Gateway.builder().config(b.build()).start();
    } catch (RuntimeException e) {
      if (fleet != null) {
        fleet.close();
      }
      throw e;
    }
    FakeFleet demoFleet = fleet;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  if (demoFleet != null) {
                    demoFleet.close();
                  }
                },
                "gateway-drain"));
    System.out.println("Gateway ready on port " + gateway.port());
    gateway.awaitTermination();
    return 0;
  }
}
