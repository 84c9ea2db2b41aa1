package io.ollamalan.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP attempt: how far it got, so that a failure can be classified (a timeout while connecting
 * is not a timeout waiting for the first byte; a connection closed before any answer byte is safe
 * to resend), and the limits the {@link Watchdog} enforces while a thread blocks on it (the calling
 * thread's interrupt, the response limit once the first byte arrived, the idle limit between two
 * stream chunks). Attached to the request as a tag and returned by the client's {@link
 * EventListener.Factory}.
 */
final class AttemptTracker extends EventListener {
  static final int CREATED = 0;
  static final int CONNECTING = 1;
  static final int CONNECTED = 2;
  static final int REQUEST_SENT = 3;
  static final int HEADERS_RECEIVED = 4;

  /** Why the watchdog aborted the attempt. */
  static final int NOT_FIRED = 0;

  static final int INTERRUPTED = 1;
  static final int RESPONSE_TIMEOUT = 2;
  static final int IDLE_TIMEOUT = 3;
  static final int WRITE_TIMEOUT = 4;

  static final EventListener.Factory FACTORY =
      call -> {
        AttemptTracker t = call.request().tag(AttemptTracker.class);
        return t != null ? t : EventListener.NONE;
      };

  /** The attempt whose blocking read runs on this thread, for the socket's byte hook. */
  private static final ThreadLocal<AttemptTracker> CURRENT = new ThreadLocal<>();

  private final LongSupplier ticker;
  private final long responseLimitNanos;
  private final long writeLimitNanos;
  private volatile int phase = CREATED;
  private volatile boolean connected;
  private volatile boolean tls;
  private volatile boolean answerStarted;
  private volatile boolean requestWritten;
  private @Nullable Call call;
  private @Nullable NodeConnections connections;
  // The connection's entry in the node's connections, from its acquisition to its release.
  private NodeConnections.@Nullable Use use;

  /**
   * The watchdog keeps its attempts in a hash set. An identity hash is drawn by the JVM on an
   * object's first hashCode, out of line: a per-attempt cost a field drawn here does not have.
   */
  private final int hash = ThreadLocalRandom.current().nextInt();

  // Written by the blocked thread, read by the watchdog.
  private volatile @Nullable Thread waiter;
  private volatile long deadlineNanos = Long.MAX_VALUE;
  private volatile int deadlineKind;
  private volatile int fired = NOT_FIRED;

  /**
   * @param writeLimitNanos how long one write of the request to the socket may block, 0 for no
   *     limit
   * @param responseLimitNanos how long the answer may take once its first byte arrived (headers
   *     included), 0 for no limit
   */
  AttemptTracker(LongSupplier ticker, long responseLimitNanos, long writeLimitNanos) {
    this.ticker = ticker;
    this.responseLimitNanos = responseLimitNanos;
    this.writeLimitNanos = writeLimitNanos;
  }

  void call(Call call) {
    this.call = call;
  }

  /** The node's connections, told of the connection the attempt gets and gives back. */
  void connections(NodeConnections connections) {
    this.connections = connections;
  }

  int phase() {
    return phase;
  }

  boolean requestSent() {
    return phase >= REQUEST_SENT;
  }

  /** Whether the attempt ran on a kept-alive connection from the pool (no connect of its own). */
  boolean reusedConnection() {
    return phase >= CONNECTED && !connected;
  }

  /**
   * Whether a write of this attempt to the socket returned, so that the node may have received part
   * of the request.
   */
  boolean requestWritten() {
    return requestWritten;
  }

  /** Whether any byte of the answer was read from the socket (plain http only; see onBytes). */
  boolean answerStarted() {
    return answerStarted;
  }

  /** Why the watchdog aborted the attempt, {@link #NOT_FIRED} if it did not. */
  int fired() {
    return fired;
  }

  /** The calling thread blocks on the attempt from now on: watch its interrupt and limits. */
  void enter(Watchdog watchdog) {
    waiter = Thread.currentThread();
    CURRENT.set(this);
    watchdog.watch(this);
  }

  /**
   * The calling thread waits for the next stream chunk, at most {@code idleNanos}. The stream is
   * watched for its whole life (see {@link Watchdog#watch}), so a chunk costs two field writes.
   */
  void enterChunkWait(long idleNanos) {
    deadlineKind = IDLE_TIMEOUT;
    deadlineNanos = ticker.getAsLong() + idleNanos;
    waiter = Thread.currentThread();
  }

  /** The chunk arrived (or the wait failed). */
  void exitChunkWait() {
    waiter = null;
    deadlineNanos = Long.MAX_VALUE;
  }

  /** The calling thread no longer blocks on the attempt. */
  void exit(Watchdog watchdog) {
    watchdog.unwatch(this);
    waiter = null;
    deadlineNanos = Long.MAX_VALUE;
    if (CURRENT.get() == this) {
      // Not remove(): it clears the map's weak entry through a native call, for every attempt.
      CURRENT.set(null);
    }
  }

  /** Equality stays identity (Object's equals): only the hash is drawn here. */
  @Override
  public int hashCode() {
    return hash;
  }

  /** Bytes arrived on the socket of the attempt running on this thread. */
  static void onBytes() {
    AttemptTracker t = CURRENT.get();
    // Over TLS the first bytes after the request may be a session ticket or a close_notify, not
    // the answer: there the answer starts with its headers instead.
    if (t != null && !t.answerStarted && !t.tls && t.phase >= REQUEST_SENT) {
      t.answerStarted = true;
      t.armResponseLimit();
    }
  }

  /**
   * A write to the socket of the attempt running on this thread starts, or null when no attempt
   * runs on it. The write limit is kept here, not by okio: okio times every socket write with a
   * process-wide lock and, when a write's limit is shorter than the pending reads' (60 s against 10
   * minutes), wakes its timeout thread for every request.
   */
  static @Nullable AttemptTracker enterWrite() {
    AttemptTracker t = CURRENT.get();
    if (t != null && t.writeLimitNanos > 0 && t.deadlineNanos == Long.MAX_VALUE) {
      t.deadlineKind = WRITE_TIMEOUT;
      t.deadlineNanos = t.ticker.getAsLong() + t.writeLimitNanos;
    }
    return t;
  }

  /**
   * The write started by {@link #enterWrite} returned ({@code written}) or failed.
   *
   * @param written whether the bytes were handed to the socket
   */
  void exitWrite(boolean written) {
    if (written && !requestWritten) {
      requestWritten = true;
    }
    if (deadlineKind == WRITE_TIMEOUT) {
      deadlineNanos = Long.MAX_VALUE;
    }
  }

  private void armResponseLimit() {
    if (responseLimitNanos > 0 && deadlineNanos == Long.MAX_VALUE) {
      deadlineKind = RESPONSE_TIMEOUT;
      deadlineNanos = ticker.getAsLong() + responseLimitNanos;
    }
  }

  /** Called by the watchdog: aborts the attempt if its thread was interrupted or a limit passed. */
  void check() {
    Thread t = waiter;
    if (t == null || fired != NOT_FIRED) {
      return;
    }
    if (t.isInterrupted()) {
      fire(INTERRUPTED);
    } else if (deadlineNanos != Long.MAX_VALUE && ticker.getAsLong() - deadlineNanos >= 0) {
      fire(deadlineKind);
    }
  }

  private void fire(int why) {
    fired = why;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    phase = CONNECTING;
    connected = true;
  }

  @Override
  public void connectionAcquired(Call call, okhttp3.Connection connection) {
    tls = connection.handshake() != null;
    phase = CONNECTED;
    NodeConnections n = connections;
    if (n != null) {
      use = n.acquired(connection);
    }
  }

  @Override
  public void connectionReleased(Call call, okhttp3.Connection connection) {
    NodeConnections n = connections;
    NodeConnections.Use u = use;
    use = null;
    if (n != null) {
      n.released(connection, u);
    }
  }

  @Override
  public void requestHeadersEnd(Call call, okhttp3.Request request) {
    phase = REQUEST_SENT;
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    phase = HEADERS_RECEIVED;
    answerStarted = true;
    armResponseLimit();
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    // Phase is what matters; the failure itself is classified by the caller.
  }
}
