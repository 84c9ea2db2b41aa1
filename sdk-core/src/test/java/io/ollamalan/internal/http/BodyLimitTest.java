package io.ollamalan.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.OllamaClientBuilder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default limits hold in a small heap: a client at {@code -Xmx128m} decodes the largest body
 * and stream line the defaults accept, and refuses one just over either limit with a typed error,
 * never an {@link OutOfMemoryError}.
 */
@Timeout(240)
class BodyLimitTest {
  static final String HEAD =
      "{\"model\":\"m\",\"created_at\":\"2024-01-01T00:00:00Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"";
  static final String TAIL = "\"},\"done\":true}";
  static final String STREAM_TAIL = "\"},\"done\":false}\n";

  /** The length of content that makes a whole body (or line) {@code size} bytes long. */
  static long contentFor(long size, String tail) {
    return size - HEAD.length() - tail.length();
  }

  @Test
  void defaultLimitsHoldInA128MegabyteHeap() throws Exception {
    long body = OllamaClientBuilder.DEFAULT_MAX_BODY_BYTES;
    long line = OllamaClientBuilder.DEFAULT_MAX_LINE_BYTES;
    long under = contentFor(body - 1024, TAIL);
    long over = contentFor(body + 1024, TAIL);
    long lineUnder = contentFor(line - 1024, STREAM_TAIL);
    long lineOver = contentFor(line + 1024, STREAM_TAIL);
    try (HostileServer server =
        new HostileServer(
            (n, head, out, socket) -> {
              long content;
              switch (n) {
                case 1 -> content = under;
                case 2 -> content = over;
                case 3 -> content = lineUnder;
                default -> content = lineOver;
              }
              if (n <= 2) {
                serveBody(out, content);
              } else {
                serveStream(out, content);
              }
              // Each answer on a connection of its own: a refused body leaves its connection dead.
              return false;
            })) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx128m");
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(BodyLimitProbe.class.getName());
      cmd.add(server.baseUrl());
      cmd.addAll(List.of("body-under", "body-over", "stream-under", "stream-over"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      List<String> lines = out.lines().filter(l -> l.matches("^(ok|error|fatal) .*")).toList();
      assertThat(lines)
          .as("probe output:%n%s", out)
          .containsExactly(
              "ok " + under,
              "error PROTOCOL TOO_LARGE",
              "ok " + lineUnder,
              "error PROTOCOL TOO_LARGE");
      assertThat(p.exitValue()).as("probe output:%n%s", out).isZero();
    }
  }

  private static void serveBody(OutputStream raw, long content) throws IOException {
    OutputStream out = new BufferedOutputStream(raw, 64 * 1024);
    long length = HEAD.length() + content + TAIL.length();
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: "
                + length
                + "\r\n\r\n"
                + HEAD)
            .getBytes(StandardCharsets.US_ASCII));
    writeContent(out, content);
    out.write(TAIL.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void serveStream(OutputStream raw, long content) throws IOException {
    OutputStream out = new BufferedOutputStream(raw, 64 * 1024);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n"
                + HEAD)
            .getBytes(StandardCharsets.US_ASCII));
    writeContent(out, content);
    out.write(STREAM_TAIL.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void writeContent(OutputStream out, long n) throws IOException {
    byte[] block = new byte[64 * 1024];
    java.util.Arrays.fill(block, (byte) 'x');
    while (n > 0) {
      int k = (int) Math.min(block.length, n);
      out.write(block, 0, k);
      n -= k;
    }
  }
}
