package io.ollamalan.internal.fleet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong when talking to a node, as far as its health is concerned. Active checks and real
 * traffic report through the same kinds, so both move the same state.
 */
public enum FailureKind {
  /** The connection could not be made: refused, no route, connect timeout, unknown host. */
  CONNECT(true),
  /** Connected, but no complete answer within the timeout. */
  TIMEOUT(true),
  /** Answered, but not like Ollama (wrong status for a health endpoint, unparsable body). */
  BAD_RESPONSE(true),
  /** The connection was reset or closed in the middle of a response. */
  RESET(false),
  /** A 5xx other than 503: the node is up but something on it fails. */
  SERVER_ERROR(false),
  /** 503 (queue full) or 429: the node is busy, not sick. Changes no health state. */
  BUSY(false);

  private final boolean countsTowardDown;

  FailureKind(boolean countsTowardDown) {
    this.countsTowardDown = countsTowardDown;
  }

  /** Whether this failure counts toward {@code DOWN}; the others at most degrade a node. */
  public boolean countsTowardDown() {
    return countsTowardDown;
  }

  /** Classifies an I/O failure of a call to a node. */
  public static FailureKind of(IOException e) {
    if (e instanceof ConnectException
        || e instanceof NoRouteToHostException
        || e instanceof UnknownHostException
        || e instanceof PortUnreachableException) {
      return CONNECT;
    }
    if (e instanceof SocketTimeoutException) {
      String m = e.getMessage();
      return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("connect")
          ? CONNECT
          : TIMEOUT;
    }
    if (e instanceof InterruptedIOException) {
      // OkHttp's call timeout surfaces as InterruptedIOException("timeout").
      return TIMEOUT;
    }
    return RESET;
  }

  /**
   * Classifies an HTTP status from a node; null when the status says nothing about the node's
   * health (2xx, 3xx, and 4xx other than 429: those are the caller's problem).
   */
  public static @Nullable FailureKind ofStatus(int code) {
    if (code == 503 || code == 429) {
      return BUSY;
    }
    if (code >= 500 && code <= 599) {
      return SERVER_ERROR;
    }
    return null;
  }
}
