package io.ollamalan.grpc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay on loopback in front of a gRPC server that plays a gateway process dying at a chosen
 * point of a call, as a crash or {@code kill -9} does: no GOAWAY, no RST_STREAM, its connections
 * end (FIN) and its port refuses new ones.
 *
 * <p>The relay reads the server's side frame by frame (HTTP/2 frames: 9-byte header, then the
 * payload). With {@link #diesAfterResponseHeaders()} it dies right after it relayed a HEADERS frame
 * that does not end its stream, i.e. a call's response headers without its answer (a trailers-only
 * status, such as the health service's UNIMPLEMENTED, ends its stream and does not count). TCP
 * delivers those headers to the client before the end of the connection, so the client always sees
 * headers first, then the connection die.
 *
 * <p>A relay made {@link #closed()} accepts connections but relays nothing until {@link #open()}:
 * the client's connection to it stays CONNECTING (no HTTP/2 SETTINGS), so gRPC sends no call there
 * until then.
 */
final class DyingGatewayProxy implements AutoCloseable {
  private static final int FRAME_HEADER_BYTES = 9;
  private static final int TYPE_HEADERS = 0x1;
  private static final int FLAG_END_STREAM = 0x1;

  private final InetSocketAddress target;
  private final boolean dieAfterHeaders;
  private final ServerSocket listener;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final Set<Socket> servers = ConcurrentHashMap.newKeySet();
  private final CountDownLatch opened;
  private final CountDownLatch died = new CountDownLatch(1);
  private volatile Runnable onDeath = () -> {};

  private DyingGatewayProxy(int targetPort, boolean dieAfterHeaders, boolean open)
      throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.dieAfterHeaders = dieAfterHeaders;
    this.opened = new CountDownLatch(open ? 0 : 1);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "dying-proxy-accept-" + listener.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** Relays to the server on {@code port} until it relayed a call's response headers, then dies. */
  static Builder to(int port) {
    return new Builder(port);
  }

  static final class Builder {
    private final int port;
    private boolean dieAfterHeaders;
    private boolean open = true;

    private Builder(int port) {
      this.port = port;
    }

    Builder diesAfterResponseHeaders() {
      dieAfterHeaders = true;
      return this;
    }

    Builder closed() {
      open = false;
      return this;
    }

    DyingGatewayProxy start() throws IOException {
      return new DyingGatewayProxy(port, dieAfterHeaders, open);
    }
  }

  String address() {
    return "grpc://127.0.0.1:" + listener.getLocalPort();
  }

  /** Runs when the relay dies, on the relay's thread, before the client can see it. */
  void onDeath(Runnable r) {
    onDeath = r;
  }

  /** Starts relaying the connections accepted so far and all later ones. */
  void open() {
    opened.countDown();
  }

  boolean hasDied() {
    return died.getCount() == 0;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      clients.add(client);
      Thread t = new Thread(() -> relay(client), "dying-proxy-" + client.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private void relay(Socket client) {
    try {
      opened.await();
      if (hasDied() || client.isClosed()) {
        client.close();
        return;
      }
      Socket server = new Socket(target.getAddress(), target.getPort());
      servers.add(server);
      Thread up = new Thread(() -> copy(client, server), "dying-proxy-up-" + client.getPort());
      up.setDaemon(true);
      up.start();
      relayFrames(server, client);
    } catch (IOException e) {
      closeQuietly(client);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(client);
    }
  }

  private void relayFrames(Socket server, Socket client) throws IOException {
    DataInputStream in = new DataInputStream(server.getInputStream());
    OutputStream out = client.getOutputStream();
    byte[] header = new byte[FRAME_HEADER_BYTES];
    while (true) {
      in.readFully(header);
      int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
      byte[] payload = new byte[length];
      in.readFully(payload);
      out.write(header);
      out.write(payload);
      out.flush();
      boolean responseHeaders =
          (header[3] & 0xff) == TYPE_HEADERS && (header[4] & FLAG_END_STREAM) == 0;
      if (dieAfterHeaders && responseHeaders) {
        die();
        return;
      }
    }
  }

  /**
   * Client to server; the client's socket stays open so that nothing it sent is answered by RST.
   */
  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The other direction or close() ended the connection.
    }
    closeQuietly(to);
  }

  /**
   * The gateway process is gone: its port refuses connections, and its connections end after what
   * was relayed (FIN, not RST: a reset could drop the relayed headers before the client read them).
   */
  private void die() {
    closeQuietly(listener);
    died.countDown();
    onDeath.run();
    for (Socket s : clients) {
      try {
        s.shutdownOutput();
      } catch (IOException e) {
        // Already closed.
      }
    }
    for (Socket s : servers) {
      closeQuietly(s);
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    opened.countDown();
    for (Socket s : clients) {
      closeQuietly(s);
    }
    for (Socket s : servers) {
      closeQuietly(s);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
