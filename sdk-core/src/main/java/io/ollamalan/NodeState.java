package io.ollamalan;

/** The health of a node as the client sees it. */
public enum NodeState {
  /** Not checked yet; routable, with less preference than {@link #UP}. */
  UNKNOWN,
  /** Answering health checks and traffic. */
  UP,
  /** Answering, but with recent failures or slow checks; routable with less preference. */
  DEGRADED,
  /** Failing health checks or connections; not routable until it answers again. */
  DOWN,
  /** Left discovery or being removed: in-flight requests finish, no new ones are sent. */
  DRAINING;

  /** Whether new requests may be routed to a node in this state. */
  public boolean isRoutable() {
    return this == UP || this == DEGRADED || this == UNKNOWN;
  }
}
