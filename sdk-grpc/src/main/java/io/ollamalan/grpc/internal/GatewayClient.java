package io.ollamalan.grpc.internal;

import com.google.protobuf.ByteString;
import io.grpc.CallCredentials;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.ollamalan.CallOptions;
import io.ollamalan.FleetListener;
import io.ollamalan.FleetSnapshot;
import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import io.ollamalan.grpc.v1.BlobExistsRequest;
import io.ollamalan.grpc.v1.ChatServiceGrpc;
import io.ollamalan.grpc.v1.CreateBlobRequest;
import io.ollamalan.grpc.v1.CreateBlobResponse;
import io.ollamalan.grpc.v1.EmbedServiceGrpc;
import io.ollamalan.grpc.v1.FleetServiceGrpc;
import io.ollamalan.grpc.v1.GenerateServiceGrpc;
import io.ollamalan.grpc.v1.ListRequest;
import io.ollamalan.grpc.v1.LoadRequest;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import io.ollamalan.grpc.v1.PsRequest;
import io.ollamalan.grpc.v1.UnloadRequest;
import io.ollamalan.grpc.v1.VersionRequest;
import io.ollamalan.internal.LeakRegistry;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link OllamaClient} over the ollama.api.v1 gRPC API of one or more gateways. The gateways do the
 * routing, failover and health checking among the nodes; this client balances over the gateways
 * (round_robin over what discovery reports, skipping dead ones) and retries a call on another
 * gateway when the one it went to was unavailable before answering. A call that only reads (embed,
 * embeddings, list, show, ps, version, blob exists, the gateway's fleet) is also sent again when
 * its gateway died after the response headers but before the answer; chat, generate and the model
 * changes never are once a gateway may have forwarded them.
 */
public final class GatewayClient implements OllamaClient {
  private static final Pattern DIGEST = Pattern.compile("sha256[:-][0-9a-fA-F]{64}");
  private static final int BLOB_CHUNK_BYTES = 1024 * 1024;
  private static final Function<List<ProgressResponse>, ProgressResponse> LAST =
      l -> l.isEmpty() ? null : l.get(l.size() - 1);

  private final Shared shared;
  private final CallOptions options;
  private final boolean root;

  GatewayClient(
      ManagedChannel channel,
      GatewayTracker tracker,
      @Nullable CallCredentials credentials,
      Duration callTimeout,
      String name,
      int maxAttempts) {
    this(
        new Shared(channel, tracker, credentials, callTimeout, name, maxAttempts),
        CallOptions.DEFAULT,
        true);
    LeakRegistry.opened(shared, "client (gRPC OllamaClient to " + name + " not closed)");
  }

  private GatewayClient(Shared shared, CallOptions options, boolean root) {
    this.shared = shared;
    this.options = options;
    this.root = root;
  }

  private record Shared(
      ManagedChannel channel,
      GatewayTracker tracker,
      @Nullable CallCredentials credentials,
      Duration callTimeout,
      String name,
      int maxAttempts) {}

  private CallSetup setup() {
    if (shared.channel.isShutdown()) {
      throw new IllegalStateException("the client is closed");
    }
    return new CallSetup(
        shared.channel,
        shared.tracker,
        shared.credentials,
        shared.callTimeout,
        options,
        shared.name,
        shared.maxAttempts);
  }

  @Override
  public OllamaClient withOptions(CallOptions options) {
    return new GatewayClient(shared, Objects.requireNonNull(options, "options"), false);
  }

  // Chat

  @Override
  public ChatResponse chat(ChatRequest request) {
    return UnaryCall.await(chatAsync(request));
  }

  @Override
  public ResponseStream<ChatResponse> chatStream(ChatRequest request) {
    return StreamCall.start(
        setup(),
        ChatServiceGrpc.getChatStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto,
        ChatResponse::aggregate);
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    return UnaryCall.start(
        setup(),
        ChatServiceGrpc.getChatMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto);
  }

  @Override
  public Flow.Publisher<ChatResponse> chatPublisher(ChatRequest request) {
    return new PublisherCall<>(
        this::setup,
        ChatServiceGrpc.getChatStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto);
  }

  // Generate

  @Override
  public GenerateResponse generate(GenerateRequest request) {
    return UnaryCall.await(generateAsync(request));
  }

  @Override
  public ResponseStream<GenerateResponse> generateStream(GenerateRequest request) {
    return StreamCall.start(
        setup(),
        GenerateServiceGrpc.getGenerateStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto,
        GenerateResponse::aggregate);
  }

  @Override
  public CompletableFuture<GenerateResponse> generateAsync(GenerateRequest request) {
    return UnaryCall.start(
        setup(),
        GenerateServiceGrpc.getGenerateMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto);
  }

  @Override
  public Flow.Publisher<GenerateResponse> generatePublisher(GenerateRequest request) {
    return new PublisherCall<>(
        this::setup,
        GenerateServiceGrpc.getGenerateStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto);
  }

  // Embeddings

  @Override
  public EmbedResponse embed(EmbedRequest request) {
    return UnaryCall.await(embedAsync(request));
  }

  @Override
  public CompletableFuture<EmbedResponse> embedAsync(EmbedRequest request) {
    return UnaryCall.startIdempotent(
        setup(),
        EmbedServiceGrpc.getEmbedMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto);
  }

  @Override
  public EmbeddingsResponse embeddings(EmbeddingsRequest request) {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            EmbedServiceGrpc.getEmbeddingsMethod(),
            ProtoMapper.toProto(request),
            ProtoMapper::fromProto));
  }

  // Models

  @Override
  public TagsResponse tags() {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            ModelsServiceGrpc.getListMethod(),
            ListRequest.getDefaultInstance(),
            ProtoMapper::fromProto));
  }

  @Override
  public ShowResponse show(ShowRequest request) {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            ModelsServiceGrpc.getShowMethod(),
            ProtoMapper.toProto(request),
            ProtoMapper::fromProto));
  }

  @Override
  public PsResponse ps() {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            ModelsServiceGrpc.getPsMethod(),
            PsRequest.getDefaultInstance(),
            ProtoMapper::fromProto));
  }

  @Override
  public VersionResponse version() {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            ModelsServiceGrpc.getVersionMethod(),
            VersionRequest.getDefaultInstance(),
            ProtoMapper::fromProto));
  }

  @Override
  public ProgressResponse pull(PullRequest request) {
    return UnaryCall.await(
        UnaryCall.start(
            setup(),
            ModelsServiceGrpc.getPullMethod(),
            ProtoMapper.toProto(request),
            ProtoMapper::fromProto));
  }

  @Override
  public ResponseStream<ProgressResponse> pullStream(PullRequest request) {
    return StreamCall.start(
        setup(),
        ModelsServiceGrpc.getPullStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto,
        LAST);
  }

  @Override
  public ProgressResponse push(PushRequest request) {
    return UnaryCall.await(
        UnaryCall.start(
            setup(),
            ModelsServiceGrpc.getPushMethod(),
            ProtoMapper.toProto(request),
            ProtoMapper::fromProto));
  }

  @Override
  public ResponseStream<ProgressResponse> pushStream(PushRequest request) {
    return StreamCall.start(
        setup(),
        ModelsServiceGrpc.getPushStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto,
        LAST);
  }

  @Override
  public ProgressResponse create(CreateRequest request) {
    return UnaryCall.await(
        UnaryCall.start(
            setup(),
            ModelsServiceGrpc.getCreateMethod(),
            ProtoMapper.toProto(request),
            ProtoMapper::fromProto));
  }

  @Override
  public ResponseStream<ProgressResponse> createStream(CreateRequest request) {
    return StreamCall.start(
        setup(),
        ModelsServiceGrpc.getCreateStreamMethod(),
        ProtoMapper.toProto(request),
        ProtoMapper::fromProto,
        LAST);
  }

  @Override
  public void copy(CopyRequest request) {
    UnaryCall.await(
        UnaryCall.start(
            setup(), ModelsServiceGrpc.getCopyMethod(), ProtoMapper.toProto(request), r -> r));
  }

  @Override
  public void delete(DeleteRequest request) {
    UnaryCall.await(
        UnaryCall.start(
            setup(), ModelsServiceGrpc.getDeleteMethod(), ProtoMapper.toProto(request), r -> r));
  }

  @Override
  public boolean blobExists(String digest) {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            ModelsServiceGrpc.getBlobExistsMethod(),
            BlobExistsRequest.newBuilder().setDigest(checkDigest(digest)).build(),
            r -> r.getExists()));
  }

  @Override
  public void createBlob(String digest, Path file) {
    String d = checkDigest(digest);
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("blob file " + file + " does not exist or is not a file");
    }
    CallSetup setup = setup();
    ClientCall<CreateBlobRequest, CreateBlobResponse> call =
        setup.newCall(ModelsServiceGrpc.getCreateBlobMethod());
    CompletableFuture<Void> done = new CompletableFuture<>();
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read blob file " + file, e);
    }
    BlobUpload upload = new BlobUpload(call, in, d, setup, done);
    call.start(upload, setup.headers());
    call.request(1);
    upload.onReady();
    UnaryCall.await(done);
  }

  /** Sends a file in chunks as the transport is ready for them: no whole-file buffer. */
  private static final class BlobUpload extends ClientCall.Listener<CreateBlobResponse> {
    private final ClientCall<CreateBlobRequest, CreateBlobResponse> call;
    private final InputStream in;
    private final String digest;
    private final CallSetup setup;
    private final CompletableFuture<Void> done;
    private boolean first = true;
    private boolean sent;
    private @Nullable Metadata headers;

    BlobUpload(
        ClientCall<CreateBlobRequest, CreateBlobResponse> call,
        InputStream in,
        String digest,
        CallSetup setup,
        CompletableFuture<Void> done) {
      this.call = call;
      this.in = in;
      this.digest = digest;
      this.setup = setup;
      this.done = done;
    }

    @Override
    public synchronized void onReady() {
      try {
        while (!sent && call.isReady()) {
          byte[] chunk = in.readNBytes(BLOB_CHUNK_BYTES);
          if (chunk.length == 0 && !first) {
            sent = true;
            in.close();
            call.halfClose();
            return;
          }
          CreateBlobRequest.Builder b =
              CreateBlobRequest.newBuilder().setData(ByteString.copyFrom(chunk));
          if (first) {
            b.setDigest(digest);
            first = false;
          }
          call.sendMessage(b.build());
        }
      } catch (IOException e) {
        sent = true;
        call.cancel("cannot read the blob file", e);
      }
    }

    @Override
    public void onHeaders(Metadata h) {
      headers = h;
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      try {
        in.close();
      } catch (IOException e) {
        // The upload's outcome is what matters to the caller.
      }
      if (status.isOk()) {
        done.complete(null);
      } else {
        done.completeExceptionally(setup.error(status, headers, trailers, false, false));
      }
    }
  }

  @Override
  public void load(String model) {
    UnaryCall.await(
        UnaryCall.start(
            setup(),
            ModelsServiceGrpc.getLoadMethod(),
            LoadRequest.newBuilder().setModel(model).build(),
            r -> r));
  }

  @Override
  public void unload(String model) {
    UnaryCall.await(
        UnaryCall.start(
            setup(),
            ModelsServiceGrpc.getUnloadMethod(),
            UnloadRequest.newBuilder().setModel(model).build(),
            r -> r));
  }

  // Fleet

  /**
   * The gateways this client reaches, as nodes ({@code grpc://host:port}), with the state the
   * client saw in its calls through each. The nodes behind the gateways are in {@link
   * #gatewayFleet()}.
   */
  @Override
  public FleetSnapshot fleet() {
    return shared.tracker.snapshot();
  }

  /** The nodes behind the gateways, as one gateway sees them. */
  public FleetSnapshot gatewayFleet() {
    return UnaryCall.await(
        UnaryCall.startIdempotent(
            setup(),
            FleetServiceGrpc.getGetFleetMethod(),
            io.ollamalan.grpc.v1.GetFleetRequest.getDefaultInstance(),
            ProtoMapper::fromProto));
  }

  @Override
  public void addFleetListener(FleetListener listener) {
    shared.tracker.addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeFleetListener(FleetListener listener) {
    shared.tracker.removeListener(listener);
  }

  /** Stops taking calls, lets the ones in flight finish, and releases the connections. */
  @Override
  public void close() {
    if (!root) {
      return;
    }
    shared.channel.shutdown();
    LeakRegistry.closed(shared);
  }

  /** Waits up to {@code timeout} for the calls in flight to end after {@link #close()}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return shared.channel.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static String checkDigest(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          "blob digest must be sha256:<64 hex digits>, was " + digest);
    }
    return digest.replace('-', ':');
  }
}
