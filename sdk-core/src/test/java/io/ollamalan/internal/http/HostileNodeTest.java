package io.ollamalan.internal.http;

import static io.ollamalan.internal.http.HostileServer.ascii;
import static io.ollamalan.internal.http.HostileServer.trickle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaServerException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.OllamaTransportException.Timeout;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.ConnectionLeaks;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.routing.RoutingConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node (or a proxy in front of it) that breaks HTTP's rules or never finishes: every case ends in
 * the typed error that names it, the node sees the client leave, and nothing is sent twice.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class HostileNodeTest {
  static final String MODEL = "llama3.2:latest";
  static final String CHAT_BODY =
      "{\"model\":\"llama3.2:latest\",\"created_at\":\"2024-01-01T00:00:00Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"done\":true}";

  HostileServer server;
  OllamaClient client;

  @AfterEach
  void close() throws Exception {
    if (client != null) {
      ConnectionLeaks.assertNoneLeaked(client);
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Generous limits: a busy machine must not turn an answer into a timeout. */
  OllamaClient client(HostileServer s) {
    return client(s, Duration.ofSeconds(30));
  }

  /**
   * Short response and idle limits, for nodes that trickle for many seconds: they are met however
   * slow the machine is.
   */
  OllamaClient impatientClient(HostileServer s) {
    return client(s, Duration.ofMillis(600));
  }

  OllamaClient client(HostileServer s, Duration responseAndIdleLimit) {
    return OllamaClient.builder()
        .nodes(s.baseUrl())
        .maxAttempts(1)
        .healthChecksEnabled(false)
        .firstByteTimeout(Duration.ofSeconds(30))
        .responseTimeout(responseAndIdleLimit)
        .streamIdleTimeout(responseAndIdleLimit)
        .routing(
            RoutingConfig.builder()
                .breakerWindow(1000)
                .breakerMinimumCalls(1000)
                .consecutiveConnectFailures(1000)
                .build())
        .build();
  }

  static ChatRequest req() {
    return ChatRequest.builder(MODEL).user("hello").build();
  }

  /** One chunk of a streamed chat, its content "tok", not the last. */
  static final String CHUNK =
      "{\"model\":\"llama3.2:latest\",\"created_at\":\"2024-01-01T00:00:00Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"tok\"},\"done\":false}\n";

  /** Writes a streamed chat's headers and its first chunk, {@link #CHUNK}. */
  static void startStream(OutputStream out) throws java.io.IOException {
    write(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n");
    write(out, Integer.toHexString(ascii(CHUNK).length) + "\r\n" + CHUNK + "\r\n");
  }

  static String ok(String contentType, String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + ascii(body).length
        + "\r\n\r\n"
        + body;
  }

  /** Answers a chat with its headers at once and its body one byte every 100 ms. */
  static void trickleChatBody(OutputStream out) throws java.io.IOException, InterruptedException {
    write(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + CHAT_BODY.length()
            + "\r\n\r\n");
    trickle(out, ascii(CHAT_BODY), 100);
  }

  static void write(OutputStream out, String s) throws java.io.IOException {
    out.write(ascii(s));
    out.flush();
  }

  @Test
  void nodeThatStopsReadingTheRequestIsCutByTheWriteLimit() throws Exception {
    try (java.net.ServerSocket deaf = new java.net.ServerSocket()) {
      // A small receive window: the request fills it and the client's write blocks.
      deaf.setReceiveBufferSize(4096);
      deaf.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  accepted.add(deaf.accept());
                } catch (java.io.IOException closed) {
                  // The test is over.
                }
              },
              "deaf-node");
      acceptor.setDaemon(true);
      acceptor.start();
      client =
          OllamaClient.builder()
              .nodes("http://127.0.0.1:" + deaf.getLocalPort())
              .maxAttempts(1)
              .healthChecksEnabled(false)
              .writeTimeout(Duration.ofMillis(500))
              .build();
      ChatRequest large = ChatRequest.builder(MODEL).user("x".repeat(32 << 20)).build();
      try {
        assertThatThrownBy(() -> client.chat(large))
            .isInstanceOfSatisfying(
                OllamaTransportException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                  assertThat(e.timeout()).isEqualTo(Timeout.FIRST_BYTE);
                  assertThat(e.getMessage()).contains("500");
                });
      } finally {
        for (java.net.Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  @Test
  void nodeTricklingABodyIsCutByTheResponseLimit() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              trickleChatBody(out);
              return true;
            });
    client = impatientClient(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
              assertThat(e.timeout()).isEqualTo(Timeout.RESPONSE);
              assertThat(e.getMessage()).contains("responseTimeout");
            });
    assertThat(server.awaitClientLeft(10)).isTrue();
  }

  @Test
  void nodeTricklingItsHeadersIsCutByTheResponseLimit() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              trickle(out, ascii(ok("application/json", CHAT_BODY)), 100);
              return true;
            });
    client = impatientClient(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> assertThat(e.timeout()).isEqualTo(Timeout.RESPONSE));
    assertThat(server.awaitClientLeft(10)).isTrue();
  }

  @Test
  void streamTricklingAChunkIsCutByTheIdleLimit() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              startStream(out);
              byte[] line = ascii(CHUNK);
              // Then the next chunk, a byte at a time: never silent for long, never complete.
              write(out, Integer.toHexString(line.length) + "\r\n");
              trickle(out, line, 100);
              return false;
            });
    client = impatientClient(server);
    try (ResponseStream<ChatResponse> s = client.chatStream(req())) {
      assertThat(s.next().message().content()).isEqualTo("tok");
      assertThatThrownBy(s::hasNext)
          .isInstanceOfSatisfying(
              OllamaTransportException.class,
              e -> {
                assertThat(e.timeout()).isEqualTo(Timeout.STREAM_IDLE);
                assertThat(e.partialResponseDelivered()).isTrue();
              });
    }
    assertThat(server.awaitClientLeft(10)).isTrue();
  }

  @Test
  void errorBodyWithStatus200IsTheNodesError() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              write(out, ok("application/json", "{\"error\":\"model runner crashed\"}"));
              return true;
            });
    client = client(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.serverMessage()).isEqualTo("model runner crashed");
            });
  }

  @Test
  void errorBodyWithStatus200IsTheNodesErrorWhereverItsErrorFieldIs() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              write(
                  out,
                  ok(
                      "application/json",
                      "{\"model\":\"llama3.2:latest\",\"error\":\"model runner crashed\"}"));
              return true;
            });
    client = client(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.serverMessage()).isEqualTo("model runner crashed");
            });
  }

  @Test
  void answerLongerThanItsContentLengthIsNeverResent() throws Exception {
    secondChatFailsHavingReachedTheNodeOnce(
        (n, head, out, socket) -> {
          String r = ok("application/json", CHAT_BODY);
          // The first answer carries bytes past its Content-Length.
          write(out, n == 1 ? r + "garbage after the body" : r);
          return true;
        },
        e -> assertThat(e.getMessage()).contains("framing").doesNotContain("Check that Ollama"));
  }

  /**
   * Chats on a kept-alive connection whose node follows {@code script}: the first succeeds, the
   * second fails with a transport error that {@code failure} checks, each reached the node once,
   * and the next chat succeeds.
   */
  private void secondChatFailsHavingReachedTheNodeOnce(
      HostileServer.Script script, Consumer<OllamaTransportException> failure) throws Exception {
    server = new HostileServer(script);
    client = client(server);
    assertThat(client.chat(req()).done()).isTrue();
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
              failure.accept(e);
            });
    assertThat(server.requests()).as("each call reached the node once").isEqualTo(2);
    assertThat(client.chat(req()).done()).isTrue();
  }

  @Test
  void aGetOnAKeptAliveConnectionTheNodeClosedIsSentOnceMoreOnAFreshOne() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              write(out, ok("application/json", "{\"version\":\"0.12.6\"}"));
              // The node closes the idle connection without saying so, as on restart.
              return false;
            });
    client = client(server);
    for (int i = 0; i < 3; i++) {
      assertThat(client.version().version()).isEqualTo("0.12.6");
    }
    assertThat(server.requests()).isEqualTo(3);
    assertThat(server.connections()).isEqualTo(3);
  }

  @Test
  void aChatTheNodeReadBeforeClosingItsConnectionIsNotSentAgain() throws Exception {
    secondChatFailsHavingReachedTheNodeOnce(
        (n, head, out, socket) -> {
          if (n == 2) {
            // Read on a kept-alive connection, then closed without an answer (a crash, or a
            // proxy's idle timeout meeting the request): the node may be generating.
            return false;
          }
          write(out, ok("application/json", CHAT_BODY));
          return true;
        },
        e -> assertThat(e.requestSent()).isTrue());
    assertThat(server.requests()).isEqualTo(3);
  }

  @Test
  void aStreamResetMidwayDropsTheNodesOtherIdleConnections() throws Exception {
    CountDownLatch secondChat = new CountDownLatch(1);
    CountDownLatch chunkRead = new CountDownLatch(1);
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              if (n == 1) {
                // Held until the second chat arrives, so that the two use two connections.
                boolean unused = secondChat.await(10, TimeUnit.SECONDS);
              } else if (n == 2) {
                secondChat.countDown();
              } else if (n == 3) {
                startStream(out);
                boolean unused = chunkRead.await(10, TimeUnit.SECONDS);
                // The node's process dies: the stream is reset, the idle connection closed.
                server.crash(socket);
                return false;
              }
              write(out, ok("application/json", CHAT_BODY));
              return true;
            });
    client = client(server);
    CompletableFuture<ChatResponse> first = CompletableFuture.supplyAsync(() -> client.chat(req()));
    CompletableFuture<ChatResponse> second =
        CompletableFuture.supplyAsync(() -> client.chat(req()));
    assertThat(first.get().done()).isTrue();
    assertThat(second.get().done()).isTrue();
    assertThat(server.connections()).as("two kept-alive connections").isEqualTo(2);
    try (ResponseStream<ChatResponse> s = client.chatStream(req())) {
      assertThat(s.next().message().content()).isEqualTo("tok");
      chunkRead.countDown();
      assertThatThrownBy(s::hasNext)
          .isInstanceOfSatisfying(
              OllamaTransportException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                assertThat(e.partialResponseDelivered()).isTrue();
              });
    }
    // The node is back. Its other connection, closed by the crash, would take the next chat's
    // request and answer nothing; the chat goes on a fresh connection instead.
    assertThat(client.chat(req()).done()).isTrue();
    assertThat(server.requests()).isEqualTo(4);
    assertThat(server.connections()).isEqualTo(3);
  }

  @Test
  void oversizedHeaderBlockSaysSo() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              write(out, "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(300 * 1024) + "\r\n\r\n");
              return false;
            });
    client = client(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("header block")
                    .doesNotContain("Check that Ollama"));
  }

  @Test
  void bodyCutShortSaysSo() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              write(
                  out,
                  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000"
                      + "\r\n\r\n{\"model\":");
              return false;
            });
    client = client(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> assertThat(e.getMessage()).doesNotContain("Check that Ollama"));
  }

  /**
   * A body of known length is read whole when it is short and decoded as it arrives when it is
   * long: both ways give the same answer and the same typed errors.
   */
  @ParameterizedTest(name = "content of {0} characters")
  @ValueSource(ints = {2, 40_000})
  void shortAndLongBodiesGiveTheSameAnswersAndErrors(int size) throws Exception {
    String content = "y".repeat(size);
    String whole =
        "{\"model\":\"llama3.2:latest\",\"created_at\":\"2024-01-01T00:00:00Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\""
            + content
            + "\"},\"done\":true}";
    String[] answers = {
      ok("application/json", whole),
      // The JSON ends early, its HTTP framing whole.
      ok("application/json", whole.substring(0, whole.length() - 12)),
      // Not JSON past its first bytes.
      ok("application/json", whole.replace("\"done\":true", "\"done\":tru}")),
      // Ollama's error, its field after the others.
      ok("application/json", whole.replace("\"done\":true", "\"error\":\"runner crashed\"")),
      // The connection closes with the body short of its Content-Length.
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
          + (ascii(whole).length + 100)
          + "\r\n\r\n"
          + whole,
    };
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              write(out, answers[n - 1]);
              return n < answers.length;
            });
    client = client(server);
    assertThat(client.chat(req()).content()).isEqualTo(content);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.TRUNCATED));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.MALFORMED));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> assertThat(e.serverMessage()).isEqualTo("runner crashed"));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
              assertThat(e.getMessage()).contains("framing").doesNotContain("Check that Ollama");
            });
    assertThat(server.requests()).isEqualTo(answers.length);
  }

  @Test
  void notFoundFromOllamasApiSaysWhatWasNotFound() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              String body = "{\"error\":\"not found\"}";
              write(
                  out,
                  "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body);
              return true;
            });
    client = client(server);
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
              assertThat(e.getMessage())
                  .contains("does not exist")
                  .doesNotContain("does not look like an Ollama API");
            });
  }

  /**
   * Runs {@code client.chat} on another thread, which it records in {@code caller}; the future
   * gives what the call threw (null if it returned) and {@code flagKept} whether the thread was
   * still interrupted then.
   */
  private CompletableFuture<Throwable> chatOnAnotherThread(
      AtomicReference<Thread> caller, AtomicReference<Boolean> flagKept) {
    return CompletableFuture.supplyAsync(
        () -> {
          caller.set(Thread.currentThread());
          try {
            client.chat(req());
            return null;
          } catch (Throwable t) {
            flagKept.set(Thread.interrupted());
            return t;
          }
        });
  }

  @Test
  void interruptCancelsABlockingCall() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              server.waitForClientToLeave(socket);
              return false;
            });
    client = client(server);
    AtomicReference<Thread> caller = new AtomicReference<>();
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    CompletableFuture<Throwable> outcome = chatOnAnotherThread(caller, flagKept);
    assertThat(server.awaitRequest(10)).isTrue();
    caller.get().interrupt();
    Throwable t = outcome.get();
    assertThat(t)
        .isInstanceOfSatisfying(
            OllamaException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLIENT_CANCELED));
    assertThat(flagKept.get()).isTrue();
    assertThat(server.awaitClientLeft(10)).isTrue();
  }

  /**
   * A node whose listen queue is full never completes the TCP handshake (the kernel drops the
   * SYNs), so the call waits for OkHttp's connect, which runs on another thread; OkHttp throws an
   * undeclared InterruptedException from that wait.
   */
  @Test
  void interruptCancelsACallWaitingForItsConnection() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<Socket> filling = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, loopback)) {
      // Never accepted: once the queue holds what it can, further connects hang.
      boolean queueFull = false;
      for (int i = 0; i < 16 && !queueFull; i++) {
        Socket s = new Socket();
        filling.add(s);
        try {
          s.connect(new InetSocketAddress(loopback, full.getLocalPort()), 300);
        } catch (SocketTimeoutException e) {
          queueFull = true;
        }
      }
      assertThat(queueFull).as("a connect to the full listener hangs").isTrue();
      client =
          OllamaClient.builder()
              .nodes("http://" + loopback.getHostAddress() + ":" + full.getLocalPort())
              .maxAttempts(1)
              .healthChecksEnabled(false)
              .connectTimeout(Duration.ofMinutes(5))
              .build();
      AtomicReference<Thread> started = new AtomicReference<>();
      AtomicReference<Boolean> flagKept = new AtomicReference<>();
      CompletableFuture<Throwable> outcome = chatOnAnotherThread(started, flagKept);
      while (started.get() == null) {
        Thread.onSpinWait();
      }
      Thread caller = started.get();
      // The caller blocks only in the connect wait: no byte can come back. (Bounded, so that a
      // kernel that completes the handshake anyway fails the test instead of hanging it.)
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () ->
                  caller.getState() == Thread.State.TIMED_WAITING
                      || caller.getState() == Thread.State.WAITING);
      caller.interrupt();
      assertThat(outcome.get())
          .isInstanceOfSatisfying(
              OllamaException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLIENT_CANCELED));
      assertThat(flagKept.get()).isTrue();
    } finally {
      for (Socket s : filling) {
        s.close();
      }
    }
  }

  @Test
  void interruptCancelsAStreamRead() throws Exception {
    server =
        new HostileServer(
            (n, head, out, socket) -> {
              startStream(out);
              server.waitForClientToLeave(socket);
              return false;
            });
    client =
        OllamaClient.builder()
            .nodes(server.baseUrl())
            .maxAttempts(1)
            .healthChecksEnabled(false)
            .build();
    AtomicReference<Thread> caller = new AtomicReference<>();
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    CountDownLatch firstChunk = new CountDownLatch(1);
    CompletableFuture<Throwable> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              caller.set(Thread.currentThread());
              try (ResponseStream<ChatResponse> s = client.chatStream(req())) {
                s.next();
                firstChunk.countDown();
                boolean unused = s.hasNext();
                return null;
              } catch (Throwable t) {
                flagKept.set(Thread.interrupted());
                return t;
              }
            });
    assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
    caller.get().interrupt();
    assertThat(outcome.get())
        .isInstanceOfSatisfying(
            OllamaException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLIENT_CANCELED));
    assertThat(flagKept.get()).isTrue();
    assertThat(server.awaitClientLeft(10)).isTrue();
  }
}
