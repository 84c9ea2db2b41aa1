package io.ollamalan.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Byte-exact HTTP/1.1 over a plain socket: one request with {@code Connection: close}. */
final class RawHttp {

  /** A parsed response; {@code reset} is true when the connection was reset by the server. */
  static final class Response {
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    String body = "";
    boolean reset;
    boolean chunked;
    boolean complete;

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {}

  static Response exchange(FakeOllamaNode node, String method, String path, String body) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(node.address(), node.port()), 5000);
      s.setSoTimeout(20_000);
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: "
              + node.address().getHostAddress()
              + "\r\nConnection: close\r\n"
              + (body == null
                  ? ""
                  : "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n")
              + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      boolean reset = false;
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          raw.write(buf, 0, n);
        }
      } catch (SocketException e) {
        reset = true;
      }
      Response r = parse(raw.toByteArray(), "HEAD".equals(method));
      r.reset = reset;
      return r;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Response parse(byte[] raw, boolean head) {
    Response r = new Response();
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      return r;
    }
    String[] lines = all.substring(0, end).split("\r\n");
    r.status = Integer.parseInt(lines[0].split(" ")[1]);
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      r.headers.put(
          lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(c + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if (head) {
      r.complete = true;
      return r;
    }
    if ("chunked".equalsIgnoreCase(r.header("transfer-encoding"))) {
      r.chunked = true;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int pos = 0;
      String text = new String(rest, StandardCharsets.ISO_8859_1);
      while (true) {
        int nl = text.indexOf("\r\n", pos);
        if (nl < 0) {
          break;
        }
        int size = Integer.parseInt(text.substring(pos, nl).trim(), 16);
        if (size == 0) {
          r.complete = true;
          break;
        }
        if (nl + 2 + size > rest.length) {
          body.write(rest, nl + 2, rest.length - nl - 2);
          break;
        }
        body.write(rest, nl + 2, size);
        pos = nl + 2 + size + 2;
      }
      r.body = body.toString(StandardCharsets.UTF_8);
    } else {
      r.body = new String(rest, StandardCharsets.UTF_8);
      String len = r.header("content-length");
      r.complete = len != null && Integer.parseInt(len) == rest.length;
    }
    return r;
  }
}
