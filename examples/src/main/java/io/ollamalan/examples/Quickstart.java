package io.ollamalan.examples;

import io.ollamalan.CallOptions;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.Message;
import io.ollamalan.model.ModelSummary;
import io.ollamalan.model.Options;
import io.ollamalan.routing.RoutingDecision;
import io.ollamalan.testkit.FakeFleet;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart: what the SDK does for an application, in under a minute.
 *
 * <ol>
 *   <li>a chat, a streamed answer and an embedding;
 *   <li>a routing decision: every node the balancer considered, and why it chose the one it did;
 *   <li>a conversation staying on its warm node (its prompt cache) through an affinity key;
 *   <li>a node killed in the middle of a run while calls fail over to the others, none lost.
 * </ol>
 *
 * <p>It uses a real Ollama when one answers at {@code OLLAMA_HOST} (or localhost:11434), choosing
 * the models from {@code OLLAMA_MODEL} and {@code OLLAMA_EMBED_MODEL} (by default the first
 * installed model) and skipping the kill; otherwise it starts an embedded fake fleet of three nodes
 * on 127.0.0.11-13.
 */
public final class Quickstart {
  /** The chat model of the embedded fleet. */
  public static final String CHAT_MODEL = "llama3.2:latest";

  /** The embedding model of the embedded fleet. */
  public static final String EMBED_MODEL = "all-minilm:latest";

  /** Calls of the failover run, and the threads making them. */
  private static final int FAILOVER_CALLS = 48;

  private static final int FAILOVER_THREADS = 4;

  private Quickstart() {}

  /**
   * How the tour went.
   *
   * @param calls calls made
   * @param failed calls that ended in an error
   * @param failedOver calls that succeeded on another node after an attempt failed
   * @param killedNode the node stopped during the run, or null when none was
   */
  public record Outcome(int calls, int failed, int failedOver, String killedNode) {}

  public static void main(String[] args) throws Exception {
    String realUrl = Examples.realOllama();
    if (realUrl != null) {
      System.out.println("Using the real Ollama at " + realUrl);
      Outcome o = run(List.of(realUrl), null, System.out);
      System.exit(o.failed() == 0 ? 0 : 1);
    }
    try (FakeFleet fleet =
        FakeFleet.startIndexed(3, FakeFleet.DEFAULT_PORT, Quickstart::fakeNode)) {
      System.out.println(
          "No Ollama answered at "
              + Examples.ollamaHost()
              + "; using an embedded fake fleet of 3 nodes: "
              + String.join(", ", fleet.baseUrls()));
      Outcome o = run(fleet.baseUrls(), fleet, System.out);
      System.exit(o.failed() == 0 ? 0 : 1);
    }
  }

  /**
   * Node {@code i} of the embedded fleet: both models installed; the chat model loaded on every
   * node but the third, so that the balancer has warm nodes to prefer over a cold load.
   */
  public static void fakeNode(int i, FakeOllamaNode.Builder b) {
    b.model(FakeModel.chat(CHAT_MODEL).replyTokens(16))
        .model(FakeModel.embedding(EMBED_MODEL))
        .tokensPerSecond(60);
    if (i < 2) {
      b.loaded(CHAT_MODEL);
    }
  }

  /**
   * Runs the tour against {@code nodes}; {@code fleet}, when not null, is the embedded fleet those
   * nodes belong to, and one of its nodes is killed during the failover run.
   */
  public static Outcome run(List<String> nodes, FakeFleet fleet, PrintStream out) {
    Recorder recorder = new Recorder();
    try (OllamaClient client =
        OllamaClient.builder().nodes(nodes.toArray(String[]::new)).listener(recorder).build()) {
      return tour(client, fleet, recorder, out);
    } catch (OllamaException e) {
      out.println("The quickstart failed: " + e.getMessage());
      return new Outcome(recorder.calls(), Math.max(1, recorder.failed()), 0, null);
    }
  }

  private static Outcome tour(
      OllamaClient client, FakeFleet fleet, Recorder recorder, PrintStream out) {
    boolean fake = fleet != null;
    String chatModel = fake ? CHAT_MODEL : System.getenv("OLLAMA_MODEL");
    String embedModel = fake ? EMBED_MODEL : System.getenv("OLLAMA_EMBED_MODEL");
    if (chatModel == null) {
      List<ModelSummary> installed = client.tags().models();
      if (installed.isEmpty()) {
        out.println("The Ollama has no model installed: run `ollama pull llama3.2` first.");
        return new Outcome(0, 0, 0, null);
      }
      chatModel = installed.get(0).name();
    }
    if (embedModel == null) {
      embedModel = chatModel;
    }
    Examples.awaitInventory(client, Duration.ofSeconds(10));
    Options shortAnswer = Options.builder().numPredict(64).build();

    out.println();
    out.println("1. Chat with " + chatModel);
    ChatResponse answer =
        client
            .withOptions(CallOptions.DEFAULT.withRequestId("quickstart-chat"))
            .chat(
                ChatRequest.builder(chatModel)
                    .user("Why is the sky blue? One sentence.")
                    .options(shortAnswer)
                    .build());
    out.println("   " + answer.content().strip());
    out.printf(
        Locale.ROOT,
        "   (%d prompt tokens, %d generated at %.1f tokens/s)%n",
        answer.promptEvalCount(),
        answer.evalCount(),
        answer.tokensPerSecond());

    out.println();
    out.println("2. Why that node: the routing decision of the chat above");
    RoutingDecision decision = recorder.firstDecision("quickstart-chat");
    if (decision != null) {
      printDecision(decision, out);
    }

    out.println();
    out.println("3. Streamed answer, token by token");
    out.print("   ");
    String node;
    try (ResponseStream<ChatResponse> stream =
        client.chatStream(
            ChatRequest.builder(chatModel)
                .user("Name three colours of the rainbow.")
                .options(shortAnswer)
                .build())) {
      node = stream.nodeId();
      while (stream.hasNext()) {
        out.print(stream.next().content());
        out.flush();
      }
    }
    out.println();
    out.println("   (streamed from " + node + ")");

    out.println();
    out.println("4. Embedding with " + embedModel);
    try {
      EmbedResponse e =
          client.embed(
              EmbedRequest.builder(embedModel)
                  .inputs("The sky is blue.", "Grass is green.")
                  .build());
      float[] v = e.embeddings().get(0);
      out.printf(
          Locale.ROOT,
          "   %d vectors of %d dimensions; first values %.4f, %.4f, %.4f%n",
          e.embeddings().size(),
          v.length,
          v[0],
          v[1],
          v[2]);
    } catch (OllamaException e) {
      out.println(
          "   skipped: " + e.serverMessage() + " (set OLLAMA_EMBED_MODEL to an embedding model)");
    }

    out.println();
    out.println("5. A conversation stays on its warm node (affinity key)");
    conversation(client, recorder, chatModel, shortAnswer, "conversation-42", out);

    String killed = null;
    if (fake) {
      out.println();
      out.println(
          "6. A node killed mid-run: "
              + FAILOVER_CALLS
              + " calls from "
              + FAILOVER_THREADS
              + " threads, one node stopped while it serves some");
      killed = killDuringRun(client, fleet, recorder, chatModel, shortAnswer, out);
    }

    out.println();
    out.println((fake ? "7" : "6") + ". The fleet as the client sees it");
    FleetSnapshot snapshot = client.fleet();
    for (NodeStatus s : snapshot.nodes()) {
      out.printf(
          Locale.ROOT,
          "   %-28s %-8s loaded %-18s breaker %s%n",
          s.node().id(),
          s.state(),
          s.loadedModels().isEmpty() ? "-" : s.loadedModels().get(0).name(),
          s.breakerState());
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "%d calls, %d failed, %d failed over to another node.%n",
        recorder.calls(),
        recorder.failed(),
        recorder.failedOver());
    return new Outcome(recorder.calls(), recorder.failed(), recorder.failedOver(), killed);
  }

  private static void printDecision(RoutingDecision d, PrintStream out) {
    out.println(
        "   "
            + d.balancer()
            + " balancer chose "
            + d.chosenNodeId()
            + " ("
            + d.reason()
            + ") out of:");
    for (RoutingDecision.Candidate c : d.candidates()) {
      out.printf(
          Locale.ROOT,
          "   %s %-28s %-7s %d/%d in flight  %s%s%n",
          c.nodeId().equals(d.chosenNodeId()) ? "*" : " ",
          c.nodeId(),
          c.state(),
          c.inFlight(),
          c.limit(),
          Double.isNaN(c.score())
              ? ""
              : String.format(Locale.ROOT, "predicted %.0f ms, ", c.score()),
          c.note());
    }
  }

  private static void conversation(
      OllamaClient client,
      Recorder recorder,
      String model,
      Options options,
      String key,
      PrintStream out) {
    List<Message> history = new ArrayList<>();
    for (int turn = 1; turn <= 3; turn++) {
      history.add(Message.user("Turn " + turn + ": tell me one more fact about the sky."));
      String requestId = key + "-turn-" + turn;
      ChatResponse r =
          client
              .withOptions(CallOptions.DEFAULT.withAffinityKey(key).withRequestId(requestId))
              .chat(ChatRequest.builder(model).messages(history).options(options).build());
      history.add(Message.assistant(r.content()));
      RoutingDecision d = recorder.firstDecision(requestId);
      out.println(
          "   "
              + key
              + " turn "
              + turn
              + " -> "
              + (d == null ? "?" : d.chosenNodeId() + " (" + d.reason() + ")"));
    }
  }

  private static String killDuringRun(
      OllamaClient client,
      FakeFleet fleet,
      Recorder recorder,
      String model,
      Options options,
      PrintStream out) {
    int failedBefore = recorder.failed();
    int failedOverBefore = recorder.failedOver();
    ExecutorService pool = Executors.newFixedThreadPool(FAILOVER_THREADS);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < FAILOVER_THREADS; t++) {
      int thread = t;
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < FAILOVER_CALLS / FAILOVER_THREADS; i++) {
                  try {
                    client
                        .withOptions(
                            CallOptions.DEFAULT.withAffinityKey("user-" + thread + "-" + i))
                        .chat(
                            ChatRequest.builder(model)
                                .user("Question " + i + " from worker " + thread)
                                .options(options)
                                .build());
                  } catch (OllamaException e) {
                    // Counted by the recorder; the run goes on.
                  }
                }
              }));
    }
    FakeOllamaNode victim = Examples.awaitBusyNode(fleet, Duration.ofSeconds(20));
    String killed = null;
    if (victim != null) {
      int inFlight = victim.inFlight();
      victim.stop();
      killed = victim.baseUrl();
      out.println("   killed " + killed + " with " + inFlight + " call(s) in flight");
    }
    pool.shutdown();
    for (Future<?> f : work) {
      try {
        f.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        f.cancel(true);
      }
    }
    pool.shutdownNow();
    out.printf(
        Locale.ROOT,
        "   %d calls: %d failed, %d failed over to another node%n",
        FAILOVER_CALLS,
        recorder.failed() - failedBefore,
        recorder.failedOver() - failedOverBefore);
    return killed;
  }
}
