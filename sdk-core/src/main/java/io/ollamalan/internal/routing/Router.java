package io.ollamalan.internal.routing;

import io.ollamalan.NoNodeAvailableException;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.internal.fleet.Fleet;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.NodeClient;
import io.ollamalan.internal.http.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a node for each attempt and fails over to another node when an attempt fails in a way
 * that is safe to retry (nothing delivered, the node's fault), up to a bounded number of attempts.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** One attempt on one node. */
  @FunctionalInterface
  public interface Attempt<R> {
    /**
     * Runs the attempt. The lease is released by the router when this returns or throws, unless
     * the attempt handed it to a stream with {@code lease} as its observer.
     */
    R run(NodeClient node, Lease lease);
  }

  private final Fleet fleet;
  private final Function<NodeHandle, NodeClient> clients;
  private final int maxAttempts;
  private final AtomicInteger roundRobin = new AtomicInteger();

  public Router(Fleet fleet, Function<NodeHandle, NodeClient> clients, int maxAttempts) {
    this.fleet = fleet;
    this.clients = clients;
    this.maxAttempts = maxAttempts;
  }

  public Fleet fleet() {
    return fleet;
  }

  /**
   * Runs {@code attempt} on a chosen node, failing over on retryable errors.
   *
   * @param model the model the call needs, or null for calls any node can serve
   * @param keepLease whether a successful attempt keeps its lease (streams release it themselves)
   */
  public <R> R execute(Operation op, String model, CallContext ctx, boolean keepLease,
      Attempt<R> attempt) {
    List<String> tried = new ArrayList<>(2);
    OllamaException last = null;
    for (int n = 1; ; n++) {
      if (ctx.isCanceled()) {
        throw OllamaTransportException.canceled("", ctx.requestId(), last);
      }
      NodeHandle h = select(op, model, ctx, tried);
      if (h == null) {
        if (last != null) {
          throw last;
        }
        throw noNode(model, ctx, tried);
      }
      Lease lease = new Lease(h, fleet);
      boolean ok = false;
      try {
        R result = attempt.run(clients.apply(h), lease);
        ok = true;
        return result;
      } catch (OllamaException e) {
        last = e;
        boolean pinned = ctx.options().nodeId() != null;
        if (pinned || n >= maxAttempts || ctx.isCanceled() || !e.isRetryableOnAnotherNode()) {
          throw e;
        }
        tried.add(h.id());
        log.debug("request {}: {} failed on {} ({}), trying another node", ctx.requestId(),
            op.metricName(), h.id(), e.kind());
      } finally {
        if (!ok || !keepLease) {
          lease.release();
        }
      }
    }
  }

  private NodeHandle select(Operation op, String model, CallContext ctx, List<String> tried) {
    NodeHandle[] all = fleet.handles();
    String pinned = ctx.options().nodeId();
    if (pinned != null) {
      if (!tried.isEmpty()) {
        return null;
      }
      for (NodeHandle h : all) {
        if (h.id().equals(pinned)) {
          return h;
        }
      }
      return null;
    }
    NodeHandle best = null;
    int bestScore = Integer.MAX_VALUE;
    int start = Math.floorMod(roundRobin.getAndIncrement(), Math.max(1, all.length));
    boolean needModel = model != null && op.inference();
    for (int pass = 0; pass < 2 && best == null; pass++) {
      for (int i = 0; i < all.length; i++) {
        NodeHandle h = all[(start + i) % all.length];
        if (!h.state().isRoutable() || tried.contains(h.id())) {
          continue;
        }
        if (pass == 0 && needModel && !h.rawStatus().mayHave(model)) {
          continue;
        }
        int score = h.inFlight() * 4 + (needModel && h.hasLoaded(model) ? 0 : 2)
            + (h.state() == io.ollamalan.NodeState.UP ? 0 : 1);
        if (score < bestScore) {
          best = h;
          bestScore = score;
        }
      }
      if (!needModel) {
        break;
      }
    }
    return best;
  }

  private NoNodeAvailableException noNode(String model, CallContext ctx, List<String> tried) {
    NodeHandle[] all = fleet.handles();
    if (all.length == 0) {
      return NoNodeAvailableException.of("the fleet has no node; configure nodes or check "
          + "discovery", ctx.requestId(), null);
    }
    if (ctx.options().nodeId() != null) {
      return NoNodeAvailableException.of("the pinned node " + ctx.options().nodeId()
          + " is not in the fleet", ctx.requestId(), null);
    }
    StringBuilder sb = new StringBuilder();
    for (NodeHandle h : all) {
      sb.append(sb.length() == 0 ? "" : "; ").append(h.id()).append(" is ").append(h.state());
      if (tried.contains(h.id())) {
        sb.append(" (already tried)");
      }
    }
    return NoNodeAvailableException.of("no routable node" + (model == null ? "" : " for model "
        + model) + ": " + sb, ctx.requestId(), null);
  }
}
