package io.ollamalan.examples;

import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import io.ollamalan.routing.RoutingDecision;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ClientListener} that keeps the first routing decision of each call by request id and
 * counts how calls ended: how an application sees where its calls went and why.
 */
public final class Recorder implements ClientListener {
  private static final int MAX_KEPT = 10_000;

  private final Map<String, RoutingDecision> decisions = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger failedOver = new AtomicInteger();

  @Override
  public void onDecision(RoutingDecision decision) {
    if (decisions.size() < MAX_KEPT) {
      decisions.putIfAbsent(decision.requestId(), decision);
    }
  }

  @Override
  public void onCallEnd(CallRecord record) {
    calls.incrementAndGet();
    if (!record.succeeded()) {
      failed.incrementAndGet();
    } else if (record.attempts() > 1) {
      failedOver.incrementAndGet();
    }
  }

  /** The first attempt's decision for the call with this {@code X-Request-Id}, or null. */
  public RoutingDecision firstDecision(String requestId) {
    return decisions.get(requestId);
  }

  /** Calls that ended. */
  public int calls() {
    return calls.get();
  }

  /** Calls that ended with an error. */
  public int failed() {
    return failed.get();
  }

  /** Calls that succeeded on another node after an attempt failed. */
  public int failedOver() {
    return failedOver.get();
  }
}
