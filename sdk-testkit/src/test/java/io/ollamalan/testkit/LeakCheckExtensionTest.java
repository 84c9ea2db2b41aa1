package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class LeakCheckExtensionTest {

  private static final CountDownLatch RELEASE = new CountDownLatch(1);
  private static final List<AutoCloseable> LEFT_OPEN = new ArrayList<>();
  private static FakeOllamaNode node;

  @BeforeAll
  static void startNode() {
    node = FakeOllamaNode.builder().build().start();
  }

  @AfterEach
  void closeWhatTheSamplesLeft() throws Exception {
    for (AutoCloseable c : LEFT_OPEN) {
      c.close();
    }
    LEFT_OPEN.clear();
    node.faults().clear();
  }

  @AfterAll
  static void stopLeakedThreads() {
    RELEASE.countDown();
    node.close();
  }

  /** A connection to the shared node, open once the node has accepted it. */
  private static Socket connect() throws IOException {
    int before = node.openConnections();
    Socket s = new Socket();
    s.connect(new InetSocketAddress(node.address(), node.port()), 5000);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.openConnections() > before);
    return s;
  }

  private static Thread sdkThread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void parkUntilReleased() {
    try {
      RELEASE.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class LeaksAThread {
    @Test
    void leaves() {
      sdkThread("ollamalan-async-leaked", LeakCheckExtensionTest::parkUntilReleased);
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class StopsItsThread {
    @Test
    void stops() throws InterruptedException {
      CountDownLatch go = new CountDownLatch(1);
      sdkThread(
          "ollama-lan-health-1",
          () -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      // Released after the test method returned: the extension must wait for it, not fail.
      sdkThread("ollama-lan-helper", go::countDown);
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class LeavesSomeoneElsesThread {
    @Test
    void leaves() {
      sdkThread("unrelated-worker", LeakCheckExtensionTest::parkUntilReleased);
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class LeaksOnPurpose {
    @Test
    @AllowLeaks("the point of this sample")
    void leaves() {
      sdkThread("ollamalan-fleet-op-leaked", LeakCheckExtensionTest::parkUntilReleased);
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class LeavesANodeRunning {
    @Test
    void leaves() {
      LEFT_OPEN.add(FakeOllamaNode.builder().build().start());
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class LeavesACallInFlight {
    @Test
    void leaves() throws IOException {
      node.faults().add(Fault.hang().onPath("/api/tags"));
      Socket s = connect();
      LEFT_OPEN.add(s);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /api/tags HTTP/1.1\r\nHost: " + node.address().getHostAddress() + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> node.inFlight() == 1);
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class LeavesAConnectionOpen {
    @Test
    void leaves() throws IOException {
      LEFT_OPEN.add(connect());
    }
  }

  @ExtendWith(LeakCheckExtension.class)
  static class ClosesItsConnection {
    @Test
    void closes() throws IOException {
      try (Socket s = connect()) {
        s.getOutputStream().flush();
      }
    }
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
        listener);
    return listener.getSummary();
  }

  @Test
  void failsATestThatLeavesAnSdkThreadRunning() {
    TestExecutionSummary s = run(LeaksAThread.class);

    assertThat(s.getTestsFailedCount()).isEqualTo(1);
    assertThat(s.getFailures().get(0).getException())
        .hasMessageContaining("thread ollamalan-async-leaked")
        .hasMessageContaining("@AllowLeaks");
  }

  @Test
  void waitsForThreadsThatStopShortlyAfterTheTest() {
    TestExecutionSummary s = run(StopsItsThread.class);

    assertThat(s.getTestsSucceededCount()).isEqualTo(1);
    assertThat(s.getTestsFailedCount()).isZero();
  }

  @Test
  void ignoresThreadsTheSdkDidNotName() {
    TestExecutionSummary s = run(LeavesSomeoneElsesThread.class);

    assertThat(s.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void letsAnAnnotatedTestLeaveThingsOpen() {
    TestExecutionSummary s = run(LeaksOnPurpose.class);

    assertThat(s.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void failsATestThatLeavesAFakeNodeRunning() {
    TestExecutionSummary s = run(LeavesANodeRunning.class);

    assertThat(s.getTestsFailedCount()).isEqualTo(1);
    assertThat(s.getFailures().get(0).getException())
        .hasMessageContaining("FakeOllamaNode{127.0.0.1:")
        .hasMessageContaining("not closed");
  }

  @Test
  void failsATestThatLeavesACallInFlightOnAFakeNode() {
    TestExecutionSummary s = run(LeavesACallInFlight.class);

    assertThat(s.getTestsFailedCount()).isEqualTo(1);
    assertThat(s.getFailures().get(0).getException())
        .hasMessageContaining("GET /api/tags from /127.0.0.1:")
        .hasMessageContaining("still in flight on " + node);
  }

  @Test
  void failsATestThatLeavesAConnectionToAFakeNodeOpen() {
    TestExecutionSummary s = run(LeavesAConnectionOpen.class);

    assertThat(s.getTestsFailedCount()).isEqualTo(1);
    assertThat(s.getFailures().get(0).getException())
        .hasMessageContaining("connection from /127.0.0.1:")
        .hasMessageContaining("still open on " + node);
  }

  @Test
  void passesATestThatClosesItsConnection() {
    TestExecutionSummary s = run(ClosesItsConnection.class);

    assertThat(s.getTestsSucceededCount()).isEqualTo(1);
    assertThat(s.getTestsFailedCount()).isZero();
  }
}
