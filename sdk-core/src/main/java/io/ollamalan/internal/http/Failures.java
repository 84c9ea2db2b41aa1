package io.ollamalan.internal.http;

import io.ollamalan.OllamaException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.OllamaTransportException.Timeout;
import io.ollamalan.internal.tls.TlsFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;

/** Turns an {@link IOException} from OkHttp into the client's typed exception. */
public final class Failures {
  private Failures() {}

  /**
   * @param phase how far the attempt got ({@link AttemptTracker} phases)
   * @param inBody whether the failure happened while reading the response body
   */
  static OllamaException classify(
      IOException e,
      String nodeId,
      CallContext ctx,
      TransportSettings settings,
      int phase,
      boolean inBody,
      long nowNanos) {
    String rid = ctx.requestId();
    if (ctx.isCanceled()) {
      return OllamaTransportException.canceled(nodeId, rid, e);
    }
    if (ctx.hasDeadline() && ctx.remainingNanos(nowNanos) <= 0) {
      return OllamaTransportException.timeout(
          nodeId, rid, Timeout.DEADLINE, ctx.deadlineMillis(), e);
    }
    if (e instanceof SSLException || hasCause(e, SSLException.class)) {
      String advice = TlsFailure.classify(e).message();
      return OllamaTransportException.tls(
          nodeId, rid, advice == null ? String.valueOf(e) : advice, e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      if (inBody) {
        return OllamaTransportException.timeout(
            nodeId, rid, Timeout.STREAM_IDLE, settings.streamIdleTimeout().toMillis(), e);
      }
      if (phase < AttemptTracker.CONNECTED) {
        return OllamaTransportException.timeout(
            nodeId, rid, Timeout.CONNECT, settings.connectTimeout().toMillis(), e);
      }
      return OllamaTransportException.timeout(
          nodeId, rid, Timeout.FIRST_BYTE, settings.firstByteTimeout().toMillis(), e);
    }
    return OllamaTransportException.failure(nodeId, rid, phase >= AttemptTracker.REQUEST_SENT, e);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
