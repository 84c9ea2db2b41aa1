package io.ollamalan.internal.http;

import okhttp3.Call;
import okhttp3.Response;

/** One HTTP attempt whose response headers arrived with a success status. */
public record Exchange(
    NodeClient node, Call call, Response response, AttemptTracker tracker, CallContext context) {

  /** Aborts the attempt and releases its connection. */
  public void cancel() {
    call.cancel();
    try {
      response.close();
    } catch (RuntimeException e) {
      // Closing races with a read on another thread; the call is cancelled either way.
    }
  }
}
