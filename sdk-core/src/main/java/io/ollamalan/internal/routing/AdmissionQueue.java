package io.ollamalan.internal.routing;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Calls waiting for a node to admit them, first come first served. A freed slot wakes the oldest
 * waiter only; a waiter that cannot use the room (its nodes are still full) passes the wake-up on
 * to the next one while some node has room, and one that got a slot passes it on too, since more
 * may be free. Waiters never race each other for a slot. The lock is held only to link and unlink
 * waiters, and only while calls wait at all.
 *
 * <p>Only the oldest waiter looks at the fleet without a wake-up, every {@code headPollNanos}, in
 * case a wake-up was lost or a node came up; the others sleep until woken (room, their turn at the
 * head, their call canceled) or their time is up, so that a long queue costs no CPU.
 */
final class AdmissionQueue {

  /** One waiting call. */
  static final class Waiter {
    /** The call's model (normalized), or null for a call that needs none. */
    final @Nullable String model;

    final Condition wake;
    boolean signalled;
    boolean linked = true;

    Waiter(@Nullable String model, Condition wake) {
      this.model = model;
      this.wake = wake;
    }
  }

  private final long headPollNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final Map<String, int[]> perModel = new HashMap<>();
  private volatile int size;

  /**
   * @param headPollNanos how often the oldest waiter looks at the fleet without a wake-up
   */
  AdmissionQueue(long headPollNanos) {
    this.headPollNanos = headPollNanos;
  }

  /** Calls waiting now. */
  int size() {
    return size;
  }

  /** Calls for {@code model} waiting now (all waiting calls when {@code model} is null). */
  int waitingFor(@Nullable String model) {
    if (size == 0) {
      return 0;
    }
    if (model == null) {
      return size;
    }
    lock.lock();
    try {
      int[] n = perModel.get(model);
      return n == null ? 0 : n[0];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds a waiter at the tail, or returns null when {@code max} calls already wait.
   *
   * @param model the call's model (normalized), or null
   */
  @Nullable Waiter enqueue(@Nullable String model, int max) {
    lock.lock();
    try {
      if (waiters.size() >= max) {
        return null;
      }
      Waiter w = new Waiter(model, lock.newCondition());
      waiters.addLast(w);
      size = waiters.size();
      if (model != null) {
        perModel.computeIfAbsent(model, k -> new int[1])[0]++;
      }
      return w;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code w} is the oldest waiter. */
  boolean isHead(Waiter w) {
    lock.lock();
    try {
      return waiters.peekFirst() == w;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code w} is woken or {@code nanos} passed.
   *
   * @return whether it was woken
   * @throws InterruptedException when the thread is interrupted
   */
  boolean await(Waiter w, long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = waiters.peekFirst() == w ? Math.min(nanos, headPollNanos) : nanos;
      while (!w.signalled && left > 0) {
        left = w.wake.awaitNanos(left);
      }
      boolean woken = w.signalled;
      w.signalled = false;
      return woken;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@code w} if it still waits, e.g. because its call was canceled. */
  void wake(Waiter w) {
    lock.lock();
    try {
      if (w.linked) {
        w.signalled = true;
        w.wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the oldest waiter. */
  void wakeHead() {
    if (size == 0) {
      return;
    }
    lock.lock();
    try {
      Waiter head = waiters.peekFirst();
      if (head != null) {
        head.signalled = true;
        head.wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the waiter after {@code w} (the oldest one when {@code w} already left). */
  void wakeNext(Waiter w) {
    lock.lock();
    try {
      Waiter next = null;
      if (!w.linked) {
        next = waiters.peekFirst();
      } else {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
          if (it.next() == w) {
            next = it.hasNext() ? it.next() : null;
            break;
          }
        }
      }
      if (next != null) {
        next.signalled = true;
        next.wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Unlinks {@code w}; a wake-up it received and did not use goes to the next waiter, as does the
   * head's place when {@code w} was the oldest. Idempotent.
   */
  void leave(Waiter w) {
    lock.lock();
    try {
      if (!w.linked) {
        return;
      }
      w.linked = false;
      boolean wasHead = waiters.peekFirst() == w;
      waiters.remove(w);
      size = waiters.size();
      if (w.model != null) {
        int[] n = perModel.get(w.model);
        if (n != null && --n[0] <= 0) {
          perModel.remove(w.model);
        }
      }
      if (w.signalled || wasHead) {
        // A wake-up it did not use goes on; a new oldest waiter starts looking at the fleet.
        w.signalled = false;
        Waiter head = waiters.peekFirst();
        if (head != null) {
          head.signalled = true;
          head.wake.signal();
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
