package io.ollamalan.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Response;

/**
 * How far one HTTP attempt got, so that a failure can be classified: a timeout while connecting is
 * not a timeout waiting for the first byte, and a reset before the request was written is always
 * safe to retry elsewhere. Attached to the request as a tag and returned by the client's {@link
 * EventListener.Factory}.
 */
final class AttemptTracker extends EventListener {
  static final int CREATED = 0;
  static final int CONNECTING = 1;
  static final int CONNECTED = 2;
  static final int REQUEST_SENT = 3;
  static final int HEADERS_RECEIVED = 4;

  static final EventListener.Factory FACTORY =
      call -> {
        AttemptTracker t = call.request().tag(AttemptTracker.class);
        return t != null ? t : EventListener.NONE;
      };

  private volatile int phase = CREATED;
  private volatile boolean connected;

  int phase() {
    return phase;
  }

  boolean requestSent() {
    return phase >= REQUEST_SENT;
  }

  /** Whether the attempt ran on a kept-alive connection from the pool (no connect of its own). */
  boolean reusedConnection() {
    return phase >= CONNECTED && !connected;
  }

  @Override
  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
    phase = CONNECTING;
    connected = true;
  }

  @Override
  public void connectionAcquired(Call call, okhttp3.Connection connection) {
    phase = CONNECTED;
  }

  @Override
  public void requestHeadersEnd(Call call, okhttp3.Request request) {
    phase = REQUEST_SENT;
  }

  @Override
  public void responseHeadersEnd(Call call, Response response) {
    phase = HEADERS_RECEIVED;
  }

  @Override
  public void callFailed(Call call, IOException ioe) {
    // Phase is what matters; the failure itself is classified by the caller.
  }
}
