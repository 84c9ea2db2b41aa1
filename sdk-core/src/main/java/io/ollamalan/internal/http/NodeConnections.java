package io.ollamalan.internal.http;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The connections of one node in the client's shared pool, as OkHttp's connection events tell them:
 * how many the node holds and how many are idle, and the eviction of the node's idle ones alone
 * when the node fails.
 *
 * <p>All nodes share one OkHttp pool: OkHttp runs a pool's cleanup on one of its own threads after
 * every release, and one pool per node woke those threads three times as often on three nodes.
 * OkHttp's pool has no public way to close the connections of one address, so an idle connection is
 * evicted by closing its socket: the pool finds it closed before it hands it to a call. A call can
 * still take it in the instant before: the pool hands a connection out before the call's listener
 * hears of it. An idle connection is therefore claimed for eviction first ({@link Use#calls} set
 * from 0 to {@link #EVICTED}), and a call that hears of a connection claimed so closes it itself
 * before it writes anything: its write then fails with nothing of the request sent, and the node
 * client sends the request again on another connection, as for any kept-alive connection the node
 * had closed. Without the claim, the socket could close under a request already written, a failure
 * that is neither safe to resend nor the node's fault.
 *
 * <p>This is the node client's {@link EventListener.Factory}: an attempt's own listener (its {@link
 * AttemptTracker}) reports the connection it gets; calls without one (health checks) get a listener
 * that reports only that.
 */
public final class NodeConnections implements EventListener.Factory {
  /** {@link Use#calls} of an idle connection claimed for eviction: no call may use it. */
  private static final int EVICTED = Integer.MIN_VALUE;

  private final int maxIdle;

  /**
   * Keyed by the connection's socket, not by the connection: OkHttp locks a connection with {@code
   * synchronized} many times a call, and the identity hash of an object locked at that moment costs
   * the JVM a monitor inflation. Sockets are locked only inside their own short methods.
   */
  private final Map<Socket, Use> live = new ConcurrentHashMap<>();

  private final EventListener untracked =
      new EventListener() {
        @Override
        public void connectionAcquired(Call call, Connection connection) {
          acquired(connection);
        }

        @Override
        public void connectionReleased(Call call, Connection connection) {
          released(connection, null);
        }
      };

  /**
   * @param maxIdle idle connections kept for the node; the oldest idle ones beyond are closed
   */
  public NodeConnections(int maxIdle) {
    this.maxIdle = maxIdle;
  }

  /**
   * The node's connections behind {@code client}, or null when its listener factory is not one (a
   * client not built by {@link Transport#forNode}).
   */
  public static @Nullable NodeConnections of(OkHttpClient client) {
    EventListener.Factory f = client.eventListenerFactory();
    if (f instanceof NodeConnections n) {
      return n;
    }
    return f instanceof WithUserListener w ? w.connections : null;
  }

  /**
   * Closes the idle connections {@code client} holds for its node: those of the node alone when the
   * client was built by {@link Transport#forNode}, else every idle connection of its pool.
   */
  public static void evictIdle(OkHttpClient client) {
    NodeConnections n = of(client);
    if (n != null) {
      n.evictIdle();
    } else {
      client.connectionPool().evictAll();
    }
  }

  @Override
  public EventListener create(Call call) {
    AttemptTracker t = call.request().tag(AttemptTracker.class);
    if (t != null) {
      t.connections(this);
      return t;
    }
    return untracked;
  }

  /** This factory's listeners, each followed by the one {@code user}'s factory makes. */
  EventListener.Factory followedBy(EventListener.Factory user) {
    return new WithUserListener(this, user);
  }

  /**
   * A call got {@code connection}; returns its entry, to be handed back to {@link #released}, or
   * null when the connection was evicted and forgotten before the call heard of it.
   */
  @Nullable Use acquired(Connection connection) {
    Socket socket = connection.socket();
    Use use = live.get(socket);
    if (use == null) {
      if (socket.isClosed()) {
        return null; // evicted and forgotten before this call heard of it: its write fails unsent
      }
      // Counted as in use from the start: an eviction must never see a new connection idle.
      Use fresh = new Use(connection, 1);
      use = live.putIfAbsent(socket, fresh);
      if (use == null) {
        // A new connection: forget the closed ones, so the map holds no more than the node's
        // connections of the moment and those closed since the last new one.
        pruneClosed();
        return fresh;
      }
    }
    if (use.calls.incrementAndGet() < 0) {
      // Claimed for eviction just before the pool handed it to this call, and perhaps not closed
      // yet: close it now (a socket's close waits for one under way), so that this call writes
      // nothing to it and sends its request again elsewhere.
      close(connection);
    }
    return use;
  }

  /**
   * A call gave {@code connection} back; {@code use} is what {@link #acquired} returned for it, or
   * null to look it up.
   */
  void released(Connection connection, @Nullable Use use) {
    if (use == null) {
      use = live.get(connection.socket());
      if (use == null) {
        return;
      }
    }
    if (use.calls.decrementAndGet() <= 0) {
      use.idleSince = System.nanoTime();
      if (live.size() > maxIdle) {
        trimIdle();
      }
    }
  }

  /** The node's open connections, idle or in use. */
  public int connectionCount() {
    pruneClosed();
    return live.size();
  }

  /** The node's open connections that no call uses. */
  public int idleConnectionCount() {
    int n = 0;
    for (Map.Entry<Socket, Use> e : live.entrySet()) {
      if (e.getValue().calls.get() <= 0 && !e.getKey().isClosed()) {
        n++;
      }
    }
    return n;
  }

  /** Closes the node's idle connections: its calls connect afresh from now on. */
  public void evictIdle() {
    for (Use use : live.values()) {
      evict(use);
    }
  }

  /** Closes and forgets the connection if no call uses it; false if one does. */
  private boolean evict(Use use) {
    int calls = use.calls.get();
    if (calls > 0 || (calls != EVICTED && !use.calls.compareAndSet(calls, EVICTED))) {
      return false;
    }
    close(use.connection);
    live.remove(use.connection.socket(), use);
    return true;
  }

  /** Closes the longest idle connections beyond {@code maxIdle}. */
  private void trimIdle() {
    List<Use> idle = new ArrayList<>();
    for (Map.Entry<Socket, Use> e : live.entrySet()) {
      if (e.getKey().isClosed()) {
        live.remove(e.getKey());
      } else if (e.getValue().calls.get() <= 0) {
        idle.add(e.getValue());
      }
    }
    int excess = idle.size() - maxIdle;
    if (excess <= 0) {
      return;
    }
    idle.sort(Comparator.comparingLong(u -> u.idleSince));
    for (int i = 0; i < excess; i++) {
      evict(idle.get(i));
    }
  }

  private void pruneClosed() {
    live.keySet().removeIf(Socket::isClosed);
  }

  private static void close(Connection c) {
    Socket s = c.socket();
    try {
      s.close();
    } catch (IOException e) {
      // Closed either way; nothing to report about a connection being dropped.
    }
  }

  @Override
  public String toString() {
    return "NodeConnections{open=" + live.size() + ", maxIdle=" + maxIdle + "}";
  }

  /** How many calls use a connection, and since when none has. */
  static final class Use {
    final Connection connection;
    final AtomicInteger calls;
    volatile long idleSince;

    Use(Connection connection, int calls) {
      this.connection = connection;
      this.calls = new AtomicInteger(calls);
    }
  }

  /** The node's listeners and those of a factory the application set on the client. */
  private static final class WithUserListener implements EventListener.Factory {
    final NodeConnections connections;
    private final EventListener.Factory user;

    WithUserListener(NodeConnections connections, EventListener.Factory user) {
      this.connections = connections;
      this.user = user;
    }

    @Override
    public EventListener create(Call call) {
      return connections.create(call).plus(user.create(call));
    }
  }
}
