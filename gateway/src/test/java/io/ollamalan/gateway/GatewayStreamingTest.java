package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.ollamalan.CallOptions;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.Message;
import io.ollamalan.grpc.v1.Options;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Cancellation, deadlines and flow control of streamed calls through the gateway. */
class GatewayStreamingTest {

  static ChatRequest longChat(int tokens) {
    return ChatRequest.newBuilder()
        .setModel(TestGateway.CHAT_MODEL)
        .addMessages(Message.newBuilder().setRole("user").setContent("tell me a long story"))
        .setOptions(Options.newBuilder().setNumPredict(tokens))
        .build();
  }

  static FakeModel longModel(int tokens) {
    return FakeModel.chat(TestGateway.CHAT_MODEL).replyTokens(tokens);
  }

  @Test
  void cancellingTheGrpcCallAbortsTheNodesStream() throws Exception {
    RecordingClient rec = new RecordingClient();
    // 5 tokens/s and 1,000 tokens: the node would stream for minutes if nobody told it to stop.
    try (TestGateway gw =
        TestGateway.start(
            1,
            n -> n.model(longModel(1000)).tokensPerSecond(5),
            rec::wrap,
            UnaryOperator.identity())) {
      CountDownLatch first = new CountDownLatch(1);
      AtomicReference<ClientCallStreamObserver<ChatRequest>> call = new AtomicReference<>();
      ChatServiceGrpc.newStub(gw.channel)
          .chatStream(
              longChat(1000),
              new ClientResponseObserver<ChatRequest, ChatResponse>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<ChatRequest> requestStream) {
                  call.set(requestStream);
                }

                @Override
                public void onNext(ChatResponse value) {
                  first.countDown();
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
      assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(gw.node().inFlight()).isEqualTo(1);

      call.get().cancel("client gave up", null);

      await().atMost(Duration.ofSeconds(10)).until(() -> gw.node().inFlight() == 0);
      assertThat(rec.streamsClosed.get()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void theGrpcDeadlineBecomesTheCallsDeadlineAndEndsTheNodesStream() {
    RecordingClient rec = new RecordingClient();
    try (TestGateway gw =
        TestGateway.start(
            1,
            n -> n.model(longModel(1000)).tokensPerSecond(5),
            rec::wrap,
            UnaryOperator.identity())) {
      Iterator<ChatResponse> it =
          ChatServiceGrpc.newBlockingStub(gw.channel)
              .withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
              .chatStream(longChat(1000));
      assertThatThrownBy(
              () -> {
                while (it.hasNext()) {
                  it.next();
                }
              })
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

      CallOptions applied = rec.options.get(0);
      assertThat(applied.deadline()).isNotNull();
      assertThat(applied.deadline()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1500));
      await().atMost(Duration.ofSeconds(10)).until(() -> gw.node().inFlight() == 0);
    }
  }

  @Test
  void aClientThatStopsReadingHoldsBackTheNodeInsteadOfFillingTheGateway() throws Exception {
    int tokens = 50_000;
    RecordingClient rec = new RecordingClient();
    try (TestGateway gw =
        TestGateway.start(
            1,
            n -> n.model(longModel(tokens)).tokensPerSecond(0),
            rec::wrap,
            UnaryOperator.identity())) {
      // A small HTTP/2 window makes the client's share of the buffering small and fixed.
      ManagedChannel slow =
          NettyChannelBuilder.forAddress("127.0.0.1", gw.gateway.port())
              .usePlaintext()
              .flowControlWindow(64 * 1024)
              .build();
      try {
        AtomicReference<ClientCallStreamObserver<ChatRequest>> call = new AtomicReference<>();
        AtomicLong received = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        ChatServiceGrpc.newStub(slow)
            .chatStream(
                longChat(tokens),
                new ClientResponseObserver<ChatRequest, ChatResponse>() {
                  @Override
                  public void beforeStart(ClientCallStreamObserver<ChatRequest> requestStream) {
                    call.set(requestStream);
                    requestStream.disableAutoRequestWithInitial(1);
                  }

                  @Override
                  public void onNext(ChatResponse value) {
                    received.incrementAndGet();
                  }

                  @Override
                  public void onError(Throwable t) {
                    done.countDown();
                  }

                  @Override
                  public void onCompleted() {
                    done.countDown();
                  }
                });

        // Wait until the gateway stops pulling: two samples half a second apart agree.
        AtomicLong previous = new AtomicLong(-1);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  long now = rec.chunksPulled.get();
                  return now > 0 && now == previous.getAndSet(now);
                });
        long pulledWhileStalled = rec.chunksPulled.get();
        System.out.printf(
            "slow reader: %d of %d chunks pulled from the node while the client read 1%n",
            pulledWhileStalled, tokens + 1);
        assertThat(received.get()).isEqualTo(1);
        // What the client's 64 KiB window and gRPC's 32 KiB send threshold hold, far from all.
        assertThat(pulledWhileStalled).isLessThan(5_000);

        call.get().request(Integer.MAX_VALUE);
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(received.get()).isEqualTo(tokens + 1);
        assertThat(rec.chunksPulled.get()).isEqualTo(tokens + 1);
      } finally {
        slow.shutdownNow();
        slow.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
