package io.ollamalan.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.ollamalan.CallOptions;
import io.ollamalan.ClientListener;
import io.ollamalan.NoNodeAvailableException;
import io.ollamalan.OllamaClient;
import io.ollamalan.internal.HttpFleetClient;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.Operation;
import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Balancers;
import io.ollamalan.routing.Choice;
import io.ollamalan.routing.NodeView;
import io.ollamalan.routing.RouteRequest;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.routing.RoutingDecision;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every way out of the router gives back what it took: a throwable of any kind at any stage (rank,
 * decision, placement, attempt, outcome), a full queue, a waiter failing while it waits. Afterwards
 * no call is counted in flight on any node and none as waiting.
 */
@Timeout(60)
class RouterLeakTest {
  static final String MODEL = "llama3.2:latest";

  enum Stage {
    RANK,
    DECISION,
    PLACED,
    ATTEMPT,
    ENDED
  }

  /** A balancer and listener that throw the armed throwable at the armed stage. */
  static final class Saboteur implements ClientListener {
    final Balancer inner = Balancers.roundRobin();
    volatile Stage stage;
    volatile Supplier<Throwable> what;

    void fire(Stage at) {
      if (stage == at) {
        Throwable t = what.get();
        if (t instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) t;
      }
    }

    final Balancer balancer =
        new Balancer() {
          @Override
          public String name() {
            return "saboteur";
          }

          @Override
          public List<Choice> rank(RouteRequest request, List<NodeView> candidates) {
            fire(Stage.RANK);
            return inner.rank(request, candidates);
          }

          @Override
          public void placed(RouteRequest request, String nodeId) {
            fire(Stage.PLACED);
          }

          @Override
          public void ended(
              RouteRequest request, String nodeId, io.ollamalan.OllamaException failure) {
            fire(Stage.ENDED);
          }
        };

    @Override
    public void onDecision(RoutingDecision d) {
      fire(Stage.DECISION);
    }
  }

  final Saboteur saboteur = new Saboteur();
  FakeFleet fleet;
  OllamaClient client;
  Router router;
  List<NodeHandle> handles;

  @BeforeEach
  void start() {
    fleet = FakeFleet.startIndexed(2, 0, (i, b) -> b.model(FakeModel.chat(MODEL)).loaded(MODEL));
    client =
        OllamaClient.builder()
            .nodes(fleet.baseUrls().toArray(String[]::new))
            .routing(
                RoutingConfig.builder()
                    .balancer(() -> saboteur.balancer)
                    .initialConcurrency(1)
                    .adaptiveConcurrency(false)
                    .maxQueued(4)
                    .build())
            .listener(saboteur)
            .healthChecksEnabled(false)
            .build();
    router = ((HttpFleetClient) client).core().router();
    handles = List.of(router.fleet().handles());
  }

  @AfterEach
  void stop() {
    client.close();
    fleet.close();
  }

  Object call(Router.Attempt<Object> attempt) {
    CallContext ctx = new CallContext(CallOptions.DEFAULT, 0, System.nanoTime());
    return router.execute(
        Operation.CHAT,
        new Router.Route(MODEL, "conversation", 10),
        "request",
        ctx,
        false,
        attempt);
  }

  void assertNothingHeld() {
    assertThat(router.queued()).isZero();
    assertThat(handles).allSatisfy(h -> assertThat(h.inFlight()).isZero());
  }

  @Test
  void everyStageGivesBackWhatItTookWhateverIsThrown() {
    List<Supplier<Throwable>> throwables =
        List.of(
            () -> new OutOfMemoryError("test"),
            () -> new StackOverflowError("test"),
            () -> new IllegalStateException("test"));
    for (Stage stage : Stage.values()) {
      for (Supplier<Throwable> what : throwables) {
        Throwable thrown = what.get();
        saboteur.what = () -> thrown;
        saboteur.stage = stage;
        Throwable caught =
            catchThrowable(
                () ->
                    call(
                        (node, lease, ctx) -> {
                          saboteur.fire(Stage.ATTEMPT);
                          return "answer";
                        }));
        saboteur.stage = null;
        if (stage == Stage.DECISION && thrown instanceof RuntimeException) {
          // Listeners' runtime exceptions are logged and skipped: the call goes on.
          assertThat(caught).isNull();
        } else if (stage == Stage.PLACED && thrown instanceof RuntimeException) {
          assertThat(caught).isNull();
        } else if (stage == Stage.ENDED && thrown instanceof RuntimeException) {
          assertThat(caught).isNull();
        } else {
          assertThat(caught).as("%s at %s", thrown, stage).isSameAs(thrown);
        }
        assertNothingHeld();
        // The client is still usable.
        assertThat(call((node, lease, ctx) -> "answer")).isEqualTo("answer");
        assertNothingHeld();
      }
    }
  }

  @Test
  void aFullQueueShedsWithoutLeavingAPlaceTaken() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(2);
    Router.Attempt<Object> hold =
        (node, lease, ctx) -> {
          holding.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "held";
        };
    List<CompletableFuture<Object>> running =
        List.of(
            CompletableFuture.supplyAsync(() -> call(hold)),
            CompletableFuture.supplyAsync(() -> call(hold)));
    assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Object>> waiting = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiting.add(CompletableFuture.supplyAsync(() -> call((node, lease, ctx) -> "late")));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> router.queued() == 4);
    for (int i = 0; i < 20; i++) {
      assertThat(catchThrowable(() -> call((node, lease, ctx) -> "shed")))
          .isInstanceOf(NoNodeAvailableException.class)
          .hasMessageContaining("already waiting");
    }
    assertThat(router.queued()).isEqualTo(4);
    // A waiter whose ranking throws an Error leaves the queue too.
    saboteur.what = () -> new StackOverflowError("while waiting");
    saboteur.stage = Stage.RANK;
    release.countDown();
    for (CompletableFuture<Object> f : running) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("held");
    }
    for (CompletableFuture<Object> f : waiting) {
      assertThat(catchThrowable(() -> f.get(10, TimeUnit.SECONDS)))
          .hasRootCauseInstanceOf(StackOverflowError.class);
    }
    saboteur.stage = null;
    assertNothingHeld();
    assertThat(call((node, lease, ctx) -> "answer")).isEqualTo("answer");
    assertNothingHeld();
  }
}
