package io.ollamalan.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaServerException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.internal.ConnectionLeaks;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every HTTP failure becomes the right typed error; the client stays usable. */
@Timeout(60)
class NodeClientTest {
  static final String MODEL = "llama3.2:latest";
  static FakeOllamaNode node;
  static OllamaClient client;

  @BeforeAll
  static void start() {
    node =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(MODEL))
            .loaded(MODEL)
            .build()
            .start();
    // Breakers would open under this test's deliberate failures; RouterTest covers them.
    client =
        OllamaClient.builder()
            .nodes(node.baseUrl())
            .maxAttempts(1)
            .healthChecksEnabled(false)
            // Generous: a busy machine must not turn an answer into a timeout. The test of the
            // first-byte timeout itself uses a client of its own.
            .firstByteTimeout(Duration.ofSeconds(30))
            .maxBodyBytes(4096)
            .routing(
                RoutingConfig.builder()
                    .breakerWindow(1000)
                    .breakerMinimumCalls(1000)
                    .consecutiveConnectFailures(1000)
                    .build())
            .build();
  }

  @AfterEach
  void noLeaks() {
    node.faults().clear();
    ConnectionLeaks.assertNoneLeaked(client);
    assertThat(client.chat(req()).done()).isTrue();
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  static ChatRequest req() {
    return ChatRequest.builder(MODEL).user("hello").build();
  }

  @ParameterizedTest
  @CsvSource({
    "503, 'server busy, please try again.  maximum pending requests exceeded', SERVER_BUSY",
    "499, request canceled, CANCELED",
    "401, unauthorized, UNAUTHORIZED",
    "403, '', FORBIDDEN",
    "500, 'model runner has unexpectedly stopped', SERVER_ERROR",
    "429, rate limit exceeded, SERVER_BUSY",
    "400, 'invalid think value', BAD_REQUEST",
  })
  void errorStatusesBecomeTypedErrors(int status, String message, Kind kind) {
    node.faults().add(Fault.error(status, message).times(2));
    for (boolean stream : new boolean[] {false, true}) {
      assertThatThrownBy(
              () -> {
                if (stream) {
                  client.chatStream(req()).close();
                } else {
                  client.chat(req());
                }
              })
          .isInstanceOfSatisfying(
              OllamaServerException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.httpStatus()).isEqualTo(status);
                assertThat(e.serverMessage()).isEqualTo(message);
                assertThat(e.nodeId()).isEqualTo("http://127.0.0.1:" + node.port());
              });
    }
  }

  @Test
  void nonJsonErrorBodyBecomesTheMessage() {
    node.faults().add(Fault.respond(502, "text/html", "<html>Bad Gateway</html>"));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
              assertThat(e.serverMessage()).isEqualTo("<html>Bad Gateway</html>");
            });
  }

  @Test
  void malformedJsonBodyIsAProtocolError() {
    node.faults().add(Fault.respond(200, "application/json; charset=utf-8", "{\"model\":"));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.TRUNCATED));
    node.faults().add(Fault.respond(200, "application/json; charset=utf-8", "not json"));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.MALFORMED));
  }

  @Test
  void bodyLargerThanTheLimitIsRefused() {
    node.faults()
        .add(
            Fault.respond(
                200,
                "application/json; charset=utf-8",
                "{\"model\":\"" + "x".repeat(10_000) + "\"}"));
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.TOO_LARGE);
              assertThat(e.getMessage()).contains("maxBodyBytes");
            });
  }

  @Test
  void nodeThatNeverAnswersTimesOutOnTheFirstByte() {
    node.faults().add(Fault.hang());
    // The node never answers, so any first-byte timeout is met however slow the machine is.
    try (OllamaClient impatient =
        OllamaClient.builder()
            .nodes(node.baseUrl())
            .maxAttempts(1)
            .healthChecksEnabled(false)
            .firstByteTimeout(Duration.ofMillis(500))
            .build()) {
      assertThatThrownBy(() -> impatient.chat(req()))
          .isInstanceOfSatisfying(
              OllamaTransportException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.timeout()).isEqualTo(OllamaTransportException.Timeout.FIRST_BYTE);
                assertThat(e.isRetryableOnAnotherNode()).isFalse();
              });
      ConnectionLeaks.assertNoneLeaked(impatient);
    }
  }

  @Test
  void callDeadlineCutsAHangingCall() {
    node.faults().add(Fault.hang());
    OllamaClient withDeadline =
        client.withOptions(CallOptions.DEFAULT.withDeadline(Duration.ofMillis(200)));
    assertThatThrownBy(() -> withDeadline.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> assertThat(e.timeout()).isEqualTo(OllamaTransportException.Timeout.DEADLINE));
  }

  @Test
  void resetBeforeHeadersIsARetryableTransportErrorAndNotSentAgainToTheNode() {
    assertThat(client.chat(req()).done()).isTrue(); // the next call goes on a kept-alive connection
    node.clearRecordedRequests();
    node.faults().add(Fault.resetBeforeHeaders().untilCleared());
    assertThatThrownBy(() -> client.chat(req()))
        .isInstanceOfSatisfying(
            OllamaTransportException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
              assertThat(e.isRetryableOnAnotherNode()).isTrue();
              assertThat(e.requestSent()).isTrue();
            });
    // The node read the request before it reset the connection: it is not sent to it again.
    assertThat(node.recordedRequests()).filteredOn(r -> r.path().equals("/api/chat")).hasSize(1);
  }

  @Test
  void refusedConnectionIsATransportErrorThatSaysWhatToCheck() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (OllamaClient c =
        OllamaClient.builder()
            .nodes("http://127.0.0.1:" + port)
            .maxAttempts(1)
            // A health check could mark the node DOWN first; the call must meet the refusal.
            .healthChecksEnabled(false)
            .build()) {
      assertThatThrownBy(() -> c.version())
          .isInstanceOfSatisfying(
              OllamaTransportException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
                assertThat(e.requestSent()).isFalse();
                assertThat(e.getMessage()).contains("127.0.0.1:" + port, "Check that Ollama runs");
              });
    }
  }
}
