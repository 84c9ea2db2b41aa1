package io.ollamalan.internal.http;

import static io.ollamalan.internal.http.HostileNodeTest.CHAT_BODY;
import static io.ollamalan.internal.http.HostileNodeTest.ok;
import static io.ollamalan.internal.http.HostileNodeTest.trickleChatBody;
import static io.ollamalan.internal.http.HostileNodeTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.CallOptions;
import io.ollamalan.Node;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.OllamaTransportException.Timeout;
import io.ollamalan.auth.Auth;
import io.ollamalan.internal.ConnectionLeaks;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.tls.TlsConfig;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every node's connections live in one shared pool, and each node still keeps its own. */
@org.junit.jupiter.api.Timeout(60)
class NodeConnectionsTest {
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private HostileServer keepAliveNode() throws Exception {
    HostileServer s =
        new HostileServer(
            (n, head, out, socket) -> {
              write(out, ok("application/json", CHAT_BODY));
              return true;
            });
    closeables.add(s);
    return s;
  }

  private static TransportSettings settings(int maxIdlePerNode) {
    return new TransportSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ZERO,
        1 << 20,
        1 << 20,
        maxIdlePerNode,
        Duration.ofMinutes(5),
        "test");
  }

  private NodeClient nodeClient(Transport t, HostileServer s, int maxIdlePerNode) {
    Node node = Node.of(s.baseUrl());
    NodeClient c =
        new NodeClient(node, t.forNode(node), settings(maxIdlePerNode), System::nanoTime);
    closeables.add(c);
    return c;
  }

  private Transport transport(int maxIdlePerNode) {
    Transport t =
        new Transport(settings(maxIdlePerNode), TlsConfig.defaults(), Auth.none(), b -> {});
    closeables.add(() -> t.base().connectionPool().evictAll());
    return t;
  }

  private static ChatResponse chat(NodeClient c) {
    CallContext ctx = new CallContext(CallOptions.DEFAULT, 0, System.nanoTime());
    Exchange ex =
        c.send(
            Operation.CHAT,
            null,
            JsonBody.of(ChatRequest.builder("llama3.2:latest").user("hi").build(), false),
            false,
            ctx);
    return c.readBody(ex, ChatResponse.class);
  }

  @Test
  void evictingOneNodesConnectionsLeavesTheOtherNodesInThePool() throws Exception {
    HostileServer a = keepAliveNode();
    HostileServer b = keepAliveNode();
    Transport t = transport(4);
    NodeClient toA = nodeClient(t, a, 4);
    NodeClient toB = nodeClient(t, b, 4);
    for (int i = 0; i < 3; i++) {
      assertThat(chat(toA).done()).isTrue();
      assertThat(chat(toB).done()).isTrue();
    }
    assertThat(t.base().connectionPool().connectionCount())
        .as("both nodes' connections are in the one pool")
        .isEqualTo(2);
    assertThat(toA.idleConnectionCount()).isEqualTo(1);
    assertThat(toB.idleConnectionCount()).isEqualTo(1);

    toA.evictConnections();

    assertThat(toA.connectionCount()).isZero();
    assertThat(toB.connectionCount()).isEqualTo(1);
    assertThat(toB.idleConnectionCount()).isEqualTo(1);
    assertThat(chat(toB).done()).isTrue();
    assertThat(chat(toA).done()).isTrue();
    assertThat(b.connections()).as("B's kept-alive connection was reused").isEqualTo(1);
    assertThat(a.connections()).as("A connected afresh").isEqualTo(2);
    assertThat(a.requests() + b.requests()).isEqualTo(8);
  }

  @Test
  void idleConnectionsBeyondTheNodesLimitAreClosed() throws Exception {
    int concurrent = 3;
    CountDownLatch allArrived = new CountDownLatch(concurrent);
    HostileServer s =
        new HostileServer(
            (n, head, out, socket) -> {
              allArrived.countDown();
              // Hold every answer until all calls are in: each then has a connection of its own.
              allArrived.await(20, TimeUnit.SECONDS);
              write(out, ok("application/json", CHAT_BODY));
              return true;
            });
    closeables.add(s);
    Transport t = transport(1);
    NodeClient node = nodeClient(t, s, 1);
    ExecutorService pool = Executors.newFixedThreadPool(concurrent);
    try {
      List<Future<ChatResponse>> calls = new ArrayList<>();
      for (int i = 0; i < concurrent; i++) {
        calls.add(pool.submit(() -> chat(node)));
      }
      for (Future<ChatResponse> f : calls) {
        assertThat(f.get(30, TimeUnit.SECONDS).done()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(s.connections()).isEqualTo(concurrent);
    assertThat(node.connectionCount()).as("one idle connection kept").isEqualTo(1);
    assertThat(node.idleConnectionCount()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      assertThat(chat(node).done()).isTrue();
    }
    assertThat(s.connections()).as("the kept connection serves the next calls").isEqualTo(3);
  }

  @Test
  void anEventListenerOfTheApplicationHearsEveryCallAndTheClientsLimitsStillHold()
      throws Exception {
    HostileServer s =
        new HostileServer(
            (n, head, out, socket) -> {
              if (n == 1) {
                write(out, ok("application/json", CHAT_BODY));
                return true;
              }
              trickleChatBody(out);
              return true;
            });
    closeables.add(s);
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger acquired = new AtomicInteger();
    EventListener applications =
        new EventListener() {
          @Override
          public void callStart(Call call) {
            calls.incrementAndGet();
          }

          @Override
          public void connectionAcquired(Call call, Connection connection) {
            acquired.incrementAndGet();
          }
        };
    OllamaClient client =
        OllamaClient.builder()
            .nodes(s.baseUrl())
            .maxAttempts(1)
            .healthChecksEnabled(false)
            .firstByteTimeout(Duration.ofSeconds(30))
            .responseTimeout(Duration.ofMillis(600))
            .customizeHttpClient(b -> b.eventListener(applications))
            .build();
    closeables.add(client);

    assertThat(client.chat(HostileNodeTest.req()).done()).isTrue();
    assertThat(ConnectionLeaks.idleConnections(client))
        .as("the node's connection is counted")
        .isEqualTo(1);
    assertThatThrownBy(() -> client.chat(HostileNodeTest.req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
              assertThat(e.timeout()).isEqualTo(Timeout.RESPONSE);
            });
    assertThat(calls.get()).isEqualTo(2);
    assertThat(acquired.get()).isEqualTo(2);
    ConnectionLeaks.assertNoneLeaked(client);
  }

  /**
   * The pool hands a connection to a call before the call's listener hears of it, so an eviction
   * can claim an idle connection that a call has just taken. That call must not write to the socket
   * the eviction is about to close: a request cut after it was written is neither safe to send
   * again nor the node's fault.
   */
  @Test
  void aCallThatTakesAConnectionBeingEvictedWritesNothingToIt() throws Exception {
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch finishClose = new CountDownLatch(1);
    Socket socket =
        new Socket() {
          @Override
          public synchronized void close() throws IOException {
            closing.countDown();
            try {
              finishClose.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.close();
          }
        };
    Connection connection = new StubConnection(socket);
    NodeConnections node = new NodeConnections(4);
    node.acquired(connection);
    node.released(connection, null);

    Thread evictor = new Thread(node::evictIdle, "evictor");
    evictor.start();
    assertThat(closing.await(30, TimeUnit.SECONDS)).as("the eviction started closing").isTrue();
    AtomicReference<Boolean> closedWhenCallGoesOn = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              node.acquired(connection);
              closedWhenCallGoesOn.set(socket.isClosed());
            },
            "caller");
    caller.start();
    // The caller either went on at once or waits for the close under way; then let it finish.
    while (caller.isAlive() && caller.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }
    finishClose.countDown();
    evictor.join();
    caller.join();

    assertThat(closedWhenCallGoesOn.get())
        .as("the call goes on to write only once the socket is closed, so nothing is sent on it")
        .isTrue();
    assertThat(node.connectionCount()).isZero();
  }

  /**
   * Evictions racing real calls on one node: every call succeeds (one taken by an eviction is sent
   * again on a fresh connection) and the node receives each request once.
   */
  @Test
  void evictionsDuringCallsFailNoCallAndSendNoneTwice() throws Exception {
    HostileServer s = keepAliveNode();
    Transport t = transport(4);
    NodeClient node = nodeClient(t, s, 4);
    int threads = 4;
    int callsPerThread = 300;
    AtomicBoolean running = new AtomicBoolean(true);
    Thread evictor =
        new Thread(
            () -> {
              while (running.get()) {
                node.evictConnections();
                LockSupport.parkNanos(2_000_000);
              }
            },
            "evictor");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();
    evictor.start();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int k = 0; k < callsPerThread; k++) {
                    if (chat(node).done()) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get(50, TimeUnit.SECONDS)).isEqualTo(callsPerThread);
      }
    } finally {
      running.set(false);
      evictor.join();
      pool.shutdownNow();
    }
    assertThat(s.requests())
        .as("each call reached the node once")
        .isEqualTo(threads * callsPerThread);
  }

  /** A connection whose socket the test controls; NodeConnections reads only the socket. */
  private static final class StubConnection implements Connection {
    private final Socket socket;

    StubConnection(Socket socket) {
      this.socket = socket;
    }

    @Override
    public okhttp3.Route route() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Socket socket() {
      return socket;
    }

    @Override
    public okhttp3.Handshake handshake() {
      return null;
    }

    @Override
    public okhttp3.Protocol protocol() {
      return okhttp3.Protocol.HTTP_1_1;
    }
  }
}
