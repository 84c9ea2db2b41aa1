package io.ollamalan.internal.http;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Plain sockets that tell the attempt running on the reading thread when bytes arrive: the moment
 * the answer starts, which OkHttp's events do not report (they fire once all headers were read). It
 * starts the response limit and shows whether any byte of the answer was read before a failure.
 * Writes are put under the attempt's write limit, which the {@link Watchdog} enforces.
 */
final class MeteredSocketFactory extends SocketFactory {
  @Override
  public Socket createSocket() {
    return new MeteredSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = new MeteredSocket();
    s.connect(new java.net.InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket s = new MeteredSocket();
    s.bind(new java.net.InetSocketAddress(localHost, localPort));
    s.connect(new java.net.InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = new MeteredSocket();
    s.connect(new java.net.InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket s = new MeteredSocket();
    s.bind(new java.net.InetSocketAddress(localAddress, localPort));
    s.connect(new java.net.InetSocketAddress(address, port));
    return s;
  }

  private static final class MeteredSocket extends Socket {
    private @Nullable InputStream in;
    private @Nullable OutputStream out;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new MeteredInput(super.getInputStream());
      }
      return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = new MeteredOutput(super.getOutputStream());
      }
      return out;
    }
  }

  /** Puts each blocking write under the attempt's write limit (see AttemptTracker#enterWrite). */
  private static final class MeteredOutput extends FilterOutputStream {
    MeteredOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      AttemptTracker t = AttemptTracker.enterWrite();
      boolean written = false;
      try {
        out.write(b);
        written = true;
      } finally {
        if (t != null) {
          t.exitWrite(written);
        }
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      AttemptTracker t = AttemptTracker.enterWrite();
      boolean written = false;
      try {
        out.write(b, off, len);
        written = true;
      } finally {
        if (t != null) {
          t.exitWrite(written);
        }
      }
    }
  }

  private static final class MeteredInput extends FilterInputStream {
    MeteredInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        AttemptTracker.onBytes();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        AttemptTracker.onBytes();
      }
      return n;
    }
  }
}
