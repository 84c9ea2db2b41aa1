package io.ollamalan.internal;

import io.ollamalan.CallOptions;
import io.ollamalan.FleetListener;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.NodeStatus;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.fleet.NodeHandle;
import io.ollamalan.internal.http.CallContext;
import io.ollamalan.internal.http.ChunkDecoder;
import io.ollamalan.internal.http.Exchange;
import io.ollamalan.internal.http.JsonBody;
import io.ollamalan.internal.http.NdjsonResponseStream;
import io.ollamalan.internal.http.Operation;
import io.ollamalan.internal.json.Json;
import io.ollamalan.internal.routing.Router.Route;
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
import io.ollamalan.model.KeepAlive;
import io.ollamalan.model.ProgressResponse;
import io.ollamalan.model.PsResponse;
import io.ollamalan.model.PullRequest;
import io.ollamalan.model.PushRequest;
import io.ollamalan.model.ShowRequest;
import io.ollamalan.model.ShowResponse;
import io.ollamalan.model.TagsResponse;
import io.ollamalan.model.VersionResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP implementation of {@link OllamaClient} over a fleet. A thin layer: it serializes the
 * request once, lets the {@link ClientCore}'s router pick nodes and fail over, and decodes the
 * answer. Views made by {@link #withOptions} share the core.
 */
public final class HttpFleetClient implements OllamaClient {
  private static final Pattern DIGEST = Pattern.compile("sha256[:-][0-9a-fA-F]{64}");
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");

  private static final ChunkDecoder<ChatResponse> CHAT =
      (b, o, l) -> Json.read(b, o, l, ChatResponse.class);
  private static final ChunkDecoder<GenerateResponse> GENERATE =
      (b, o, l) -> Json.read(b, o, l, GenerateResponse.class);
  private static final ChunkDecoder<ProgressResponse> PROGRESS =
      (b, o, l) -> Json.read(b, o, l, ProgressResponse.class);

  private final ClientCore core;
  private final CallOptions options;
  private final boolean root;

  /** The client that owns {@code core}: closing it closes the core. */
  public HttpFleetClient(ClientCore core) {
    this(core, CallOptions.DEFAULT, true);
  }

  private HttpFleetClient(ClientCore core, CallOptions options, boolean root) {
    this.core = core;
    this.options = options;
    this.root = root;
  }

  public ClientCore core() {
    return core;
  }

  @Override
  public OllamaClient withOptions(CallOptions options) {
    return new HttpFleetClient(core, Objects.requireNonNull(options, "options"), false);
  }

  private CallContext context() {
    core.checkOpen();
    return core.newContext(options);
  }

  // Chat

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, context());
  }

  private ChatResponse chat(ChatRequest request, CallContext ctx) {
    if (core.router().config().hedgeAfter() != null) {
      // Hedging races on the first token, which only a stream shows.
      return chatStream(request, ctx).aggregate();
    }
    RequestBody body = JsonBody.of(request, false);
    return unary(
        Operation.CHAT, Routes.chat(request, options), request, body, ChatResponse.class, ctx);
  }

  @Override
  public ResponseStream<ChatResponse> chatStream(ChatRequest request) {
    return chatStream(request, context());
  }

  private ResponseStream<ChatResponse> chatStream(ChatRequest request, CallContext ctx) {
    RequestBody body = JsonBody.of(request, true);
    return stream(
        Operation.CHAT,
        Routes.chat(request, options),
        request,
        body,
        CHAT,
        ChatResponse::done,
        ChatResponse::aggregate,
        ctx);
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    CallContext ctx = context();
    return core.async(ctx, () -> chat(request, ctx));
  }

  @Override
  public Flow.Publisher<ChatResponse> chatPublisher(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    return new StreamPublisher<>(this::context, ctx -> chatStream(request, ctx), core.executor());
  }

  // Generate

  @Override
  public GenerateResponse generate(GenerateRequest request) {
    return generate(request, context());
  }

  private GenerateResponse generate(GenerateRequest request, CallContext ctx) {
    if (core.router().config().hedgeAfter() != null) {
      return generateStream(request, ctx).aggregate();
    }
    RequestBody body = JsonBody.of(request, false);
    return unary(
        Operation.GENERATE,
        Routes.generate(request, options),
        request,
        body,
        GenerateResponse.class,
        ctx);
  }

  @Override
  public ResponseStream<GenerateResponse> generateStream(GenerateRequest request) {
    return generateStream(request, context());
  }

  private ResponseStream<GenerateResponse> generateStream(
      GenerateRequest request, CallContext ctx) {
    RequestBody body = JsonBody.of(request, true);
    return stream(
        Operation.GENERATE,
        Routes.generate(request, options),
        request,
        body,
        GENERATE,
        GenerateResponse::done,
        GenerateResponse::aggregate,
        ctx);
  }

  @Override
  public CompletableFuture<GenerateResponse> generateAsync(GenerateRequest request) {
    CallContext ctx = context();
    return core.async(ctx, () -> generate(request, ctx));
  }

  @Override
  public Flow.Publisher<GenerateResponse> generatePublisher(GenerateRequest request) {
    Objects.requireNonNull(request, "request");
    return new StreamPublisher<>(
        this::context, ctx -> generateStream(request, ctx), core.executor());
  }

  // Embeddings

  @Override
  public EmbedResponse embed(EmbedRequest request) {
    return embed(request, context());
  }

  private EmbedResponse embed(EmbedRequest request, CallContext ctx) {
    RequestBody body = JsonBody.of(request, null);
    return unary(Operation.EMBED, Routes.embed(request), request, body, EmbedResponse.class, ctx);
  }

  @Override
  public CompletableFuture<EmbedResponse> embedAsync(EmbedRequest request) {
    CallContext ctx = context();
    return core.async(ctx, () -> embed(request, ctx));
  }

  @Override
  public EmbeddingsResponse embeddings(EmbeddingsRequest request) {
    RequestBody body = JsonBody.of(request, null);
    return unary(
        Operation.EMBEDDINGS,
        Routes.model(request.model(), request.prompt()),
        request,
        body,
        EmbeddingsResponse.class,
        context());
  }

  // Models

  @Override
  public TagsResponse tags() {
    return unary(Operation.TAGS, Route.NONE, null, null, TagsResponse.class, context());
  }

  @Override
  public ShowResponse show(ShowRequest request) {
    return unary(
        Operation.SHOW,
        Routes.model(request.model(), null),
        request,
        JsonBody.of(request, null),
        ShowResponse.class,
        context());
  }

  @Override
  public PsResponse ps() {
    return unary(Operation.PS, Route.NONE, null, null, PsResponse.class, context());
  }

  @Override
  public VersionResponse version() {
    return unary(Operation.VERSION, Route.NONE, null, null, VersionResponse.class, context());
  }

  @Override
  public ProgressResponse pull(PullRequest request) {
    return unary(
        Operation.PULL,
        Route.NONE,
        request,
        JsonBody.of(request, false),
        ProgressResponse.class,
        context());
  }

  @Override
  public ResponseStream<ProgressResponse> pullStream(PullRequest request) {
    return stream(
        Operation.PULL,
        Route.NONE,
        request,
        JsonBody.of(request, true),
        PROGRESS,
        HttpFleetClient::isProgressDone,
        HttpFleetClient::last,
        context());
  }

  @Override
  public ProgressResponse push(PushRequest request) {
    return unary(
        Operation.PUSH,
        Route.NONE,
        request,
        JsonBody.of(request, false),
        ProgressResponse.class,
        context());
  }

  @Override
  public ResponseStream<ProgressResponse> pushStream(PushRequest request) {
    return stream(
        Operation.PUSH,
        Route.NONE,
        request,
        JsonBody.of(request, true),
        PROGRESS,
        HttpFleetClient::isProgressDone,
        HttpFleetClient::last,
        context());
  }

  @Override
  public ProgressResponse create(CreateRequest request) {
    return unary(
        Operation.CREATE,
        Route.NONE,
        request,
        JsonBody.of(request, false),
        ProgressResponse.class,
        context());
  }

  @Override
  public ResponseStream<ProgressResponse> createStream(CreateRequest request) {
    return stream(
        Operation.CREATE,
        Route.NONE,
        request,
        JsonBody.of(request, true),
        PROGRESS,
        HttpFleetClient::isProgressDone,
        HttpFleetClient::last,
        context());
  }

  @Override
  public void copy(CopyRequest request) {
    empty(Operation.COPY, null, JsonBody.of(request, null), context());
  }

  @Override
  public void delete(DeleteRequest request) {
    empty(Operation.DELETE, null, JsonBody.of(request, null), context());
  }

  @Override
  public boolean blobExists(String digest) {
    String d = checkDigest(digest);
    try {
      empty(Operation.BLOB_EXISTS, d, null, context());
      return true;
    } catch (OllamaException e) {
      if (e.httpStatus() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void createBlob(String digest, Path file) {
    String d = checkDigest(digest);
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("blob file " + file + " does not exist or is not a file");
    }
    empty(Operation.BLOB_CREATE, d, RequestBody.create(file.toFile(), OCTETS), context());
  }

  @Override
  public void load(String model) {
    generate(GenerateRequest.builder(model).build());
  }

  @Override
  public void unload(String model) {
    GenerateRequest unload =
        GenerateRequest.builder(model).keepAlive(KeepAlive.unloadNow()).build();
    if (options.nodeId() != null) {
      generate(unload);
      return;
    }
    OllamaException first = null;
    for (NodeHandle h : core.fleet().handles()) {
      NodeStatus s = h.status();
      if (!s.state().isRoutable() || (s.inventoryKnown() && !s.hasLoaded(model))) {
        continue;
      }
      try {
        withOptions(options.withNode(h.id())).generate(unload);
      } catch (OllamaException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  // Fleet

  @Override
  public FleetSnapshot fleet() {
    return core.snapshot();
  }

  @Override
  public void addFleetListener(FleetListener listener) {
    core.fleet().addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeFleetListener(FleetListener listener) {
    core.fleet().removeListener(listener);
  }

  @Override
  public void close() {
    if (root) {
      core.close();
    }
  }

  // Plumbing

  private static boolean isProgressDone(ProgressResponse p) {
    return ProgressResponse.SUCCESS.equals(p.status());
  }

  private static ProgressResponse last(List<ProgressResponse> l) {
    return l.get(l.size() - 1);
  }

  private <T> T unary(
      Operation op,
      Route route,
      @Nullable Object request,
      @Nullable RequestBody rb,
      Class<T> type,
      CallContext ctx) {
    return core.router()
        .execute(
            op,
            route,
            request,
            ctx,
            false,
            (node, lease, c) -> {
              Exchange ex = node.send(op, null, rb, false, c);
              return node.readBody(ex, type);
            });
  }

  private void empty(
      Operation op, @Nullable String suffix, @Nullable RequestBody rb, CallContext ctx) {
    core.router()
        .execute(
            op,
            Route.NONE,
            null,
            ctx,
            false,
            (node, lease, c) -> {
              Exchange ex = node.send(op, suffix, rb, false, c);
              node.discardBody(ex);
              // The answer has no value; the router needs one to hand over.
              return Boolean.TRUE;
            });
  }

  private <T> ResponseStream<T> stream(
      Operation op,
      Route route,
      @Nullable Object request,
      RequestBody rb,
      ChunkDecoder<T> decoder,
      Predicate<T> isLast,
      Function<List<T>, T> aggregator,
      CallContext ctx) {
    return core.router()
        .execute(
            op,
            route,
            request,
            ctx,
            true,
            (node, lease, c) -> {
              Exchange ex = node.send(op, null, rb, true, c);
              NdjsonResponseStream<T> s = node.openStream(ex, decoder, isLast, aggregator, lease);
              c.attachStream(s);
              s.prefetch();
              return s;
            });
  }

  private static String checkDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          "blob digest must look like sha256:<64 hex digits>, was "
              + (digest == null ? "null" : "'" + digest + "'"));
    }
    return digest.replace('-', ':');
  }
}
