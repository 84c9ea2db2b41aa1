package io.ollamalan.internal.discovery;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Sends one DNS query at a time over a socket of its own, UDP first and TCP when the answer is
 * truncated. dnsjava encodes and decodes the messages; its shared NIO selector thread is not used,
 * so closing a source leaves no DNS thread or socket behind.
 */
public final class DnsClient {
  private static final int EDNS_PAYLOAD = 1232;

  private final List<InetSocketAddress> servers;
  private final Duration timeout;

  /**
   * @param servers resolvers to ask in order; empty means the system's ({@code /etc/resolv.conf})
   */
  public DnsClient(List<InetSocketAddress> servers, Duration timeout) {
    this.servers =
        servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : List.copyOf(servers);
    this.timeout = timeout;
  }

  public List<InetSocketAddress> servers() {
    return servers;
  }

  /** Thrown when no resolver gave a usable answer (timeout, SERVFAIL, REFUSED...). */
  public static final class DnsException extends IOException {
    private static final long serialVersionUID = 1L;

    DnsException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Asks for {@code type} records of {@code name}. Returns the answer when its rcode is NOERROR or
   * NXDOMAIN (both say something about the name).
   */
  public Message query(Name name, int type) throws DnsException {
    if (servers.isEmpty()) {
      throw new DnsException("no DNS resolver configured: set one explicitly", null);
    }
    IOException last = null;
    for (InetSocketAddress server : servers) {
      try {
        Message answer = queryOne(server, name, type);
        int rcode = answer.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
          return answer;
        }
        last =
            new IOException(
                server
                    + " answered "
                    + Rcode.string(rcode)
                    + " for "
                    + Type.string(type)
                    + " "
                    + name);
      } catch (IOException e) {
        last = e;
      }
    }
    throw new DnsException(
        "DNS query "
            + Type.string(type)
            + " "
            + name
            + " failed: "
            + (last == null ? "no answer" : last.getMessage()),
        last);
  }

  private Message queryOne(InetSocketAddress server, Name name, int type) throws IOException {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    query.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    byte[] wire = query.toWire();
    int id = query.getHeader().getID();
    Message answer = udp(server, wire, id);
    if (answer.getHeader().getFlag(Flags.TC)) {
      answer = tcp(server, wire, id);
    }
    return answer;
  }

  private Message udp(InetSocketAddress server, byte[] wire, int id) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.send(new DatagramPacket(wire, wire.length));
      byte[] buf = new byte[65535];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("no DNS answer from " + server + " within " + timeout);
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          throw new SocketTimeoutException("no DNS answer from " + server + " within " + timeout);
        }
        byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
        Message m;
        try {
          m = new Message(data);
        } catch (IOException malformed) {
          continue;
        }
        if (m.getHeader().getID() == id) {
          return m;
        }
      }
    }
  }

  private Message tcp(InetSocketAddress server, byte[] wire, int id) throws IOException {
    int ms = (int) Math.max(1, timeout.toMillis());
    try (Socket socket = new Socket()) {
      socket.connect(server, ms);
      socket.setSoTimeout(ms);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] data = new byte[in.readUnsignedShort()];
      in.readFully(data);
      Message m = new Message(data);
      if (m.getHeader().getID() != id) {
        throw new IOException("DNS answer over TCP from " + server + " has the wrong id");
      }
      return m;
    }
  }
}
