package io.ollamalan.fleet;

import io.ollamalan.CallOptions;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.Errors;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PullRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Model management on many nodes at once, over an {@link OllamaClient}: each node is addressed with
 * {@link CallOptions#withNode}, so the client's TLS, auth, timeouts and listeners apply. Operations
 * block until every node is done and return one {@link NodeResult} per node: a node that fails is
 * reported with its error, the others carry on.
 *
 * <pre>{@code
 * FleetOperations ops = FleetOperations.of(client);
 * FleetResult<ProgressResponse> pulled =
 *     ops.pull("llama3.2", NodeSelection.mostFreeVram(2), p -> show(p.changedNode()));
 * ops.prewarm("llama3.2");
 * ops.unload("qwen2.5", NodeSelection.all());
 * }</pre>
 *
 * <p>Thread-safe; cheap to create. Operations run on threads of their own, {@link
 * Builder#parallelism} nodes at a time. Interrupting the calling thread cancels the calls still
 * running; their nodes are reported as failed with {@link OllamaException.Kind#CLIENT_CANCELED}.
 */
public final class FleetOperations {

  /** Default {@link Builder#parallelism}: 8 nodes at a time. */
  public static final int DEFAULT_PARALLELISM = 8;

  private final OllamaClient client;
  private final int parallelism;
  private final @Nullable Duration deadline;

  private FleetOperations(Builder b) {
    this.client = b.client;
    this.parallelism = b.parallelism;
    this.deadline = b.deadline;
  }

  /** Operations over {@code client}'s fleet with the defaults. */
  public static FleetOperations of(OllamaClient client) {
    return builder(client).build();
  }

  /** A builder for operations over {@code client}'s fleet. */
  public static Builder builder(OllamaClient client) {
    return new Builder(client);
  }

  /** {@link #pull(String, NodeSelection, Consumer)} without a progress listener. */
  public FleetResult<ProgressResponse> pull(String model, NodeSelection nodes) {
    return pull(model, nodes, p -> {});
  }

  /**
   * Pulls {@code model} onto the selected nodes, streaming each node's progress. A node that
   * already has the model only checks its layers.
   *
   * @param listener called after every progress line of any node with the whole pull's progress;
   *     called from the pull's threads, one call at a time; it must not block
   * @return per node, the final {@code success} status or the failure
   */
  public FleetResult<ProgressResponse> pull(
      String model, NodeSelection nodes, Consumer<FleetProgress> listener) {
    requireModel(model);
    Objects.requireNonNull(listener, "listener");
    NodeSelection.Picked picked = nodes.pick(client.fleet());
    Map<String, FleetProgress.NodeProgress> progress = new TreeMap<>();
    for (NodeStatus s : picked.chosen()) {
      String id = s.node().id();
      progress.put(id, new FleetProgress.NodeProgress(id, "waiting", 0, 0, false, false));
    }
    Set<ResponseStream<ProgressResponse>> open = ConcurrentHashMap.newKeySet();
    AtomicBoolean canceled = new AtomicBoolean();
    Object lock = new Object();
    Consumer<FleetProgress.NodeProgress> report =
        p -> {
          synchronized (lock) {
            progress.put(p.nodeId(), p);
            listener.accept(new FleetProgress(p.nodeId(), List.copyOf(progress.values())));
          }
        };
    return run(
        "pull " + model,
        picked,
        close -> {
          canceled.set(true);
          open.forEach(close);
        },
        s -> {
          String id = s.node().id();
          try (ResponseStream<ProgressResponse> stream = on(id).pullStream(pullRequest(model))) {
            open.add(stream);
            ProgressResponse last = null;
            while (stream.hasNext()) {
              last = stream.next();
              report.accept(
                  new FleetProgress.NodeProgress(
                      id, statusOf(last), last.completed(), last.total(), false, false));
            }
            open.remove(stream);
            if (last == null || !last.isSuccess()) {
              // A stream closed by a cancellation ends quietly; a pull is done only at "success".
              throw canceled.get()
                  ? Errors.canceled(id, stream.requestId(), null)
                  : Errors.protocol(
                      OllamaProtocolException.Problem.TRUNCATED,
                      id,
                      200,
                      stream.requestId(),
                      "the pull's progress ended before \"success\"",
                      null);
            }
            String status = statusOf(last);
            report.accept(new FleetProgress.NodeProgress(id, status, 0, 0, true, false));
            return new Done<>(last, status);
          } catch (OllamaException e) {
            report.accept(new FleetProgress.NodeProgress(id, messageOf(e), 0, 0, true, true));
            throw e;
          }
        });
  }

  /**
   * Deletes {@code model} from the selected nodes. Nodes whose inventory shows no such model, or
   * that answer that they do not have it, are reported as skipped.
   */
  public FleetResult<Void> delete(String model, NodeSelection nodes) {
    requireModel(model);
    NodeSelection.Picked picked = nodes.pick(client.fleet());
    return run(
        "delete " + model,
        withoutModel(picked, model, "model not installed"),
        x -> {},
        s -> {
          try {
            on(s.node().id()).delete(deleteRequest(model));
            return new Done<Void>(null, "deleted");
          } catch (OllamaException e) {
            if (e.kind() == OllamaException.Kind.MODEL_NOT_FOUND) {
              return Done.skipped("model not installed");
            }
            throw e;
          }
        });
  }

  /**
   * Unloads {@code model} from memory on the selected nodes at once ({@code keep_alive: 0}). Nodes
   * that do not have it installed are skipped; the others are asked even when their last {@code
   * /api/ps} did not show it loaded, since that may be out of date.
   */
  public FleetResult<Void> unload(String model, NodeSelection nodes) {
    requireModel(model);
    NodeSelection.Picked picked = nodes.pick(client.fleet());
    return run(
        "unload " + model,
        withoutModel(picked, model, "model not installed"),
        x -> {},
        s -> {
          try {
            on(s.node().id()).unload(model);
            return new Done<Void>(null, "unloaded");
          } catch (OllamaException e) {
            if (e.kind() == OllamaException.Kind.MODEL_NOT_FOUND) {
              return Done.skipped("model not installed");
            }
            throw e;
          }
        });
  }

  /**
   * Loads {@code model} into memory on every node the balancer would send its calls to: the
   * routable nodes that have it installed (or whose inventory is not known yet). Warm nodes answer
   * at once; cold ones pay the load now rather than on a user's first call.
   */
  public FleetResult<Void> prewarm(String model) {
    return prewarm(model, NodeSelection.all());
  }

  /**
   * Loads {@code model} into memory on the selected nodes that have it installed; nodes without it
   * are skipped (pull it first).
   */
  public FleetResult<Void> prewarm(String model, NodeSelection nodes) {
    requireModel(model);
    NodeSelection.Picked picked = nodes.pick(client.fleet());
    return run(
        "prewarm " + model,
        withoutModel(picked, model, "model not installed: pull it first"),
        x -> {},
        s -> {
          boolean wasLoaded = s.hasLoaded(model);
          on(s.node().id()).load(model);
          return new Done<Void>(null, wasLoaded ? "already loaded" : "loaded");
        });
  }

  /** What every routable node holds now. */
  public FleetResult<NodeInventory> inventory() {
    return inventory(NodeSelection.all());
  }

  /**
   * What the selected nodes hold now, read from each node ({@code /api/version}, {@code /api/tags},
   * {@code /api/ps}) rather than from the health checks' last reading.
   */
  public FleetResult<NodeInventory> inventory(NodeSelection nodes) {
    NodeSelection.Picked picked = nodes.pick(client.fleet());
    return run(
        "inventory",
        picked,
        x -> {},
        s -> {
          OllamaClient node = on(s.node().id());
          NodeInventory inv =
              new NodeInventory(
                  s.node().id(),
                  Objects.requireNonNullElse(node.version().version(), ""),
                  node.tags().models(),
                  node.ps().models());
          return new Done<>(
              inv, inv.installed().size() + " installed, " + inv.loaded().size() + " loaded");
        });
  }

  /** A progress line's status, empty for a line without one. */
  private static String statusOf(ProgressResponse p) {
    return Objects.requireNonNullElse(p.status(), "");
  }

  /** The failure's message, empty when it has none. */
  static String messageOf(OllamaException e) {
    return Objects.requireNonNullElse(e.getMessage(), "");
  }

  private OllamaClient on(String nodeId) {
    CallOptions options = CallOptions.DEFAULT.withNode(nodeId);
    return client.withOptions(deadline == null ? options : options.withDeadline(deadline));
  }

  private static NodeSelection.Picked withoutModel(
      NodeSelection.Picked picked, String model, String why) {
    List<NodeStatus> chosen = new ArrayList<>();
    Map<String, String> skipped = new java.util.LinkedHashMap<>(picked.skipped());
    for (NodeStatus s : picked.chosen()) {
      if (s.mayHave(model)) {
        chosen.add(s);
      } else {
        skipped.put(s.node().id(), why);
      }
    }
    return new NodeSelection.Picked(chosen, skipped);
  }

  private static void requireModel(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must be a model name such as llama3.2:latest");
    }
  }

  /** The model types are built in one place. */
  private static PullRequest pullRequest(String model) {
    return PullRequest.of(model);
  }

  private static DeleteRequest deleteRequest(String model) {
    return DeleteRequest.of(model);
  }

  /** A node's outcome: a value and its detail, or a reason to count it as skipped. */
  private record Done<T>(@Nullable T value, String detail, boolean skip) {
    Done(@Nullable T value, String detail) {
      this(value, detail, false);
    }

    static <T> Done<T> skipped(String why) {
      return new Done<>(null, why, true);
    }
  }

  @FunctionalInterface
  private interface NodeTask<T> {
    Done<T> run(NodeStatus node);
  }

  private <T> FleetResult<T> run(
      String operation,
      NodeSelection.Picked picked,
      Consumer<Consumer<ResponseStream<?>>> cancelOpen,
      NodeTask<T> task) {
    List<NodeResult<T>> results = new ArrayList<>();
    picked.skipped().forEach((id, why) -> results.add(NodeResult.skipped(id, why)));
    List<NodeStatus> chosen = picked.chosen();
    if (!chosen.isEmpty()) {
      AtomicInteger n = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              Math.min(parallelism, chosen.size()),
              r -> {
                Thread t = new Thread(r, "ollamalan-fleet-op-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      try {
        List<Future<NodeResult<T>>> futures = new ArrayList<>();
        for (NodeStatus s : chosen) {
          futures.add(pool.submit(() -> runOne(s, task)));
        }
        boolean interrupted = false;
        RuntimeException unexpected = null;
        for (Future<NodeResult<T>> f : futures) {
          while (true) {
            try {
              results.add(f.get());
              break;
            } catch (InterruptedException e) {
              if (!interrupted) {
                interrupted = true;
                cancelOpen.accept(ResponseStream::close);
                pool.shutdownNow();
              }
            } catch (ExecutionException e) {
              if (unexpected == null && e.getCause() instanceof RuntimeException re) {
                unexpected = re;
              } else if (!(e.getCause() instanceof RuntimeException)) {
                throw new IllegalStateException(e.getCause());
              }
              break;
            }
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        if (unexpected != null) {
          throw unexpected;
        }
      } finally {
        pool.shutdownNow();
      }
    }
    results.sort(Comparator.comparing(NodeResult::nodeId));
    return new FleetResult<>(operation, results);
  }

  private static <T> NodeResult<T> runOne(NodeStatus s, NodeTask<T> task) {
    String id = s.node().id();
    long start = System.nanoTime();
    try {
      Done<T> done = task.run(s);
      return done.skip()
          ? NodeResult.skipped(id, done.detail())
          : NodeResult.succeeded(
              id, done.value(), done.detail(), Duration.ofNanos(System.nanoTime() - start));
    } catch (OllamaException e) {
      return NodeResult.failed(id, e, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  /** Builds {@link FleetOperations}. */
  public static final class Builder {
    private final OllamaClient client;
    private int parallelism = DEFAULT_PARALLELISM;
    private @Nullable Duration deadline;

    private Builder(OllamaClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * How many nodes an operation works on at once; default {@link #DEFAULT_PARALLELISM}. A pull is
     * limited by the registry's and the LAN's bandwidth: lower it when many nodes pull through one
     * uplink.
     */
    public Builder parallelism(int nodes) {
      if (nodes < 1 || nodes > 256) {
        throw new IllegalArgumentException("parallelism must be between 1 and 256, was " + nodes);
      }
      this.parallelism = nodes;
      return this;
    }

    /**
     * The longest one node's part of an operation may take; default none (the client's own timeouts
     * apply). Pulls of large models take minutes: set it to bound a pre-warm or an unload rather
     * than a pull.
     */
    public Builder deadline(Duration deadline) {
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, was " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    public FleetOperations build() {
      return new FleetOperations(this);
    }
  }
}
