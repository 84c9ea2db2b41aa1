package io.ollamalan.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the clients and response streams that are open, so that a test can fail when one is left
 * open. Off unless the JVM runs with {@code -Dollamalan.leakcheck=true} (the test configuration
 * sets it); off, each hook is one read of a constant.
 *
 * <p>Test tooling that must not depend on this module reads {@link #open()} reflectively.
 */
public final class LeakRegistry {
  /** The system property that turns recording on, read once when this class loads. */
  public static final String PROPERTY = "ollamalan.leakcheck";

  private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
  private static final IdentityHashMap<Object, String> OPEN = new IdentityHashMap<>();

  private LeakRegistry() {}

  /** Records that {@code resource} is open; {@code what} names it in a failure message. */
  public static void opened(Object resource, String what) {
    if (ENABLED) {
      synchronized (OPEN) {
        OPEN.put(resource, what + " (opened on thread " + Thread.currentThread().getName() + ")");
      }
    }
  }

  /** Records that {@code resource} is closed or released. */
  public static void closed(Object resource) {
    if (ENABLED) {
      synchronized (OPEN) {
        OPEN.remove(resource);
      }
    }
  }

  /** Whether recording is on. */
  public static boolean enabled() {
    return ENABLED;
  }

  /**
   * The resources open now, as [identity hash, description] pairs rendered {@code "id|what"}; the
   * identity lets a caller tell resources opened before a point in time from later ones.
   */
  public static List<String> open() {
    synchronized (OPEN) {
      List<String> out = new ArrayList<>(OPEN.size());
      for (Map.Entry<Object, String> e : OPEN.entrySet()) {
        out.add(Integer.toHexString(System.identityHashCode(e.getKey())) + "|" + e.getValue());
      }
      return out;
    }
  }
}
