package io.ollamalan.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaException.Kind;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaServerException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.ConnectionLeaks;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Broken, truncated, oversized and failing streams become typed errors; nothing leaks. */
@Timeout(60)
class NdjsonResponseStreamTest {
  static final String MODEL = "llama3.2:latest";
  static FakeOllamaNode node;
  static OllamaClient client;

  @BeforeAll
  static void start() {
    node =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(MODEL).replyTokens(20))
            .model(FakeModel.chat("big:latest").reply("x".repeat(4000)).replyTokens(1))
            .loaded(MODEL)
            .build()
            .start();
    client =
        OllamaClient.builder()
            .nodes(node.baseUrl())
            .maxAttempts(1)
            .healthChecksEnabled(false)
            .routing(RoutingConfig.builder().breakerWindow(1000).breakerMinimumCalls(1000).build())
            .maxLineBytes(2048)
            // Generous: a busy machine pausing between chunks must not turn every test here into
            // an idle timeout. The idle-timeout test uses a client of its own.
            .streamIdleTimeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterEach
  void noLeaks() {
    node.faults().clear();
    ConnectionLeaks.assertNoneLeaked(client);
    // The client stays usable after every failure.
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

  /** Reads until the stream fails; returns the chunks delivered before. */
  static List<ChatResponse> drain(ResponseStream<ChatResponse> s, List<Throwable> failure) {
    List<ChatResponse> got = new ArrayList<>();
    try (s) {
      while (s.hasNext()) {
        got.add(s.next());
      }
    } catch (OllamaException e) {
      failure.add(e);
    }
    return got;
  }

  @Test
  void midStreamErrorLineBecomesAServerErrorMarkedAsPartiallyDelivered() {
    node.faults().add(Fault.errorLineAfterChunks(3, "model runner has unexpectedly stopped"));
    List<Throwable> failure = new ArrayList<>();
    List<ChatResponse> got = drain(client.chatStream(req()), failure);
    assertThat(got).hasSize(3);
    assertThat(failure)
        .singleElement()
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
              assertThat(e.httpStatus()).isEqualTo(200);
              assertThat(e.serverMessage()).isEqualTo("model runner has unexpectedly stopped");
              assertThat(e.partialResponseDelivered()).isTrue();
              assertThat(e.isRetryableOnAnotherNode()).isFalse();
            });
  }

  @Test
  void errorLineAsTheFirstLineFailsTheCallItself() {
    node.faults().add(Fault.errorLineAfterChunks(0, "boom"));
    assertThatThrownBy(() -> client.chatStream(req()))
        .isInstanceOfSatisfying(
            OllamaServerException.class,
            e -> {
              assertThat(e.serverMessage()).isEqualTo("boom");
              assertThat(e.partialResponseDelivered()).isFalse();
            });
  }

  @Test
  void malformedLineIsAProtocolErrorNamingTheLine() {
    node.faults().add(Fault.malformedLineAfterChunks(2));
    List<Throwable> failure = new ArrayList<>();
    List<ChatResponse> got = drain(client.chatStream(req()), failure);
    assertThat(got).hasSize(2);
    assertThat(failure)
        .singleElement()
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.MALFORMED);
              assertThat(e.getMessage()).contains("line 3");
              assertThat(e.partialResponseDelivered()).isTrue();
            });
  }

  @Test
  void streamEndingWithoutItsDoneLineIsTruncated() {
    node.faults().add(Fault.truncateAfterChunks(4));
    List<Throwable> failure = new ArrayList<>();
    List<ChatResponse> got = drain(client.chatStream(req()), failure);
    assertThat(got).hasSize(4);
    assertThat(failure)
        .singleElement()
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.TRUNCATED);
              assertThat(e.getMessage()).contains("done");
            });
  }

  @Test
  void connectionResetMidStreamIsATransportErrorAfterDelivery() {
    node.faults().add(Fault.resetAfterChunks(3));
    List<Throwable> failure = new ArrayList<>();
    List<ChatResponse> got = drain(client.chatStream(req()), failure);
    assertThat(got).hasSize(3);
    assertThat(failure)
        .singleElement()
        .isInstanceOfSatisfying(
            OllamaException.class,
            e -> {
              assertThat(e.kind()).isIn(Kind.TRANSPORT, Kind.PROTOCOL);
              assertThat(e.partialResponseDelivered()).isTrue();
            });
  }

  @Test
  void lineLongerThanTheLimitFailsClearlyInsteadOfBuffering() {
    assertThatThrownBy(() -> client.chatStream(ChatRequest.builder("big:latest").user("x").build()))
        .isInstanceOfSatisfying(
            OllamaProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(OllamaProtocolException.Problem.TOO_LARGE);
              assertThat(e.getMessage()).contains("maxLineBytes", "2048");
            });
  }

  @Test
  void silenceBetweenChunksLongerThanTheIdleLimitTimesOut() {
    node.faults().add(Fault.slowStream(Duration.ofSeconds(3)));
    // The node cannot send sooner than its 3 s gap, so the 300 ms limit is met however slow the
    // machine is.
    try (OllamaClient impatient =
        OllamaClient.builder()
            .nodes(node.baseUrl())
            .maxAttempts(1)
            .healthChecksEnabled(false)
            .streamIdleTimeout(Duration.ofMillis(300))
            .build()) {
      assertThatThrownBy(() -> drainOrThrow(impatient.chatStream(req())))
          .isInstanceOfSatisfying(
              OllamaTransportException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.timeout()).isEqualTo(OllamaTransportException.Timeout.STREAM_IDLE);
                assertThat(e.getMessage()).contains("streamIdleTimeout");
              });
      ConnectionLeaks.assertNoneLeaked(impatient);
    }
  }

  static void drainOrThrow(ResponseStream<ChatResponse> s) {
    try (s) {
      while (s.hasNext()) {
        s.next();
      }
    }
  }

  @Test
  void aggregateAfterTakingChunksIsRefused() {
    try (ResponseStream<ChatResponse> s = client.chatStream(req())) {
      s.next();
      assertThatThrownBy(s::aggregate)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before any chunk");
    }
  }
}
