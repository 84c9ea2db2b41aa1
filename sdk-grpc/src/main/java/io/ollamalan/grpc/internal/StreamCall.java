package io.ollamalan.grpc.internal;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.LeakRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A server-streaming call as a {@link ResponseStream}. Flow control follows the reader: one message
 * is requested from gRPC per chunk taken, so a slow reader makes the gateway wait instead of
 * buffering in this client. Closing before the end cancels the call.
 */
final class StreamCall<Q, P, T> implements ResponseStream<T> {
  private static final Object NONE = new Object();

  private final CallSetup setup;
  private final ClientCall<Q, P> call;
  private final Attempts attempts;
  private final Function<P, T> mapper;
  private final Function<List<T>, T> aggregator;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile @Nullable Metadata headers;
  private volatile boolean canceledByCaller;
  private volatile boolean finished;
  private Object next = NONE;
  private int taken;
  private @Nullable String gateway;

  private StreamCall(
      CallSetup setup,
      MethodDescriptor<Q, P> method,
      Function<P, T> mapper,
      Function<List<T>, T> aggregator) {
    this.setup = setup;
    this.attempts = new Attempts(setup.tracker);
    this.call = setup.newCall(method, attempts);
    this.mapper = mapper;
    this.aggregator = aggregator;
  }

  /** Starts the call and waits for its first chunk (or its failure), like the HTTP client. */
  static <Q, P, T> StreamCall<Q, P, T> start(
      CallSetup setup,
      MethodDescriptor<Q, P> method,
      Q request,
      Function<P, T> mapper,
      Function<List<T>, T> aggregator) {
    StreamCall<Q, P, T> s = new StreamCall<>(setup, method, mapper, aggregator);
    LeakRegistry.opened(s, "response stream (request " + setup.requestId + ")");
    try {
      s.call.start(s.new Listener(), setup.headers());
      s.call.request(1);
      s.call.sendMessage(request);
      s.call.halfClose();
      // Blocks until the first message (or failure) so that a failed call throws here.
      var unused = s.hasNext();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  @Override
  public String nodeId() {
    return setup.nodeId(headers);
  }

  @Override
  public String requestId() {
    return setup.requestId;
  }

  @Override
  public boolean hasNext() {
    if (next != NONE) {
      return true;
    }
    if (finished) {
      return false;
    }
    Object o;
    try {
      o = queue.take();
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw io.ollamalan.internal.Errors.canceled(nodeId(), setup.requestId, e);
    }
    if (o instanceof Closed c) {
      finished = true;
      LeakRegistry.closed(this);
      if (!c.status.isOk()) {
        throw setup.error(c.status, headers, c.trailers, canceledByCaller, taken > 0);
      }
      return false;
    }
    @SuppressWarnings("unchecked")
    P message = (P) o;
    try {
      next = mapper.apply(message);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    call.request(1);
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    @SuppressWarnings("unchecked")
    T t = (T) next;
    next = NONE;
    taken++;
    return t;
  }

  @Override
  public T aggregate() {
    if (taken > 0) {
      throw new IllegalStateException(
          "aggregate() needs the whole stream, but " + taken + " chunks were already taken");
    }
    try {
      List<T> all = new ArrayList<>();
      while (hasNext()) {
        all.add(next());
      }
      return aggregator.apply(all);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (!finished) {
      canceledByCaller = true;
      finished = true;
      call.cancel("closed by the caller", new CancellationException());
      LeakRegistry.closed(this);
    }
  }

  private record Closed(Status status, Metadata trailers) {}

  private final class Listener extends ClientCall.Listener<P> {
    @Override
    public void onHeaders(Metadata h) {
      headers = h;
      gateway = setup.gatewayOf(call);
      setup.tracker.started(gateway);
    }

    @Override
    public void onMessage(P message) {
      queue.add(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (gateway == null) {
        gateway = setup.gatewayOf(call);
        setup.tracker.started(gateway);
      }
      setup.tracker.ended(gateway, attempts.lastLostConnection());
      queue.add(new Closed(status, trailers));
    }
  }
}
