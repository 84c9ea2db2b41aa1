package io.ollamalan.internal.routing;

import io.ollamalan.NodeState;
import io.ollamalan.OllamaException;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.StreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt's claim on a node: counted in the node's in-flight total from selection until the
 * answer is fully read, failed or abandoned. Released exactly once.
 */
public final class Lease implements StreamObserver {
  private final NodeHandle handle;
  private final Fleet fleet;
  private final AtomicBoolean released = new AtomicBoolean();

  Lease(NodeHandle handle, Fleet fleet) {
    this.handle = handle;
    this.fleet = fleet;
    handle.incrementInFlight();
  }

  public NodeHandle handle() {
    return handle;
  }

  /** Releases the claim; later calls do nothing. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      handle.decrementInFlight();
      if (handle.state() == NodeState.DRAINING) {
        fleet.reap();
      }
    }
  }

  public boolean isReleased() {
    return released.get();
  }

  @Override
  public void completed() {
    release();
  }

  @Override
  public void failed(OllamaException e) {
    release();
  }

  @Override
  public void canceled() {
    release();
  }
}
