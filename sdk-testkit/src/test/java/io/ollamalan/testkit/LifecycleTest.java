package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  @Test
  void restartsOnTheSamePortWithModelsKeptAndNothingLoaded() {
    try (FakeOllamaNode node = FakeOllamaNode.builder().model(FakeModel.chat("llama3.2")).build()) {
      node.start();
      int port = node.port();
      node.loadModel("llama3.2");
      assertThat(node.loadedModels()).containsExactly("llama3.2:latest");
      node.stop();
      assertThat(node.isRunning()).isFalse();
      node.start();
      node.start();
      assertThat(node.port()).isEqualTo(port);
      assertThat(node.loadedModels()).isEmpty();
      assertThat(RawHttp.exchange(node, "GET", "/api/tags", null).body).contains("llama3.2:latest");
    }
  }

  @Test
  void aStoppedNodeRefusesConnections() throws IOException {
    try (FakeOllamaNode node = FakeOllamaNode.builder().build()) {
      for (int i = 0; i < 100; i++) {
        node.start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", node.port());
        node.stop();
        // Not accepted and later reset, after a client may have sent its request: refused.
        try (Socket s = new Socket()) {
          assertThatThrownBy(() -> s.connect(address, 5000))
              .as("connection %d after stop", i)
              .isInstanceOf(ConnectException.class);
        }
      }
    }
  }

  @Test
  void bindingAPortInUseNamesTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      FakeOllamaNode node = FakeOllamaNode.builder().port(taken.getLocalPort()).build();
      try {
        assertThatThrownBy(node::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
            .hasMessageContaining("port(0)");
      } finally {
        node.close();
      }
    }
  }

  @Test
  void closedNodeCannotStart() {
    FakeOllamaNode node = FakeOllamaNode.builder().build();
    node.close();
    assertThatThrownBy(node::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void servesIpv6Loopback() {
    try (FakeOllamaNode node = FakeOllamaNode.builder().host("::1").build().start()) {
      assertThat(node.baseUrl()).isEqualTo("http://[::1]:" + node.port());
      assertThat(RawHttp.exchange(node, "GET", "/", null).body).isEqualTo("Ollama is running");
    }
  }

  @Test
  void keepAliveReusesOneConnectionAndStopClosesIt() throws IOException {
    try (FakeOllamaNode node = FakeOllamaNode.builder().build().start();
        Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.address(), node.port()), 5000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write(
            "GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        String resp = readResponse(in);
        assertThat(resp).startsWith("HTTP/1.1 200").endsWith("{\"version\":\"0.33.0\"}");
      }
      assertThat(node.openConnections()).isEqualTo(1);
      assertThat(node.requestCount()).isEqualTo(3);
      node.stop();
      assertThat(in.read()).isEqualTo(-1);
      assertThat(node.openConnections()).isZero();
    }
  }

  @Test
  void connectionCountDropsWhenClientsClose() throws IOException {
    try (FakeOllamaNode node = FakeOllamaNode.builder().build().start()) {
      for (int i = 0; i < 3; i++) {
        try (Socket s = new Socket(node.address(), node.port())) {
          s.getOutputStream()
              .write(
                  "GET / HTTP/1.1\r\nHost: x.localhost\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          s.setSoTimeout(5000);
          assertThat(readResponse(s.getInputStream())).endsWith("Ollama is running");
        }
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> node.openConnections() == 0);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    try (FakeOllamaNode node = FakeOllamaNode.builder().build().start();
        Socket s = new Socket(node.address(), node.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                      + "GET /api/version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all.indexOf("Ollama is running")).isLessThan(all.indexOf("{\"version\""));
    }
  }

  /** Reads one response with a Content-Length body. */
  static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("EOF in headers");
      }
      head.append((char) c);
    }
    int len = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        len = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(len);
    return head.toString().trim() + "\n" + new String(body, StandardCharsets.UTF_8);
  }
}
