package io.ollamalan;

/**
 * Receives fleet changes. Called on the thread that observed the change: implementations must be
 * quick and must not block; hand slow work to an executor.
 */
@FunctionalInterface
public interface FleetListener {
  /** One change. */
  void onFleetEvent(FleetEvent event);
}
