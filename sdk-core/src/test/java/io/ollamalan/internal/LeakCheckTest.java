package io.ollamalan.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The leak check registered for every test of this module (test resources enable JUnit's extension
 * autodetection) fails a test that leaves a client or a stream open, and only such a test.
 */
class LeakCheckTest {
  static final String MODEL = "llama3.2:latest";
  static FakeOllamaNode node;
  static final List<AutoCloseable> leftOpen = new ArrayList<>();
  static OllamaClient shared;

  @BeforeAll
  static void start() {
    node =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .model(FakeModel.chat(MODEL).replyTokens(20))
            .loaded(MODEL)
            .build()
            .start();
  }

  @AfterEach
  void closeWhatTheSamplesLeft() throws Exception {
    for (AutoCloseable c : leftOpen) {
      c.close();
    }
    leftOpen.clear();
    node.faults().clear();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static OllamaClient client() {
    return OllamaClient.builder().nodes(node.baseUrl()).healthChecksEnabled(false).build();
  }

  static ChatRequest req() {
    return ChatRequest.builder(MODEL).user("hello").build();
  }

  static class LeavesAClientOpen {
    @Test
    void leaves() {
      OllamaClient c = client();
      leftOpen.add(c);
      c.chat(req());
    }
  }

  static class LeavesAStreamOpen {
    @Test
    void leaves() {
      try (OllamaClient c = client()) {
        ResponseStream<ChatResponse> s = c.chatStream(req());
        leftOpen.add(s);
        s.next();
      }
    }
  }

  static class LeavesACallInFlight {
    @Test
    void leaves() {
      node.faults().add(Fault.hang().onPath("/api/chat"));
      CompletableFuture<ChatResponse> call = shared.chatAsync(req());
      leftOpen.add(() -> call.cancel(true));
      await().atMost(Duration.ofSeconds(10)).until(() -> node.inFlight() == 1);
    }
  }

  static class ClosesWhatItOpens {
    @Test
    void closes() {
      try (OllamaClient c = client();
          ResponseStream<ChatResponse> s = c.chatStream(req())) {
        s.next();
      }
    }
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            listener);
    return listener.getSummary();
  }

  @Test
  void failsATestThatLeavesAClientOpen() {
    TestExecutionSummary s = run(LeavesAClientOpen.class);

    assertThat(s.getTestsFailedCount()).isEqualTo(1);
    assertThat(s.getFailures().get(0).getException())
        .hasMessageContaining("client (OllamaClient not closed)");
  }

  @Test
  void failsATestThatLeavesAStreamOpen() {
    TestExecutionSummary s = run(LeavesAStreamOpen.class);

    assertThat(s.getTestsFailedCount()).isEqualTo(1);
    assertThat(s.getFailures().get(0).getException())
        .hasMessageContaining("response stream from node")
        .hasMessageNotContaining("client (OllamaClient not closed)");
  }

  @Test
  void failsATestThatLeavesACallInFlightOnAClientItDidNotOpen() throws Exception {
    try (OllamaClient c = client()) {
      shared = c;
      TestExecutionSummary s = run(LeavesACallInFlight.class);
      closeWhatTheSamplesLeft();

      assertThat(s.getTestsFailedCount()).isEqualTo(1);
      assertThat(s.getFailures().get(0).getException())
          .hasMessageContaining("POST /api/chat from /127.0.0.1:")
          .hasMessageContaining("still in flight on " + node)
          .hasMessageNotContaining("OllamaClient not closed");
    }
  }

  @Test
  void passesATestThatClosesWhatItOpens() {
    TestExecutionSummary s = run(ClosesWhatItOpens.class);

    assertThat(s.getTestsSucceededCount()).isEqualTo(1);
    assertThat(s.getTestsFailedCount()).isZero();
  }
}
