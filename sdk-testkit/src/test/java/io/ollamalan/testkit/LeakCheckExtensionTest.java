package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class LeakCheckExtensionTest {

  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  @AfterAll
  static void stopLeakedThreads() {
    RELEASE.countDown();
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
}
