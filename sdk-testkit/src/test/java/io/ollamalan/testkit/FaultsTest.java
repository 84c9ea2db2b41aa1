package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  static final String CHAT =
      "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String CHAT_QUIET =
      "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  FakeOllamaNode node;

  @BeforeEach
  void start() {
    node = FakeOllamaNode.builder().model(FakeModel.chat("llama3.2")).build().start();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void busyAnswersTheExactQueueFullErrorForTheNextRequestsOnly() {
    node.faults().add(Fault.busy().times(2).onPath("/api/chat"));
    assertThat(RawHttp.exchange(node, "GET", "/api/tags", null).status).isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
      assertThat(r.status).isEqualTo(503);
      assertThat(r.header("content-type")).isEqualTo("application/json; charset=utf-8");
      assertThat(r.body)
          .isEqualTo(
              "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}");
    }
    assertThat(RawHttp.exchange(node, "POST", "/api/chat", CHAT).status).isEqualTo(200);
    assertThat(node.faults().pending()).isEmpty();
  }

  @Test
  void respondSendsAnyStatusAndBodyUntilCleared() {
    node.faults().add(Fault.error(429, "rate limit exceeded").untilCleared());
    for (int i = 0; i < 3; i++) {
      RawHttp.Response r = RawHttp.exchange(node, "GET", "/api/version", null);
      assertThat(r.status).isEqualTo(429);
      assertThat(r.body).isEqualTo("{\"error\":\"rate limit exceeded\"}");
    }
    node.faults().clear();
    assertThat(RawHttp.exchange(node, "GET", "/api/version", null).status).isEqualTo(200);
    node.faults().add(Fault.respond(502, "text/html", "<html>bad gateway</html>"));
    RawHttp.Response html = RawHttp.exchange(node, "GET", "/", null);
    assertThat(html.status).isEqualTo(502);
    assertThat(html.header("content-type")).isEqualTo("text/html");
    assertThat(html.body).isEqualTo("<html>bad gateway</html>");
  }

  @Test
  void latencyDelaysTheResponseHeaders() {
    node.faults().add(Fault.latency(Duration.ofMillis(300)));
    long start = System.nanoTime();
    RawHttp.Response r = RawHttp.exchange(node, "GET", "/api/version", null);
    assertThat(r.status).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void resetBeforeHeadersResetsTheConnection() {
    node.faults().add(Fault.resetBeforeHeaders());
    RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
    assertThat(r.status).isZero();
    assertThat(r.reset).isTrue();
  }

  @Test
  void resetAfterChunksSendsThatManyLinesThenResets() {
    node.faults().add(Fault.resetAfterChunks(3));
    RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.reset).isTrue();
    assertThat(r.complete).isFalse();
    assertThat(Jsons.lines(r.body)).hasSize(3);
  }

  @Test
  void malformedLineAfterChunksBreaksTheStream() {
    node.faults().add(Fault.malformedLineAfterChunks(2));
    RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
    String[] lines = r.body.split("\n");
    assertThat(lines).hasSize(3);
    Jsons.parse(lines[0]);
    Jsons.parse(lines[1]);
    assertThat(lines[2]).startsWith("{").doesNotEndWith("}");
    assertThat(r.complete).isTrue();
  }

  @Test
  void errorLineAfterChunksKeepsStatus200() {
    node.faults()
        .add(Fault.errorLineAfterChunks(1, "an error was encountered while running the model"));
    RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
    assertThat(r.status).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/x-ndjson");
    List<JsonNode> lines = Jsons.lines(r.body);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1).toString())
        .isEqualTo("{\"error\":\"an error was encountered while running the model\"}");
  }

  @Test
  void truncateEndsTheStreamCleanlyWithoutTheDoneLine() {
    node.faults().add(Fault.truncateAfterChunks(4));
    RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
    List<JsonNode> lines = Jsons.lines(r.body);
    assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(l.get("done").asBoolean()).isFalse());
    assertThat(r.complete).isTrue();
    assertThat(r.reset).isFalse();
  }

  @Test
  void streamFaultsWaitForAStreamingRequest() {
    node.faults().add(Fault.truncateAfterChunks(1));
    RawHttp.Response quiet = RawHttp.exchange(node, "POST", "/api/chat", CHAT_QUIET);
    assertThat(Jsons.parse(quiet.body).get("done").asBoolean()).isTrue();
    assertThat(node.faults().pending()).hasSize(1);
    assertThat(Jsons.lines(RawHttp.exchange(node, "POST", "/api/chat", CHAT).body)).hasSize(1);
  }

  @Test
  void slowStreamDelaysEveryChunk() {
    node.faults().add(Fault.slowStream(Duration.ofMillis(20)));
    long start = System.nanoTime();
    RawHttp.Response r = RawHttp.exchange(node, "POST", "/api/chat", CHAT);
    assertThat(Jsons.lines(r.body)).hasSize(25);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(25 * 20));
  }

  @Test
  void hangHoldsTheConnectionUntilTheClientLeaves() throws IOException {
    node.faults().add(Fault.hang());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.address(), node.port()), 5000);
      s.getOutputStream()
          .write(
              "GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      // The node takes the request in its own time; only then does it hold it unanswered.
      await().atMost(Duration.ofSeconds(10)).until(() -> node.inFlight() == 1);
      s.setSoTimeout(300);
      InputStream in = s.getInputStream();
      org.assertj.core.api.Assertions.assertThatThrownBy(in::read)
          .isInstanceOf(java.net.SocketTimeoutException.class);
      assertThat(node.inFlight()).isEqualTo(1);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> node.inFlight() == 0 && node.openConnections() == 0);
  }

  @Test
  void hangEndsWhenTheNodeStops() throws IOException {
    node.faults().add(Fault.hang());
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.address(), node.port()), 5000);
      s.getOutputStream()
          .write(
              "GET /api/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      await().atMost(Duration.ofSeconds(5)).until(() -> node.inFlight() == 1);
      node.stop();
      s.setSoTimeout(5000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }
}
