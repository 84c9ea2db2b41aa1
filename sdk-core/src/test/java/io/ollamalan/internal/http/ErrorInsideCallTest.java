package io.ollamalan.internal.http;

import static io.ollamalan.internal.http.HostileServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.CallOptions;
import io.ollamalan.Node;
import io.ollamalan.OllamaException;
import io.ollamalan.model.ChatRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An {@link Error} inside a call travels on as what it is, after the call let go of everything. */
@Timeout(30)
class ErrorInsideCallTest {
  static final String CHUNK =
      "{\"model\":\"m\",\"created_at\":\"2024-01-01T00:00:00Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"tok\"},\"done\":false}\n";

  @Test
  void errorWhileDecodingAChunkClosesTheConnectionAndEndsTheStreamFirst() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (n, head, out, socket) -> {
              out.write(
                  ascii(
                      "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                          + "Transfer-Encoding: chunked\r\n\r\n"
                          + Integer.toHexString(CHUNK.length())
                          + "\r\n"
                          + CHUNK
                          + "\r\n"));
              out.flush();
              server().waitForClientToLeave(socket);
              return false;
            })) {
      current = server;
      TransportSettings settings =
          new TransportSettings(
              Duration.ofSeconds(5),
              Duration.ofSeconds(10),
              Duration.ofSeconds(10),
              Duration.ofSeconds(10),
              Duration.ofSeconds(10),
              Duration.ZERO,
              1 << 20,
              1 << 20,
              4,
              Duration.ofSeconds(30),
              "test");
      OkHttpClient http =
          new OkHttpClient.Builder()
              .eventListenerFactory(AttemptTracker.FACTORY)
              .socketFactory(new MeteredSocketFactory())
              .build();
      NodeClient node = new NodeClient(Node.of(server.baseUrl()), http, settings, System::nanoTime);
      CallContext ctx = new CallContext(CallOptions.DEFAULT, 0, System.nanoTime());
      Exchange ex =
          node.send(
              Operation.CHAT,
              null,
              JsonBody.of(ChatRequest.builder("m").user("hi").build(), true),
              true,
              ctx);
      AtomicInteger canceled = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      StreamObserver observer =
          new StreamObserver() {
            @Override
            public void completed(Object lastChunk) {}

            @Override
            public void failed(OllamaException e) {
              failed.incrementAndGet();
            }

            @Override
            public void canceled() {
              canceled.incrementAndGet();
            }
          };
      NdjsonResponseStream<Object> stream =
          node.openStream(
              ex,
              (b, o, l) -> {
                throw new StackOverflowError("decoder ran out of stack");
              },
              c -> false,
              l -> l.get(0),
              observer);
      assertThatThrownBy(stream::hasNext)
          .isInstanceOf(StackOverflowError.class)
          .hasMessage("decoder ran out of stack");
      assertThat(canceled.get() + failed.get()).as("the lease was told once").isEqualTo(1);
      assertThat(server.awaitClientLeft(10)).as("the connection was closed").isTrue();
      assertThat(node.connectionCount()).isZero();
      stream.close();
      assertThat(canceled.get() + failed.get()).isEqualTo(1);
      http.dispatcher().executorService().shutdown();
    }
  }

  private static HostileServer current;

  private static HostileServer server() {
    return current;
  }
}
