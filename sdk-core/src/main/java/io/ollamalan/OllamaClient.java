package io.ollamalan;

import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.CopyRequest;
import io.ollamalan.model.CreateRequest;
import io.ollamalan.model.DeleteRequest;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import io.ollamalan.model.EmbeddingsRequest;
import io.ollamalan.model.EmbeddingsResponse;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.model.GenerateResponse;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PsResponse;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.PushRequest;
import io.ollamalan.model.ShowRequest;
import io.ollamalan.model.ShowResponse;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.VersionResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A typed client for Ollama's native API over a whole fleet of nodes. Thread-safe; build one per
 * application with {@link #builder()} and share it.
 *
 * <p>Inference calls (chat, generate, embed) are routed to a node that has the model, with failover
 * to another node when nothing was delivered yet. Model-management calls (tags, show, ps, version,
 * pull, push, create, copy, delete, blobs) go to one node chosen the same way, or to the node named
 * with {@link CallOptions#withNode(String)}: use {@link #withOptions} to pin them.
 *
 * <p>Three call styles share the same request and response types: blocking ({@link #chat}),
 * streaming ({@link #chatStream}, a closeable iterator), and asynchronous ({@link #chatAsync}, and
 * {@link #chatPublisher} for a {@link Flow.Publisher} of chunks). Every failure is an {@link
 * OllamaException}.
 *
 * <p>The interface does not depend on how nodes are reached: the HTTP fleet client and the gRPC
 * gateway client both implement it.
 */
public interface OllamaClient extends AutoCloseable {

  /**
   * A builder for the client: over HTTP to the nodes, or over gRPC to gateways when given {@code
   * grpc://} addresses (see {@link OllamaClientBuilder}).
   */
  static OllamaClientBuilder builder() {
    return new OllamaClientBuilder();
  }

  /**
   * A view of this client whose calls use {@code options} (deadline, node, affinity, principal).
   * Cheap: views share the client's connections and state, and closing a view does nothing.
   */
  OllamaClient withOptions(CallOptions options);

  // Chat

  /** {@code POST /api/chat} with {@code stream:false}: the whole answer at once. */
  ChatResponse chat(ChatRequest request);

  /**
   * {@code POST /api/chat} streamed: returns once the first chunk arrived (so a node that fails
   * before answering is replaced by another one), then yields chunks as the node produces them.
   */
  ResponseStream<ChatResponse> chatStream(ChatRequest request);

  /** {@link #chat} without blocking; cancelling the future cancels the HTTP call. */
  CompletableFuture<ChatResponse> chatAsync(ChatRequest request);

  /**
   * {@link #chatStream} as a {@link Flow.Publisher}: the call starts on the first {@code
   * request(n)}, honours demand, and cancelling the subscription cancels the HTTP call. Each
   * subscription makes its own call.
   */
  Flow.Publisher<ChatResponse> chatPublisher(ChatRequest request);

  // Generate

  /** {@code POST /api/generate} with {@code stream:false}. */
  GenerateResponse generate(GenerateRequest request);

  /** {@code POST /api/generate} streamed; see {@link #chatStream}. */
  ResponseStream<GenerateResponse> generateStream(GenerateRequest request);

  /** {@link #generate} without blocking. */
  CompletableFuture<GenerateResponse> generateAsync(GenerateRequest request);

  /** {@link #generateStream} as a {@link Flow.Publisher}. */
  Flow.Publisher<GenerateResponse> generatePublisher(GenerateRequest request);

  // Embeddings

  /** {@code POST /api/embed}: normalized vectors for one or more inputs. */
  EmbedResponse embed(EmbedRequest request);

  /** {@link #embed} without blocking. */
  CompletableFuture<EmbedResponse> embedAsync(EmbedRequest request);

  /** {@code POST /api/embeddings}, the legacy single-prompt endpoint (vectors not normalized). */
  EmbeddingsResponse embeddings(EmbeddingsRequest request);

  // Models

  /** {@code GET /api/tags}: models installed on the node. */
  TagsResponse tags();

  /** {@code POST /api/show}: details of one model. */
  ShowResponse show(ShowRequest request);

  /** {@code GET /api/ps}: models in memory on the node. */
  PsResponse ps();

  /** {@code GET /api/version}. */
  VersionResponse version();

  /** {@code POST /api/pull} without streaming: returns the final status when the pull ends. */
  ProgressResponse pull(PullRequest request);

  /** {@code POST /api/pull} with progress. */
  ResponseStream<ProgressResponse> pullStream(PullRequest request);

  /** {@code POST /api/push} without streaming. */
  ProgressResponse push(PushRequest request);

  /** {@code POST /api/push} with progress. */
  ResponseStream<ProgressResponse> pushStream(PushRequest request);

  /** {@code POST /api/create} without streaming. */
  ProgressResponse create(CreateRequest request);

  /** {@code POST /api/create} with progress. */
  ResponseStream<ProgressResponse> createStream(CreateRequest request);

  /** {@code POST /api/copy}. */
  void copy(CopyRequest request);

  /** {@code DELETE /api/delete}. */
  void delete(DeleteRequest request);

  /**
   * {@code HEAD /api/blobs/:digest}: whether the node has the blob.
   *
   * @param digest {@code sha256:<64 hex>}
   */
  boolean blobExists(String digest);

  /**
   * {@code POST /api/blobs/:digest}: uploads a file as a blob; the node checks the digest.
   *
   * @param digest {@code sha256:<64 hex>} of the file's content
   */
  void createBlob(String digest, Path file);

  /**
   * Loads {@code model} into memory (an empty generate request) so that the next call does not wait
   * for it. On a fleet, loads it on the node the balancer picks, or the pinned node.
   */
  void load(String model);

  /**
   * Unloads {@code model} at once ({@code keep_alive: 0}). Without a pinned node, unloads it on
   * every node that reports it loaded.
   */
  void unload(String model);

  // Fleet

  /** The whole fleet's state now: nodes, health, inventory, load. */
  FleetSnapshot fleet();

  /** Receives fleet changes until removed. */
  void addFleetListener(FleetListener listener);

  /** Stops receiving fleet changes. */
  void removeFleetListener(FleetListener listener);

  /**
   * Stops discovery and health checks, cancels nothing in flight, and releases idle connections and
   * threads. The client cannot be used afterwards. Views from {@link #withOptions} ignore it.
   */
  @Override
  void close();
}
