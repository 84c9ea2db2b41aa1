package io.ollamalan.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets that tell the attempt running on the reading thread when bytes arrive: the moment
 * the answer starts, which OkHttp's events do not report (they fire once all headers were read). It
 * starts the response limit and shows whether any byte of the answer was read before a failure.
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
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new MeteredInput(super.getInputStream());
      }
      return in;
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
