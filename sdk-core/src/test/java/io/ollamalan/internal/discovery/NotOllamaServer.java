package io.ollamalan.internal.discovery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** An HTTP service that is not Ollama: it answers every path with one fixed status and body. */
public final class NotOllamaServer implements AutoCloseable {
  private final HttpServer server;

  private NotOllamaServer(HttpServer server) {
    this.server = server;
  }

  public static NotOllamaServer start(String host, int port, int status, String body) {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      s.createContext(
          "/",
          ex -> {
            try (ex) {
              ex.getResponseHeaders().set("Content-Type", "text/html");
              ex.sendResponseHeaders(status, bytes.length);
              ex.getResponseBody().write(bytes);
            }
          });
      s.start();
      return new NotOllamaServer(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
