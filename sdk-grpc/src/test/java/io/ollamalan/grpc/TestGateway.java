package io.ollamalan.grpc;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.Message;
import io.ollamalan.grpc.v1.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC server on loopback that answers ChatService the way a gateway does, to test the client's
 * own behaviour (mapping, deadlines, cancellation, balancing) without a fleet behind it. The model
 * name drives the behaviour: {@code missing} answers NOT_FOUND, {@code hang} never answers, others
 * echo the last user message back in {@code chunks} chunks.
 */
final class TestGateway implements AutoCloseable {
  static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final String name;
  final boolean tls;
  final Server server;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger canceled = new AtomicInteger();
  final List<Metadata> headers = new CopyOnWriteArrayList<>();

  TestGateway(String name) throws IOException {
    this(name, null);
  }

  /** With TLS when {@code ssl} is not null. */
  TestGateway(String name, SslContext ssl) throws IOException {
    this.name = name;
    this.tls = ssl != null;
    ServerInterceptor capture =
        new ServerInterceptor() {
          @Override
          public <Q, P> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, P> call, Metadata h, ServerCallHandler<Q, P> next) {
            headers.add(h);
            return next.startCall(call, h);
          }
        };
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(new Chat(), capture))
            .permitKeepAliveTime(30, TimeUnit.SECONDS);
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.server = b.build().start();
  }

  String address() {
    return (tls ? "grpcs" : "grpc") + "://127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private final class Chat extends ChatServiceGrpc.ChatServiceImplBase {
    @Override
    public void chat(ChatRequest request, StreamObserver<ChatResponse> out) {
      calls.incrementAndGet();
      if (!behave(request, out)) {
        return;
      }
      out.onNext(chunk(request, reply(request), true));
      out.onCompleted();
    }

    @Override
    public void chatStream(ChatRequest request, StreamObserver<ChatResponse> out) {
      calls.incrementAndGet();
      if (!behave(request, out)) {
        return;
      }
      String reply = reply(request);
      for (String word : reply.split(" ")) {
        out.onNext(chunk(request, word + " ", false));
      }
      out.onNext(chunk(request, "", true));
      out.onCompleted();
    }

    private boolean behave(ChatRequest request, StreamObserver<ChatResponse> out) {
      ((ServerCallStreamObserver<ChatResponse>) out).setOnCancelHandler(canceled::incrementAndGet);
      switch (request.getModel()) {
        case "missing":
          out.onError(
              Status.NOT_FOUND
                  .withDescription("model 'missing' not found, try pulling it first")
                  .asRuntimeException());
          return false;
        case "hang":
          return false;
        default:
          return true;
      }
    }

    private String reply(ChatRequest request) {
      Message last = request.getMessages(request.getMessagesCount() - 1);
      return name + " says " + last.getContent();
    }

    private ChatResponse chunk(ChatRequest request, String content, boolean done) {
      ChatResponse.Builder b =
          ChatResponse.newBuilder()
              .setModel(request.getModel())
              .setMessage(Message.newBuilder().setRole("assistant").setContent(content))
              .setDone(done);
      if (done) {
        b.setDoneReason("stop")
            .setMetrics(Metrics.newBuilder().setEvalCount(7).setEvalDuration(1000));
      }
      return b.build();
    }
  }
}
