package io.ollamalan.internal.routing;

import io.ollamalan.CallRecord;
import io.ollamalan.ClientListener;
import io.ollamalan.OllamaException;
import io.ollamalan.routing.RoutingDecision;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions. */
final class RecordingListener implements ClientListener {
  final List<RoutingDecision> decisions = new CopyOnWriteArrayList<>();
  final List<OllamaException> failedAttempts = new CopyOnWriteArrayList<>();
  final List<CallRecord> calls = new CopyOnWriteArrayList<>();

  @Override
  public void onDecision(RoutingDecision decision) {
    decisions.add(decision);
  }

  @Override
  public void onAttemptFailed(
      RoutingDecision decision, OllamaException failure, boolean willRetry) {
    failedAttempts.add(failure);
  }

  @Override
  public void onCallEnd(CallRecord record) {
    calls.add(record);
  }
}
