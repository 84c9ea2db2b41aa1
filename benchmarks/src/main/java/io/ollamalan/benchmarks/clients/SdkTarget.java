package io.ollamalan.benchmarks.clients;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ollamalan.CallOptions;
import io.ollamalan.Node;
import io.ollamalan.OllamaClient;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.internal.HttpFleetClient;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.Exchange;
import io.ollamalan.internal.http.JsonBody;
import io.ollamalan.internal.http.NodeClient;
import io.ollamalan.internal.http.Operation;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.observability.OllamaMetrics;
import io.ollamalan.routing.RoutingConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The SDK, on one node with its defaults or as the full stack over a fleet. */
public final class SdkTarget implements ChatTarget {

  private final OllamaClient client;
  private final String model;
  private final OllamaMetrics metrics;

  private SdkTarget(OllamaClient client, String model, OllamaMetrics metrics) {
    this.client = client;
    this.model = model;
    this.metrics = metrics;
  }

  /** One node given by address, every setting at its default. */
  public static SdkTarget oneNode(String baseUrl, String model) {
    return new SdkTarget(OllamaClient.builder().nodes(baseUrl).build(), model, null);
  }

  /**
   * One node with the per-node admission limit out of the way (fixed at 1024), to tell the cost of
   * queueing behind the adaptive limit from the cost of the client itself.
   */
  public static SdkTarget oneNodeUnlimited(String baseUrl, String model) {
    OllamaClient client =
        OllamaClient.builder()
            .nodes(baseUrl)
            .routing(
                RoutingConfig.builder()
                    .initialConcurrency(1024)
                    .maxConcurrency(1024)
                    .adaptiveConcurrency(false)
                    .build())
            .build();
    return new SdkTarget(client, model, null);
  }

  /**
   * The full stack: nodes found through a discovery source, the default routing (LLM-aware
   * balancer, adaptive per-node limits, breakers, retry budget, health checks) and the Micrometer
   * binding with its default percentiles.
   */
  public static SdkTarget fullStack(List<String> baseUrls, String model) {
    OllamaMetrics metrics = OllamaMetrics.create(new SimpleMeterRegistry());
    OllamaClient client =
        OllamaClient.builder()
            .nodeSource(new StaticSource(baseUrls))
            .routing(RoutingConfig.defaults())
            .listener(metrics)
            .build();
    metrics.bindTo(client);
    return new SdkTarget(client, model, metrics);
  }

  /**
   * The nodes given by address, every setting at its default, no metrics: the full stack's parts.
   */
  public static SdkTarget nodes(List<String> baseUrls, String model) {
    return new SdkTarget(
        OllamaClient.builder().nodes(baseUrls.toArray(String[]::new)).build(), model, null);
  }

  /**
   * The SDK's transport and codec alone on one node: the request encoded and sent by the node's
   * {@code NodeClient} and its answer decoded, as a call of the client does, without the router (no
   * admission, balancer, breaker, lease or listeners). Not a way to use the SDK: it takes the
   * one-node client apart, between raw OkHttp and {@link #oneNode}.
   */
  public static ChatTarget transportOnly(String baseUrl, String model) {
    OllamaClient client = OllamaClient.builder().nodes(baseUrl).build();
    SdkTarget first = new SdkTarget(client, model, null);
    first.chat(); // the node's runtime exists from its first call
    NodeClient node = ((HttpFleetClient) client).core().runtimes().iterator().next().client();
    return new ChatTarget() {
      @Override
      public String chat() {
        CallContext ctx = new CallContext(CallOptions.DEFAULT, 0, System.nanoTime());
        Exchange ex =
            node.send(Operation.CHAT, null, JsonBody.of(first.request(), false), false, ctx);
        return node.readBody(ex, ChatResponse.class).content();
      }

      @Override
      public void close() {
        first.close();
      }
    };
  }

  /** Wraps a client built elsewhere. */
  public static SdkTarget of(OllamaClient client, String model) {
    return new SdkTarget(client, model, null);
  }

  private ChatRequest request() {
    return ChatRequest.builder(model).user(ChatTarget.prompt()).build();
  }

  @Override
  public String chat() {
    return client.chat(request()).content();
  }

  @Override
  public CompletableFuture<String> chatAsync() {
    return client.chatAsync(request()).thenApply(ChatResponse::content);
  }

  public OllamaClient client() {
    return client;
  }

  /** The metrics binding of the full stack, or null. */
  public OllamaMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
    client.close();
  }

  /** A discovery source that announces a fixed list once, as a file or DNS source would. */
  static final class StaticSource implements NodeSource {
    private final List<String> urls;

    StaticSource(List<String> urls) {
      this.urls = List.copyOf(urls);
    }

    @Override
    public String name() {
      return "benchmark-static";
    }

    @Override
    public void start(Listener listener) {
      Set<Node> nodes = new LinkedHashSet<>();
      for (String u : urls) {
        nodes.add(Node.of(u));
      }
      listener.nodesChanged(this, nodes);
    }

    @Override
    public void close() {}
  }
}
