package io.ollamalan.testkit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves open an SDK client, a response stream, a call, a connection, a fake node
 * or a thread of the SDK, as OkHttp's test rule fails a test that leaks a connection.
 *
 * <p>Registered for every test of a module whose test resources enable JUnit's extension
 * autodetection and list this class in {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}. A test whose point is to leave
 * something open is annotated {@link AllowLeaks}.
 *
 * <p>What counts, and only what the test itself opened (things open before it started are ignored):
 *
 * <ul>
 *   <li>a client built during the test and not closed, and a response stream opened and neither
 *       read to its end nor closed (sdk-core and sdk-grpc record both when {@code
 *       ollamalan.leakcheck=true}, which this extension sets when it loads);
 *   <li>a {@link FakeOllamaNode} (or a {@link FakeFleet}'s node) started and not closed;
 *   <li>a request a fake node is still serving: a call whose response the client neither read to
 *       its end nor cancelled, seen from the node's side so that any client is caught, whatever its
 *       transport;
 *   <li>once no client is open (an open client legitimately keeps them): a connection to a fake
 *       node opened during the test and still open, i.e. a client closed without releasing its
 *       connection pool, or a client the SDK does not track; and a thread named by the SDK's thread
 *       factories ({@code ollama-lan-*}, {@code ollamalan-*}) started during the test and still
 *       alive. The shared watchdog thread, which stops by itself when idle, is not counted.
 * </ul>
 *
 * <p>Release is asynchronous (executors shut down, pools evict on other threads), so each check
 * waits up to {@value #AWAIT_SECONDS} s for it before failing: a busy machine slows a passing test
 * down instead of failing it.
 *
 * <p>The same checks run around a whole test class for what its {@code @BeforeAll}/{@code AfterAll}
 * methods open.
 */
public final class LeakCheckExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  static final String PROPERTY = "ollamalan.leakcheck";
  static final long AWAIT_SECONDS = 8;
  private static final String REGISTRY = "io.ollamalan.internal.LeakRegistry";
  private static final String WATCHDOG = "ollama-lan-watchdog";

  static {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "true");
    }
  }

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(LeakCheckExtension.class);

  private record Snapshot(
      Set<String> resources,
      Set<Thread> threads,
      Set<FakeOllamaNode> nodes,
      Set<String> connections,
      Set<String> exchanges) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    snapshot(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    snapshot(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check(context);
  }

  private static void snapshot(ExtensionContext context) {
    Set<String> connections = new HashSet<>();
    Set<String> exchanges = new HashSet<>();
    List<FakeOllamaNode> nodes = FakeOllamaNode.live();
    for (FakeOllamaNode n : nodes) {
      connections.addAll(n.connectionsById().keySet());
      exchanges.addAll(n.exchangesById().keySet());
    }
    context
        .getStore(NS)
        .put(
            Snapshot.class,
            new Snapshot(
                resourceIds(), sdkThreads(), new HashSet<>(nodes), connections, exchanges));
  }

  private static void check(ExtensionContext context) {
    Snapshot before = context.getStore(NS).remove(Snapshot.class, Snapshot.class);
    if (before == null || allowed(context)) {
      return;
    }
    List<String> leaked =
        await(
            () -> {
              List<String> out = new ArrayList<>();
              for (String r : openResources()) {
                if (!before.resources().contains(id(r))) {
                  out.add(r.substring(r.indexOf('|') + 1));
                }
              }
              for (FakeOllamaNode n : FakeOllamaNode.live()) {
                if (!before.nodes().contains(n)) {
                  out.add(n + " not closed");
                }
                n.exchangesById()
                    .forEach(
                        (id, what) -> {
                          if (!before.exchanges().contains(id)) {
                            out.add(what + " still in flight on " + n);
                          }
                        });
              }
              return out;
            });
    // An open client legitimately keeps its threads and pooled connections: these are checked
    // once none is open, so that a client closed without releasing them is caught.
    if (leaked.isEmpty() && openResources().isEmpty()) {
      leaked =
          await(
              () -> {
                List<String> out = new ArrayList<>();
                for (Thread t : sdkThreads()) {
                  if (!before.threads().contains(t)) {
                    out.add("thread " + t.getName() + " (" + t.getState() + ")");
                  }
                }
                for (FakeOllamaNode n : FakeOllamaNode.live()) {
                  n.connectionsById()
                      .forEach(
                          (id, what) -> {
                            if (!before.connections().contains(id)) {
                              out.add(what + " still open on " + n);
                            }
                          });
                }
                return out;
              });
    }
    if (!leaked.isEmpty()) {
      throw new AssertionError(
          context.getDisplayName()
              + " left open after "
              + AWAIT_SECONDS
              + " s: "
              + leaked
              + ". Close what the test opens (try-with-resources or @AfterEach), or annotate the"
              + " test @AllowLeaks(\"why\") if leaving it open is the point.");
    }
  }

  private static boolean allowed(ExtensionContext context) {
    Optional<ExtensionContext> c = Optional.of(context);
    while (c.isPresent()) {
      if (c.get().getElement().map(e -> e.isAnnotationPresent(AllowLeaks.class)).orElse(false)) {
        return true;
      }
      c = c.get().getParent();
    }
    return false;
  }

  /** Polls until {@code leaks} reports nothing or the bound passes; returns the last report. */
  private static List<String> await(Supplier<List<String>> leaks) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    while (true) {
      List<String> now = leaks.get();
      if (now.isEmpty() || System.nanoTime() - deadline >= 0) {
        return now;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static Set<Thread> sdkThreads() {
    Set<Thread> out = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String n = t.getName();
      if (t.isAlive()
          && (n.startsWith("ollama-lan-") || n.startsWith("ollamalan-"))
          && !n.equals(WATCHDOG)) {
        out.add(t);
      }
    }
    return out;
  }

  private static Set<String> resourceIds() {
    Set<String> out = new HashSet<>();
    for (String r : openResources()) {
      out.add(id(r));
    }
    return out;
  }

  private static String id(String resource) {
    return resource.substring(0, resource.indexOf('|'));
  }

  /** The registry's open resources, or none when sdk-core is not on the class path. */
  @SuppressWarnings("unchecked")
  private static List<String> openResources() {
    try {
      Class<?> registry = Class.forName(REGISTRY, true, LeakCheckExtension.class.getClassLoader());
      Method open = registry.getMethod("open");
      return (List<String>) open.invoke(null);
    } catch (ClassNotFoundException e) {
      return List.of();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + REGISTRY, e);
    }
  }
}
