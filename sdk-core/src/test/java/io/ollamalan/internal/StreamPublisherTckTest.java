package io.ollamalan.internal;

import io.ollamalan.CallOptions;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.http.CallContext;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

/**
 * The Reactive Streams TCK (TestNG, run by the JUnit Platform's TestNG engine) against the
 * publisher behind {@code chatPublisher} and {@code generatePublisher}, over streams that count to
 * n. The timeouts bound how long the TCK waits for a signal that should come; a slow machine makes
 * them wait longer, never fail.
 */
public class StreamPublisherTckTest extends FlowPublisherVerification<Long> {

  private final ExecutorService executor = Executors.newCachedThreadPool();

  public StreamPublisherTckTest() {
    super(new TestEnvironment(5_000, 100));
  }

  @AfterClass
  public void shutDown() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return new StreamPublisher<>(
        () -> new CallContext(CallOptions.DEFAULT, 0, System.nanoTime()),
        ctx -> new Counting(elements),
        executor);
  }

  /**
   * None: a call starts on the first {@code request(n)}, so a failure to reach a node is signalled
   * after a request, never before (the TCK's error-state tests expect it without one).
   */
  @Override
  public Flow.@Nullable Publisher<Long> createFailedFlowPublisher() {
    return null;
  }

  @Override
  public long maxElementsFromPublisher() {
    return 1_000;
  }

  /** A stream of 0..n-1 that records being closed. */
  private static final class Counting implements ResponseStream<Long> {
    private final long size;
    private long next;
    private final AtomicBoolean closed = new AtomicBoolean();

    Counting(long size) {
      this.size = size;
    }

    @Override
    public boolean hasNext() {
      return !closed.get() && next < size;
    }

    @Override
    public Long next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return next++;
    }

    @Override
    public String nodeId() {
      return "n1";
    }

    @Override
    public String requestId() {
      return "r1";
    }

    @Override
    public Long aggregate() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
