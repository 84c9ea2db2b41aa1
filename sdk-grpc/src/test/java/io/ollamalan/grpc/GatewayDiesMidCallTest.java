package io.ollamalan.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.NodeState;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.EmbedServiceGrpc;
import io.ollamalan.grpc.v1.Embedding;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gateway that dies after it sent a call's response headers but before the answer: gRPC has
 * committed the call to that gateway and does not retry it, so whether the call is sent to another
 * gateway is the client's decision. Each gateway here is a gRPC server on loopback behind a {@link
 * DyingGatewayProxy}; the second gateway's relay opens only when the first dies, so that the call
 * deterministically goes to the first one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GatewayDiesMidCallTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  @Test
  void anEmbedIsSentToTheOtherGatewayWhenItsGatewayDiesAfterTheHeaders() throws Exception {
    Backend dying = backend(false);
    Backend answering = backend(true);
    DyingGatewayProxy a = proxy(DyingGatewayProxy.to(dying.port()).diesAfterResponseHeaders());
    DyingGatewayProxy b = proxy(DyingGatewayProxy.to(answering.port()).closed());
    a.onDeath(b::open);
    OllamaClient client = client(a, b);

    EmbedResponse r = client.embed(EmbedRequest.builder("all-minilm").input("hello").build());

    assertThat(a.hasDied()).isTrue();
    assertThat(r.embeddings()).hasSize(1);
    assertThat(r.embedding(0)).containsExactly(Backend.ANSWER);
    assertThat(dying.embeds.get()).isEqualTo(1);
    assertThat(answering.embeds.get()).isEqualTo(1);
    FleetSnapshot fleet = client.fleet();
    assertThat(fleet.node(a.address()).orElseThrow().state()).isEqualTo(NodeState.DOWN);
    assertThat(fleet.node(a.address()).orElseThrow().consecutiveFailures()).isPositive();
    assertThat(fleet.node(b.address()).orElseThrow().state()).isEqualTo(NodeState.UP);
  }

  @Test
  void aChatIsNeverSentAgainOnceItsGatewayMayHaveForwardedIt() throws Exception {
    Backend dying = backend(false);
    Backend answering = backend(true);
    DyingGatewayProxy a = proxy(DyingGatewayProxy.to(dying.port()).diesAfterResponseHeaders());
    DyingGatewayProxy b = proxy(DyingGatewayProxy.to(answering.port()).closed());
    a.onDeath(b::open);
    OllamaClient client = client(a, b);

    assertThatThrownBy(() -> client.chat(ChatRequest.builder("llama3").user("hi").build()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(OllamaException.Kind.TRANSPORT);
              assertThat(e.requestSent()).as("the gateway may have forwarded it").isTrue();
            });

    assertThat(dying.chats.get()).isEqualTo(1);
    assertThat(answering.chats.get()).isZero();
    assertThat(client.fleet().node(a.address()).orElseThrow().state()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void anEmbedIsSentAtMostOnceToEachOtherGateway() throws Exception {
    Backend first = backend(false);
    Backend second = backend(false);
    DyingGatewayProxy a = proxy(DyingGatewayProxy.to(first.port()).diesAfterResponseHeaders());
    DyingGatewayProxy b =
        proxy(DyingGatewayProxy.to(second.port()).diesAfterResponseHeaders().closed());
    a.onDeath(b::open);
    OllamaClient client = client(a, b);

    assertThatThrownBy(() -> client.embed(EmbedRequest.builder("all-minilm").input("x").build()))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.kind()).isEqualTo(OllamaException.Kind.TRANSPORT));

    assertThat(b.hasDied()).isTrue();
    assertThat(first.embeds.get()).isEqualTo(1);
    assertThat(second.embeds.get()).isEqualTo(1);
    FleetSnapshot fleet = client.fleet();
    assertThat(fleet.node(a.address()).orElseThrow().state()).isEqualTo(NodeState.DOWN);
    assertThat(fleet.node(b.address()).orElseThrow().state()).isEqualTo(NodeState.DOWN);
  }

  private Backend backend(boolean answers) throws IOException {
    Backend b = new Backend(answers);
    closeables.add(b);
    return b;
  }

  private DyingGatewayProxy proxy(DyingGatewayProxy.Builder builder) throws IOException {
    DyingGatewayProxy p = builder.start();
    closeables.add(p);
    return p;
  }

  private OllamaClient client(DyingGatewayProxy a, DyingGatewayProxy b) {
    OllamaClient c = OllamaClient.builder().nodes(a.address(), b.address()).build();
    closeables.add(0, c);
    return c;
  }

  /**
   * A gateway's gRPC server for Embed and Chat. One that answers returns {@link #ANSWER}; one that
   * does not sends the response headers at once (flushed: the methods are served as
   * server-streaming, which the wire does not tell from unary) and never the answer.
   */
  private static final class Backend implements AutoCloseable {
    static final float ANSWER = 0.5f;

    final AtomicInteger embeds = new AtomicInteger();
    final AtomicInteger chats = new AtomicInteger();
    private final Server server;

    Backend(boolean answers) throws IOException {
      NettyServerBuilder b =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .permitKeepAliveTime(30, TimeUnit.SECONDS);
      if (answers) {
        b.addService(new Answering()).addService(new AnsweringChat());
      } else {
        b.addService(headersOnly(EmbedServiceGrpc.getEmbedMethod(), embeds))
            .addService(headersOnly(ChatServiceGrpc.getChatMethod(), chats));
      }
      server = b.build().start();
    }

    int port() {
      return server.getPort();
    }

    private static <Q, P> ServerServiceDefinition headersOnly(
        MethodDescriptor<Q, P> unary, AtomicInteger calls) {
      MethodDescriptor<Q, P> streaming =
          unary.toBuilder().setType(MethodDescriptor.MethodType.SERVER_STREAMING).build();
      ServerCallHandler<Q, P> handler =
          (call, headers) -> {
            call.request(1);
            return new ServerCall.Listener<>() {
              @Override
              public void onMessage(Q message) {
                calls.incrementAndGet();
                call.sendHeaders(new Metadata());
              }
            };
          };
      return ServerServiceDefinition.builder(unary.getServiceName())
          .addMethod(streaming, handler)
          .build();
    }

    private final class Answering extends EmbedServiceGrpc.EmbedServiceImplBase {
      @Override
      public void embed(
          io.ollamalan.grpc.v1.EmbedRequest request,
          StreamObserver<io.ollamalan.grpc.v1.EmbedResponse> out) {
        embeds.incrementAndGet();
        out.onNext(
            io.ollamalan.grpc.v1.EmbedResponse.newBuilder()
                .setModel(request.getModel())
                .addEmbeddings(Embedding.newBuilder().addValues(ANSWER))
                .build());
        out.onCompleted();
      }
    }

    private final class AnsweringChat extends ChatServiceGrpc.ChatServiceImplBase {
      @Override
      public void chat(
          io.ollamalan.grpc.v1.ChatRequest request,
          StreamObserver<io.ollamalan.grpc.v1.ChatResponse> out) {
        chats.incrementAndGet();
        out.onNext(
            io.ollamalan.grpc.v1.ChatResponse.newBuilder()
                .setModel(request.getModel())
                .setDone(true)
                .build());
        out.onCompleted();
      }
    }

    @Override
    public void close() throws InterruptedException {
      server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
