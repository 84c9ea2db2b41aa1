package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import io.ollamalan.grpc.v1.VersionRequest;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Graceful drain: what SIGTERM does to a running gateway. */
class GatewayDrainTest {

  @Test
  void aStreamInFlightFinishesAfterShutdownStartsWhileNewCallsAreRefused() throws Exception {
    int tokens = 60;
    try (TestGateway gw =
        TestGateway.start(
            1,
            n ->
                n.model(FakeModel.chat(TestGateway.CHAT_MODEL).replyTokens(tokens))
                    .tokensPerSecond(20),
            c -> c,
            b -> b.drainGrace(Duration.ofSeconds(60)))) {
      List<ChatResponse> chunks = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch first = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      ChatServiceGrpc.newStub(gw.channel)
          .chatStream(
              GatewayStreamingTest.longChat(tokens),
              new StreamObserver<>() {
                @Override
                public void onNext(ChatResponse value) {
                  chunks.add(value);
                  first.countDown();
                }

                @Override
                public void onError(Throwable t) {
                  failure.set(t);
                  done.countDown();
                }

                @Override
                public void onCompleted() {
                  done.countDown();
                }
              });
      assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();

      Thread drain = new Thread(gw.gateway::close, "test-drain");
      drain.start();

      // New calls are refused once the drain started, and health says so.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () ->
                              ModelsServiceGrpc.newBlockingStub(gw.channel)
                                  .version(VersionRequest.getDefaultInstance()))
                      .isInstanceOfSatisfying(
                          StatusRuntimeException.class,
                          e ->
                              assertThat(e.getStatus().getCode())
                                  .isEqualTo(Status.Code.UNAVAILABLE)));
      assertThat(done.getCount()).as("the stream is still running").isEqualTo(1);

      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get()).isNull();
      assertThat(chunks.get(chunks.size() - 1).getDone()).isTrue();
      drain.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(drain.isAlive()).isFalse();
    }
  }

  @Test
  void callsStillRunningWhenTheGraceEndsAreCancelledAndTheNodeStops() throws Exception {
    try (TestGateway gw =
        TestGateway.start(
            1,
            n ->
                n.model(FakeModel.chat(TestGateway.CHAT_MODEL).replyTokens(1000))
                    .tokensPerSecond(5),
            c -> c,
            b -> b.drainGrace(Duration.ofMillis(500)))) {
      HealthCheckResponse before =
          HealthGrpc.newBlockingStub(gw.channel).check(HealthCheckRequest.getDefaultInstance());
      assertThat(before.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      CountDownLatch first = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(1);
      ChatServiceGrpc.newStub(gw.channel)
          .chatStream(
              GatewayStreamingTest.longChat(1000),
              new StreamObserver<>() {
                @Override
                public void onNext(ChatResponse value) {
                  first.countDown();
                }

                @Override
                public void onError(Throwable t) {
                  failure.set(t);
                  done.countDown();
                }

                @Override
                public void onCompleted() {
                  done.countDown();
                }
              });
      assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();

      gw.gateway.close();

      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Status.fromThrowable(failure.get()).getCode())
          .isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
      await().atMost(Duration.ofSeconds(10)).until(() -> gw.node().inFlight() == 0);
    }
  }
}
