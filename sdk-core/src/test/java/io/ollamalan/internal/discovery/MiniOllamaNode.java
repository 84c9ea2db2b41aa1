package io.ollamalan.internal.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only Ollama node answering {@code /api/version}, {@code /api/ps} and {@code /api/tags}
 * with the bodies of {@code shared/ollama-api/examples}. It stands in until the testkit's
 * {@code FakeOllamaNode} is available; it can be stopped and restarted on the same address.
 */
public final class MiniOllamaNode implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String VERSION = example("version.json");
  static final String TAGS = example("tags.json");
  static final String PS = example("ps.json");

  private final String host;
  private int port;
  private HttpServer server;
  private final Set<String> loaded = new LinkedHashSet<>();
  private volatile int versionStatus = 200;
  private volatile String versionBody = VERSION;
  final AtomicInteger versionCalls = new AtomicInteger();
  final AtomicInteger tagsCalls = new AtomicInteger();
  final AtomicInteger psCalls = new AtomicInteger();

  private MiniOllamaNode(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Starts on {@code host} and {@code port} (0 for any free port). */
  public static MiniOllamaNode start(String host, int port) {
    MiniOllamaNode n = new MiniOllamaNode(host, port);
    n.restart();
    return n;
  }

  public synchronized void restart() {
    if (server != null) {
      return;
    }
    IOException last = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        port = s.getAddress().getPort();
        return;
      } catch (BindException e) {
        // The old socket may linger for a moment after stop().
        last = e;
        Thread.onSpinWait();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new UncheckedIOException(last);
  }

  /** Stops answering: connections to the port are refused. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://" + host + ":" + port;
  }

  public int versionCalls() {
    return versionCalls.get();
  }

  public int psCalls() {
    return psCalls.get();
  }

  public int tagsCalls() {
    return tagsCalls.get();
  }

  public synchronized void loadModel(String name) {
    loaded.add(name);
  }

  public synchronized void unloadModel(String name) {
    loaded.remove(name);
  }

  /** Makes {@code /api/version} answer this status (e.g. 503) with an error body. */
  public void versionStatus(int status) {
    versionStatus = status;
  }

  /** Makes {@code /api/version} answer 200 with this body. */
  public void versionBody(String body) {
    versionBody = body;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      int status = 200;
      String body;
      switch (path) {
        case "/api/version" -> {
          versionCalls.incrementAndGet();
          status = versionStatus;
          body = status == 200 ? versionBody : "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}";
        }
        case "/api/tags" -> {
          tagsCalls.incrementAndGet();
          body = TAGS;
        }
        case "/api/ps" -> {
          psCalls.incrementAndGet();
          body = ps();
        }
        default -> {
          status = 404;
          body = "404 page not found";
        }
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type",
          body.startsWith("{") ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  /** The example's entry, once per loaded model, with the name replaced. */
  private synchronized String ps() throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(PS);
    ObjectNode template = (ObjectNode) root.withArray("models").get(0);
    ArrayNode models = JSON.createArrayNode();
    for (String name : loaded) {
      ObjectNode m = template.deepCopy();
      m.put("name", name);
      m.put("model", name);
      m.put("context_length", 4096);
      models.add(m);
    }
    root.set("models", models);
    return JSON.writeValueAsString(root);
  }

  static String example(String name) {
    try (InputStream in = MiniOllamaNode.class.getResourceAsStream("/ollama-api/examples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
