package io.ollamalan.gateway.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A small HTTP server for operators: {@code GET /metrics} in the Prometheus text format and {@code
 * GET /healthz} (200 while the fleet can take calls, 503 otherwise, for probes that do not speak
 * gRPC).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static MetricsEndpoint start(
      String host, int port, PrometheusMeterRegistry registry, BooleanSupplier serving)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ollamalan-gateway-metrics");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        ex -> {
          if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "text/plain", "GET only\n");
            return;
          }
          respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        });
    server.createContext(
        "/healthz",
        ex -> {
          boolean ok = serving.getAsBoolean();
          respond(ex, ok ? 200 : 503, "text/plain", ok ? "SERVING\n" : "NOT_SERVING\n");
        });
    server.start();
    return new MetricsEndpoint(server, executor);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
