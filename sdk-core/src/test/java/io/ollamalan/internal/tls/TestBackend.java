package io.ollamalan.internal.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Ollama stand-in behind nginx: {@code GET /api/version} and a streaming
 * {@code POST /api/chat} that writes NDJSON lines one at a time. It records every request it
 * receives, so a test can prove a request never reached it.
 *
 * <p>The chat stream writes its first line, then waits (bounded) until the test says it has read
 * that line, then writes the rest: if anything between buffered the stream, the test would not see
 * the first line before the last was written, and {@link #streamWasReleasedEarly()} is false.
 */
final class TestBackend implements AutoCloseable {

  static final String VERSION_BODY = "{\"version\":\"0.33.0\"}";
  static final List<String> TOKENS = List.of("The", " sky", " is", " blue", ".");

  /** One request as the backend saw it. */
  record Recorded(String method, String uri, Map<String, List<String>> headers, String body) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch firstLineRead = new CountDownLatch(0);
  private volatile boolean releasedEarly;

  TestBackend() throws IOException {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "test-backend-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(executor);
    server.createContext("/api/version", this::version);
    server.createContext("/api/chat", this::chat);
    server.start();
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Arms the next chat stream: it waits after its first line until the latch is counted down. */
  CountDownLatch armStream() {
    CountDownLatch latch = new CountDownLatch(1);
    releasedEarly = false;
    firstLineRead = latch;
    return latch;
  }

  /** Whether the last stream was released by the test before it wrote its remaining lines. */
  boolean streamWasReleasedEarly() {
    return releasedEarly;
  }

  private Recorded record(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Recorded r = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        Map.copyOf(exchange.getRequestHeaders()), body);
    requests.add(r);
    return r;
  }

  private void version(HttpExchange exchange) throws IOException {
    record(exchange);
    byte[] body = VERSION_BODY.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void chat(HttpExchange exchange) throws IOException {
    record(exchange);
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < TOKENS.size(); i++) {
        writeLine(out, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\""
            + TOKENS.get(i) + "\"},\"done\":false}");
        if (i == 0) {
          try {
            releasedEarly = firstLineRead.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      writeLine(out, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
          + "\"done\":true,\"done_reason\":\"stop\"}");
    }
  }

  private static void writeLine(OutputStream out, String json) throws IOException {
    out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
