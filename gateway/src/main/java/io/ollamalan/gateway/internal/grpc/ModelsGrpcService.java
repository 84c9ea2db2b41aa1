package io.ollamalan.gateway.internal.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.ollamalan.gateway.internal.CallScope;
import io.ollamalan.grpc.internal.ProtoMapper;
import io.ollamalan.grpc.v1.BlobExistsRequest;
import io.ollamalan.grpc.v1.BlobExistsResponse;
import io.ollamalan.grpc.v1.CopyRequest;
import io.ollamalan.grpc.v1.CopyResponse;
import io.ollamalan.grpc.v1.CreateBlobRequest;
import io.ollamalan.grpc.v1.CreateBlobResponse;
import io.ollamalan.grpc.v1.CreateRequest;
import io.ollamalan.grpc.v1.DeleteRequest;
import io.ollamalan.grpc.v1.DeleteResponse;
import io.ollamalan.grpc.v1.ListRequest;
import io.ollamalan.grpc.v1.ListResponse;
import io.ollamalan.grpc.v1.LoadRequest;
import io.ollamalan.grpc.v1.LoadResponse;
import io.ollamalan.grpc.v1.ModelsServiceGrpc;
import io.ollamalan.grpc.v1.ProgressResponse;
import io.ollamalan.grpc.v1.PsRequest;
import io.ollamalan.grpc.v1.PsResponse;
import io.ollamalan.grpc.v1.PullRequest;
import io.ollamalan.grpc.v1.PushRequest;
import io.ollamalan.grpc.v1.ShowRequest;
import io.ollamalan.grpc.v1.ShowResponse;
import io.ollamalan.grpc.v1.UnloadRequest;
import io.ollamalan.grpc.v1.UnloadResponse;
import io.ollamalan.grpc.v1.VersionRequest;
import io.ollamalan.grpc.v1.VersionResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

final class ModelsGrpcService extends ModelsServiceGrpc.ModelsServiceImplBase {
  private final GrpcFront front;

  ModelsGrpcService(GrpcFront front) {
    this.front = front;
  }

  @Override
  public void list(ListRequest request, StreamObserver<ListResponse> observer) {
    front.blocking(observer, c -> c.tags(), ProtoMapper::toProto);
  }

  @Override
  public void show(ShowRequest request, StreamObserver<ShowResponse> observer) {
    front.blocking(observer, c -> c.show(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
    front.blocking(observer, c -> c.version(), ProtoMapper::toProto);
  }

  @Override
  public void ps(PsRequest request, StreamObserver<PsResponse> observer) {
    front.blocking(observer, c -> c.ps(), ProtoMapper::toProto);
  }

  @Override
  public void pull(PullRequest request, StreamObserver<ProgressResponse> observer) {
    front.last(observer, c -> c.pullStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void pullStream(PullRequest request, StreamObserver<ProgressResponse> observer) {
    front.stream(observer, c -> c.pullStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void push(PushRequest request, StreamObserver<ProgressResponse> observer) {
    front.last(observer, c -> c.pushStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void pushStream(PushRequest request, StreamObserver<ProgressResponse> observer) {
    front.stream(observer, c -> c.pushStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void create(CreateRequest request, StreamObserver<ProgressResponse> observer) {
    front.last(observer, c -> c.createStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void createStream(CreateRequest request, StreamObserver<ProgressResponse> observer) {
    front.stream(
        observer, c -> c.createStream(ProtoMapper.fromProto(request)), ProtoMapper::toProto);
  }

  @Override
  public void copy(CopyRequest request, StreamObserver<CopyResponse> observer) {
    front.blocking(
        observer,
        c -> {
          c.copy(ProtoMapper.fromProto(request));
          return CopyResponse.getDefaultInstance();
        },
        r -> r);
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> observer) {
    front.blocking(
        observer,
        c -> {
          c.delete(ProtoMapper.fromProto(request));
          return DeleteResponse.getDefaultInstance();
        },
        r -> r);
  }

  @Override
  public void load(LoadRequest request, StreamObserver<LoadResponse> observer) {
    front.blocking(
        observer,
        c -> {
          c.load(ProtoMapper.requireModel(request.getModel()));
          return LoadResponse.getDefaultInstance();
        },
        r -> r);
  }

  @Override
  public void unload(UnloadRequest request, StreamObserver<UnloadResponse> observer) {
    front.blocking(
        observer,
        c -> {
          c.unload(ProtoMapper.requireModel(request.getModel()));
          return UnloadResponse.getDefaultInstance();
        },
        r -> r);
  }

  @Override
  public void blobExists(BlobExistsRequest request, StreamObserver<BlobExistsResponse> observer) {
    front.blocking(
        observer,
        c -> BlobExistsResponse.newBuilder().setExists(c.blobExists(request.getDigest())).build(),
        r -> r);
  }

  /**
   * Spools the uploaded bytes to a temporary file (the SDK uploads a file, so that a failed upload
   * to one node can be retried on another), then uploads it. The file is deleted in every case.
   */
  @Override
  public StreamObserver<CreateBlobRequest> createBlob(
      StreamObserver<CreateBlobResponse> responseObserver) {
    ServerCallStreamObserver<CreateBlobResponse> obs =
        (ServerCallStreamObserver<CreateBlobResponse>) responseObserver;
    CallScope scope;
    try {
      scope = GrpcFront.scope();
    } catch (RuntimeException e) {
      obs.onError(GrpcErrors.toStatus(e));
      return new Ignoring();
    }
    return new BlobUpload(obs, scope);
  }

  private final class BlobUpload implements StreamObserver<CreateBlobRequest> {
    private final ServerCallStreamObserver<CreateBlobResponse> obs;
    private final CallScope scope;
    private @Nullable Path file;
    private @Nullable OutputStream out;
    private @Nullable String digest;
    private boolean failed;

    BlobUpload(ServerCallStreamObserver<CreateBlobResponse> obs, CallScope scope) {
      this.obs = obs;
      this.scope = scope;
      obs.setOnCancelHandler(this::discard);
    }

    @Override
    public void onNext(CreateBlobRequest chunk) {
      if (failed) {
        return;
      }
      try {
        if (out == null) {
          if (chunk.getDigest().isEmpty()) {
            fail(
                Status.INVALID_ARGUMENT.withDescription(
                    "digest: the first message must name the blob, \"sha256:<64 hex digits>\""));
            return;
          }
          digest = chunk.getDigest();
          file = Files.createTempFile("ollama-blob-", ".part");
          out = Files.newOutputStream(file);
        }
        chunk.getData().writeTo(out);
      } catch (IOException e) {
        fail(Status.INTERNAL.withDescription("The gateway could not spool the blob: " + e));
      }
    }

    @Override
    public void onError(Throwable t) {
      discard();
    }

    @Override
    public void onCompleted() {
      if (failed) {
        return;
      }
      if (out == null) {
        fail(Status.INVALID_ARGUMENT.withDescription("No message: send the digest and the bytes"));
        return;
      }
      try {
        out.close();
      } catch (IOException e) {
        fail(Status.INTERNAL.withDescription("The gateway could not spool the blob: " + e));
        return;
      }
      Path spooled = Objects.requireNonNull(file, "file");
      String d = Objects.requireNonNull(digest, "digest");
      front
          .forwarder()
          .call(
              scope,
              c -> {
                c.createBlob(d, spooled);
                return CreateBlobResponse.getDefaultInstance();
              })
          .whenComplete(
              (r, e) -> {
                deleteQuietly(spooled);
                if (obs.isCancelled()) {
                  return;
                }
                if (e != null) {
                  obs.onError(GrpcErrors.toStatus(e));
                } else {
                  obs.onNext(r);
                  obs.onCompleted();
                }
              });
    }

    private void fail(Status status) {
      failed = true;
      discard();
      obs.onError(status.asRuntimeException());
    }

    private synchronized void discard() {
      try {
        if (out != null) {
          out.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (file != null) {
          deleteQuietly(file);
        }
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }

  private static final class Ignoring implements StreamObserver<CreateBlobRequest> {
    @Override
    public void onNext(CreateBlobRequest value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
