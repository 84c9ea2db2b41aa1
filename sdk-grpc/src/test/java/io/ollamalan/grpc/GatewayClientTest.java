package io.ollamalan.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ollamalan.CallOptions;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.Node;
import io.ollamalan.NodeState;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.auth.Auth;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayClientTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private TestGateway gateway(String name) throws Exception {
    TestGateway g = new TestGateway(name);
    closeables.add(g);
    return g;
  }

  private OllamaClient client(OllamaClient c) {
    closeables.add(0, c);
    return c;
  }

  private static ChatRequest ask(String model, String text) {
    return ChatRequest.builder(model).user(text).build();
  }

  @Test
  void chatInEveryCallStyleThroughAGatewayAddress() throws Exception {
    TestGateway g = gateway("gw1");
    OllamaClient client = client(OllamaClient.builder().nodes(g.address()).build());

    assertThat(client.chat(ask("m", "hello")).content()).isEqualTo("gw1 says hello");
    assertThat(client.chatAsync(ask("m", "async")).get(30, TimeUnit.SECONDS).content())
        .isEqualTo("gw1 says async");
    List<String> words = new ArrayList<>();
    try (ResponseStream<ChatResponse> s = client.chatStream(ask("m", "one two"))) {
      s.forEachRemaining(c -> words.add(c.content()));
    }
    assertThat(String.join("", words)).isEqualTo("gw1 says one two ");
    ChatResponse aggregated = client.chatStream(ask("m", "x y")).aggregate();
    assertThat(aggregated.content()).isEqualTo("gw1 says x y ");
    assertThat(aggregated.done()).isTrue();
    assertThat(aggregated.evalCount()).isEqualTo(7);

    List<String> published = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    client
        .chatPublisher(ask("m", "a b c"))
        .subscribe(
            new Flow.Subscriber<ChatResponse>() {
              Flow.Subscription sub;

              @Override
              public void onSubscribe(Flow.Subscription s) {
                sub = s;
                s.request(1);
              }

              @Override
              public void onNext(ChatResponse item) {
                published.add(item.content());
                sub.request(1);
              }

              @Override
              public void onError(Throwable t) {
                done.countDown();
              }

              @Override
              public void onComplete() {
                done.countDown();
              }
            });
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(String.join("", published)).isEqualTo("gw1 says a b c ");
  }

  @Test
  void requestIdNodeAndAuthReachTheGatewayAsMetadata() throws Exception {
    TestGateway g = gateway("gw1");
    OllamaClient client =
        client(OllamaClient.builder().nodes(g.address()).auth(Auth.bearer("s3cret")).build());
    client
        .withOptions(CallOptions.DEFAULT.withRequestId("req-42").withNode("http://n1:11434"))
        .chat(ask("m", "hi"));
    io.grpc.Metadata h = g.headers.get(g.headers.size() - 1);
    assertThat(h.get(TestGateway.REQUEST_ID)).isEqualTo("req-42");
    assertThat(h.get(TestGateway.AUTHORIZATION)).isEqualTo("Bearer s3cret");
    assertThat(
            h.get(
                io.grpc.Metadata.Key.of("x-ollama-node", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("http://n1:11434");
  }

  @Test
  void statusIsMappedBackToTheOllamaExceptionKind() throws Exception {
    TestGateway g = gateway("gw1");
    OllamaClient client = client(OllamaClient.builder().nodes(g.address()).build());
    assertThatThrownBy(() -> client.chat(ask("missing", "hi")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(OllamaException.Kind.MODEL_NOT_FOUND);
              assertThat(e.serverMessage()).contains("model 'missing' not found");
            });
    assertThatThrownBy(() -> client.chatStream(ask("missing", "hi")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.MODEL_NOT_FOUND));
  }

  @Test
  void deadlineFromCallOptionsEndsTheCallAsATimeout() throws Exception {
    TestGateway g = gateway("gw1");
    OllamaClient client = client(OllamaClient.builder().nodes(g.address()).build());
    OllamaClient hurried =
        client.withOptions(CallOptions.DEFAULT.withDeadline(Duration.ofMillis(300)));
    assertThatThrownBy(() -> hurried.chat(ask("hang", "hi")))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.TIMEOUT));
    await().atMost(Duration.ofSeconds(30)).until(() -> g.canceled.get() == 1);
  }

  @Test
  void cancellingTheFutureCancelsTheCallOnTheGateway() throws Exception {
    TestGateway g = gateway("gw1");
    OllamaClient client = client(OllamaClient.builder().nodes(g.address()).build());
    CompletableFuture<ChatResponse> f = client.chatAsync(ask("hang", "hi"));
    await().atMost(Duration.ofSeconds(30)).until(() -> g.calls.get() == 1);
    assertThat(f.cancel(true)).isTrue();
    assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> g.canceled.get() == 1);
  }

  @Test
  void cancellingTheSubscriptionCancelsTheCallOnTheGateway() throws Exception {
    TestGateway g = gateway("gw1");
    OllamaClient client = client(OllamaClient.builder().nodes(g.address()).build());
    java.util.concurrent.atomic.AtomicReference<Flow.Subscription> sub =
        new java.util.concurrent.atomic.AtomicReference<>();
    client
        .chatPublisher(ask("hang", "hi"))
        .subscribe(
            new Flow.Subscriber<ChatResponse>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                sub.set(s);
                s.request(1);
              }

              @Override
              public void onNext(ChatResponse item) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> g.calls.get() == 1);
    sub.get().cancel();
    await().atMost(Duration.ofSeconds(30)).until(() -> g.canceled.get() == 1);
  }

  @Test
  void callsAreBalancedOverGatewaysFoundByDiscoveryAndADeadOneIsSkipped() throws Exception {
    TestGateway a = gateway("gwA");
    TestGateway b = gateway("gwB");
    NodeSource source =
        new NodeSource() {
          @Override
          public String name() {
            return "test";
          }

          @Override
          public void start(Listener listener) {
            listener.nodesChanged(
                this,
                Set.of(
                    Node.of("http://127.0.0.1:" + a.server.getPort()),
                    Node.of("http://127.0.0.1:" + b.server.getPort())));
          }

          @Override
          public void close() {}
        };
    OllamaClient client =
        client(OllamaClient.builder().nodes(a.address()).nodeSource(source).build());
    Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20 && seen.size() < 2; i++) {
      seen.add(client.chat(ask("m", "hi")).content());
    }
    assertThat(seen).containsExactlyInAnyOrder("gwA says hi", "gwB says hi");

    a.close();
    for (int i = 0; i < 20; i++) {
      assertThat(client.chat(ask("m", "hi")).content()).isEqualTo("gwB says hi");
    }
    FleetSnapshot fleet = client.fleet();
    assertThat(fleet.nodes()).hasSize(2);
    assertThat(fleet.node("grpc://127.0.0.1:" + b.server.getPort()).orElseThrow().state())
        .isEqualTo(NodeState.UP);
  }
}
