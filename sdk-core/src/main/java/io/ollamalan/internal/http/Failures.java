package io.ollamalan.internal.http;

import io.ollamalan.OllamaException;
import io.ollamalan.OllamaTransportException.Timeout;
import io.ollamalan.internal.Errors;
import io.ollamalan.internal.tls.TlsFailure;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** Turns an {@link IOException} from OkHttp into the client's typed exception. */
public final class Failures {
  private Failures() {}

  /** What okio says when a header line or status line does not end within its limit. */
  private static final String LINE_NOT_FOUND = "\\n not found: limit=";

  /**
   * @param inBody whether the failure happened while reading the response body
   */
  static OllamaException classify(
      IOException e,
      String nodeId,
      CallContext ctx,
      TransportSettings settings,
      @Nullable AttemptTracker tracker,
      boolean inBody,
      long nowNanos) {
    String rid = ctx.requestId();
    int fired = tracker == null ? AttemptTracker.NOT_FIRED : tracker.fired();
    int phase = tracker == null ? AttemptTracker.CREATED : tracker.phase();
    if (ctx.isCanceled()
        || fired == AttemptTracker.INTERRUPTED
        || Thread.currentThread().isInterrupted()) {
      return Errors.canceled(nodeId, rid, e);
    }
    if (ctx.hasDeadline() && ctx.remainingNanos(nowNanos) <= 0) {
      return Errors.timeout(nodeId, rid, Timeout.DEADLINE, ctx.deadlineMillis(), e);
    }
    if (fired == AttemptTracker.IDLE_TIMEOUT) {
      return Errors.timeout(
          nodeId, rid, Timeout.STREAM_IDLE, settings.streamIdleTimeout().toMillis(), e);
    }
    if (fired == AttemptTracker.WRITE_TIMEOUT) {
      // The node stopped reading the request: it has not answered, as a first-byte timeout.
      return Errors.timeout(nodeId, rid, Timeout.FIRST_BYTE, settings.writeTimeout().toMillis(), e);
    }
    if (fired == AttemptTracker.RESPONSE_TIMEOUT) {
      return Errors.timeout(
          nodeId, rid, Timeout.RESPONSE, settings.responseTimeout().toMillis(), e);
    }
    if (e instanceof SSLException || hasCause(e, SSLException.class)) {
      String advice = TlsFailure.classify(e).message();
      return Errors.tls(nodeId, rid, advice == null ? String.valueOf(e) : advice, e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      if (inBody) {
        return Errors.timeout(
            nodeId, rid, Timeout.STREAM_IDLE, settings.streamIdleTimeout().toMillis(), e);
      }
      if (phase < AttemptTracker.CONNECTED) {
        return Errors.timeout(
            nodeId, rid, Timeout.CONNECT, settings.connectTimeout().toMillis(), e);
      }
      return Errors.timeout(
          nodeId, rid, Timeout.FIRST_BYTE, settings.firstByteTimeout().toMillis(), e);
    }
    boolean sent = phase >= AttemptTracker.REQUEST_SENT;
    return Errors.transport(nodeId, rid, sent, problem(e, inBody), e);
  }

  /**
   * What went wrong when the node answered but the answer broke HTTP's rules, or null when the
   * failure says nothing beyond "the connection failed".
   */
  static @Nullable String problem(IOException e, boolean inBody) {
    String lineLimit = lineLimitExceeded(e);
    if (lineLimit != null) {
      return "the response's status line or header block is larger than the client accepts ("
          + lineLimit
          + " bytes without a line end); a proxy or server in front of Ollama sent oversized"
          + " headers";
    }
    ProtocolException framing = cause(e, ProtocolException.class);
    if (framing != null) {
      return "the HTTP framing of the answer is broken ("
          + framing.getMessage()
          + "); the node or a proxy in front of it sent a body that does not match its"
          + " Content-Length or chunk sizes, so the connection was dropped";
    }
    if (inBody) {
      return "the connection broke while the answer was being read ("
          + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "); the node may have crashed, restarted, or a proxy cut the answer";
    }
    return null;
  }

  /**
   * Whether the failure shows the connection was closed by the node before any byte of the answer:
   * on a kept-alive connection this means the node closed it idle and never saw the request.
   */
  static boolean closedBeforeAnswer(IOException e) {
    if (cause(e, ProtocolException.class) != null
        || cause(e, SSLException.class) != null
        || e instanceof InterruptedIOException
        || cause(e, SocketTimeoutException.class) != null) {
      return false;
    }
    EOFException eof = cause(e, EOFException.class);
    if (eof != null) {
      String m = eof.getMessage();
      // okio names how many bytes of the unfinished line it had: none means nothing was read.
      return m == null || !m.contains(LINE_NOT_FOUND) || m.contains(LINE_NOT_FOUND + "0 ");
    }
    return cause(e, SocketException.class) != null;
  }

  private static @Nullable String lineLimitExceeded(IOException e) {
    EOFException eof = cause(e, EOFException.class);
    if (eof == null || eof.getMessage() == null) {
      return null;
    }
    String m = eof.getMessage();
    int i = m.indexOf(LINE_NOT_FOUND);
    if (i < 0) {
      return null;
    }
    int start = i + LINE_NOT_FOUND.length();
    int end = start;
    while (end < m.length() && Character.isDigit(m.charAt(end))) {
      end++;
    }
    if (end == start) {
      return null;
    }
    long n = Long.parseLong(m.substring(start, end));
    // okio reports the smaller of what it had and the limit: a line cut by the connection's end
    // is short, a header block that ran into the limit is not.
    return n >= MIN_OVERSIZED_LINE ? m.substring(start, end) : null;
  }

  /** Header lines of this size are far beyond any Ollama answer: the limit must have been hit. */
  private static final long MIN_OVERSIZED_LINE = 64 * 1024;

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static <X extends Throwable> @Nullable X cause(Throwable t, Class<X> type) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 8; c = c.getCause(), depth++) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
