package io.ollamalan.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that answers with whatever bytes a test scripts, to play a node (or a
 * proxy in front of one) that breaks the rules: trickles, lies about lengths, sends huge headers.
 * It records every request it reads and notices when the client goes away.
 */
final class HostileServer implements AutoCloseable {
  /** Answers one request on a connection; returns false to close the connection. */
  @FunctionalInterface
  interface Script {
    boolean answer(int requestNumber, String requestHead, OutputStream out, Socket socket)
        throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch clientLeft = new CountDownLatch(1);
  private final CountDownLatch requestArrived = new CountDownLatch(1);
  private volatile Script script;
  private volatile boolean closed;

  HostileServer(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.acceptor = new Thread(this::accept, "hostile-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  void script(Script s) {
    this.script = s;
  }

  int requests() {
    return requests.get();
  }

  int connections() {
    return connections.get();
  }

  /** Whether the client closed or reset a connection while the script was answering or waiting. */
  boolean awaitClientLeft(long seconds) throws InterruptedException {
    return clientLeft.await(seconds, TimeUnit.SECONDS);
  }

  boolean awaitRequest(long seconds) throws InterruptedException {
    return requestArrived.await(seconds, TimeUnit.SECONDS);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "hostile-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (!closed) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        skipBody(in, head);
        int n = requests.incrementAndGet();
        requestArrived.countDown();
        if (!script.answer(n, head, out, s)) {
          return;
        }
      }
    } catch (IOException e) {
      if (!closed) {
        clientLeft.countDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the client closes the connection (read returns end of stream or fails). */
  void waitForClientToLeave(Socket s) throws IOException {
    s.setSoTimeout(0);
    if (s.getInputStream().read() < 0) {
      clientLeft.countDown();
    }
  }

  /**
   * Closes every connection as a dying process does: {@code current}, the one a script is answering
   * on, with a reset, the others (idle) with a plain close. The server keeps accepting, as a node
   * that restarts at once.
   */
  void crash(Socket current) throws IOException {
    for (Socket s : sockets) {
      if (s == current) {
        s.setSoLinger(true, 0);
      }
      s.close();
    }
  }

  /** Writes {@code bytes} one at a time with {@code gapMillis} between them. */
  static void trickle(OutputStream out, byte[] bytes, long gapMillis)
      throws IOException, InterruptedException {
    for (byte b : bytes) {
      out.write(b);
      out.flush();
      Thread.sleep(gapMillis);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      buf.write(b);
      state =
          (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
              ? state + 1
              : (b == '\r' ? 1 : 0);
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        long n = Long.parseLong(line.substring(15).trim());
        while (n > 0) {
          long k = in.skip(n);
          if (k <= 0) {
            if (in.read() < 0) {
              return;
            }
            k = 1;
          }
          n -= k;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
