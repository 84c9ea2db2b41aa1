package io.ollamalan.gateway.internal;

import io.ollamalan.ResponseStream;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Moves one SDK stream to a protocol sink under the sink's flow control: a chunk is read from the
 * node only when the sink is ready for it, so a slow reader holds back the node's HTTP stream
 * (through TCP) instead of making the gateway buffer.
 *
 * <p>Reads block, so they run on the executor, never on a transport thread. {@link #drain()} is
 * called whenever the sink may have become ready; a counter of missed signals makes sure that a
 * signal arriving while a drain runs is not lost and that two drains never run at once. {@link
 * #cancel()} closes the SDK stream, which aborts the node's HTTP call.
 *
 * @param <T> the SDK chunk type
 * @param <P> the protocol chunk type
 */
public final class StreamPump<T, P> {

  private final Supplier<ResponseStream<T>> opener;
  private final Function<? super T, ? extends P> mapper;
  private final ChunkSink<P> sink;
  private final Executor executor;
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicLong pulled = new AtomicLong();
  private volatile @Nullable ResponseStream<T> stream;
  private volatile boolean cancelled;
  private boolean finished;

  StreamPump(
      Supplier<ResponseStream<T>> opener,
      Function<? super T, ? extends P> mapper,
      ChunkSink<P> sink,
      Executor executor) {
    this.opener = opener;
    this.mapper = mapper;
    this.sink = sink;
    this.executor = executor;
  }

  /** Opens the SDK stream on the executor; chunks follow as the sink becomes ready. */
  void start() {
    wip.incrementAndGet();
    executor.execute(this::open);
  }

  private void open() {
    ResponseStream<T> s;
    try {
      s = opener.get();
    } catch (Throwable e) {
      finished = true;
      if (!cancelled) {
        sink.fail(e);
      }
      return;
    }
    stream = s;
    if (cancelled) {
      s.close();
      finished = true;
      return;
    }
    sink.streamOpened(s.nodeId(), s.requestId());
    loop();
  }

  /** The sink may be ready for more: reads and sends until it is not, or the stream ends. */
  public void drain() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this::loop);
    }
  }

  private void loop() {
    int missed = 1;
    while (true) {
      pump();
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }

  private void pump() {
    ResponseStream<T> s = stream;
    if (s == null || finished) {
      return;
    }
    try {
      while (!cancelled && sink.isReady()) {
        if (!s.hasNext()) {
          finished = true;
          s.close();
          sink.complete();
          return;
        }
        T chunk = s.next();
        pulled.incrementAndGet();
        sink.send(mapper.apply(chunk));
      }
    } catch (Throwable e) {
      finished = true;
      s.close();
      if (!cancelled) {
        sink.fail(e);
      }
    }
    if (cancelled && !finished) {
      finished = true;
      s.close();
    }
  }

  /** The peer went away or the call was cancelled: aborts the node's stream. Idempotent. */
  public void cancel() {
    cancelled = true;
    ResponseStream<T> s = stream;
    if (s != null) {
      s.close();
    }
  }

  /** Chunks read from the SDK stream so far. */
  public long pulled() {
    return pulled.get();
  }
}
