package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.ollamalan.grpc.v1.ChatRequest;
import io.ollamalan.grpc.v1.ChatResponse;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as operators run it: {@code GatewayMain --demo} in its own JVM, stopped with
 * SIGTERM while a stream is in flight.
 */
class GatewayProcessTest {
  @TempDir Path dir;
  private static final Pattern READY = Pattern.compile("Gateway ready on port (\\d+)");

  @Test
  void sigtermLetsTheStreamInFlightFinishThenExits() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                GatewayMain.class.getName(),
                "--demo")
            .redirectErrorStream(true);
    pb.environment().put("OLLAMA_GATEWAY_SERVER_PORT", "0");
    pb.environment().put("OLLAMA_GATEWAY_METRICS_PORT", "0");
    Path log = Files.createTempFile(dir, "gateway", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    AtomicInteger port = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Matcher m = READY.matcher(Files.readString(log));
              if (m.find()) {
                port.set(Integer.parseInt(m.group(1)));
                return true;
              }
              assertThat(p.isAlive()).as("gateway exited: %s", Files.readString(log)).isTrue();
              return false;
            });
    ManagedChannel channel = null;
    try {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port.get()).usePlaintext().build();
      List<ChatResponse> chunks = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch first = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      ChatServiceGrpc.newStub(channel)
          .chatStream(
              ChatRequest.newBuilder()
                  .setModel(GatewayMain.DEMO_CHAT_MODEL)
                  .addMessages(Message.newBuilder().setRole("user").setContent("a story"))
                  .build(),
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
      assertThat(first.await(60, TimeUnit.SECONDS))
          .as("output: %s", Files.readString(log))
          .isTrue();

      p.destroy(); // SIGTERM

      assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get()).as("output: %s", Files.readString(log)).isNull();
      assertThat(chunks.get(chunks.size() - 1).getDone()).isTrue();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("Gateway draining").contains("Gateway stopped");
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
