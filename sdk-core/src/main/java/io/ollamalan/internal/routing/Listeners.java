package io.ollamalan.internal.routing;

import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import io.ollamalan.OllamaException;
import io.ollamalan.routing.RoutingDecision;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the client's listeners; a failing listener is logged and skipped. */
public final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);
  private final ClientListener[] listeners;

  public Listeners(List<ClientListener> listeners) {
    this.listeners = listeners.toArray(new ClientListener[0]);
  }

  boolean isEmpty() {
    return listeners.length == 0;
  }

  void callStart(io.ollamalan.CallStart c) {
    for (ClientListener l : listeners) {
      try {
        l.onCallStart(c);
      } catch (RuntimeException e) {
        log.warn("listener {} failed in onCallStart", l, e);
      }
    }
  }

  void decision(RoutingDecision d) {
    for (ClientListener l : listeners) {
      try {
        l.onDecision(d);
      } catch (RuntimeException e) {
        log.warn("listener {} failed in onDecision", l, e);
      }
    }
  }

  /**
   * @param d the attempt's decision; null only when the router built none, which it does when no
   *     listener is registered
   */
  void attemptFailed(@Nullable RoutingDecision d, OllamaException f, boolean willRetry) {
    if (d == null) {
      return;
    }
    for (ClientListener l : listeners) {
      try {
        l.onAttemptFailed(d, f, willRetry);
      } catch (RuntimeException e) {
        log.warn("listener {} failed in onAttemptFailed", l, e);
      }
    }
  }

  void callEnd(CallRecord r) {
    for (ClientListener l : listeners) {
      try {
        l.onCallEnd(r);
      } catch (RuntimeException e) {
        log.warn("listener {} failed in onCallEnd", l, e);
      }
    }
  }
}
