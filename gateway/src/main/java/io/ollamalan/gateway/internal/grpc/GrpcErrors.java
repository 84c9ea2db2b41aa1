package io.ollamalan.gateway.internal.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.ollamalan.OllamaException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Failures as gRPC statuses. The description is Ollama's own error text when the node sent one
 * ({@code model "x" not found, try pulling it first}), otherwise the SDK's message, which says what
 * went wrong and what to do. Trailers carry the details a client needs to rebuild the failure:
 * {@value #KIND}, {@value #HTTP_STATUS}, {@value GrpcMetadata#NODE_KEY_NAME}, {@value
 * GrpcMetadata#REQUEST_ID_KEY_NAME} and {@value #PARTIAL}.
 *
 * <p>A failure the fleet gave is final for gRPC's retry policy (a negative {@code
 * grpc-retry-pushback-ms}): clients retry UNAVAILABLE on another gateway only when this gateway did
 * not answer, or answered that no node could take the call, so that nothing a node may have
 * received is sent to the fleet twice.
 */
public final class GrpcErrors {

  /** Trailer: the {@link OllamaException.Kind} name, e.g. {@code SERVER_BUSY}. */
  public static final String KIND = "x-ollama-error-kind";

  /** Trailer: the node's HTTP status, when it answered with one. */
  public static final String HTTP_STATUS = "x-ollama-http-status";

  /** Trailer: {@code true} when part of a streamed answer was delivered before the failure. */
  public static final String PARTIAL = "x-ollama-partial";

  /**
   * gRPC's retry pushback trailer (gRFC A6): a negative value tells the client's retry policy not
   * to send the call again.
   */
  static final Metadata.Key<String> RETRY_PUSHBACK_KEY =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<String> KIND_KEY =
      Metadata.Key.of(KIND, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> HTTP_STATUS_KEY =
      Metadata.Key.of(HTTP_STATUS, Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> PARTIAL_KEY =
      Metadata.Key.of(PARTIAL, Metadata.ASCII_STRING_MARSHALLER);

  private GrpcErrors() {}

  /** The status and trailers for a failure of a call. */
  public static StatusRuntimeException toStatus(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof StatusRuntimeException) {
      return (StatusRuntimeException) e;
    }
    if (e instanceof StatusException) {
      StatusException se = (StatusException) e;
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    if (e instanceof OllamaException) {
      return fromOllama((OllamaException) e);
    }
    if (e instanceof CancellationException) {
      return Status.CANCELLED.withDescription("The call was cancelled").asRuntimeException();
    }
    if (e instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
    }
    if (e instanceof IllegalStateException) {
      return Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e).asRuntimeException();
    }
    return Status.INTERNAL
        .withDescription("The gateway failed: " + e.getClass().getSimpleName())
        .withCause(e)
        .asRuntimeException();
  }

  /** The gRPC code for an SDK failure kind. */
  static Status.Code code(OllamaException.Kind kind) {
    switch (kind) {
      case MODEL_NOT_FOUND:
      case NOT_FOUND:
        return Status.Code.NOT_FOUND;
      case BAD_REQUEST:
        return Status.Code.INVALID_ARGUMENT;
      case UNAUTHORIZED:
        return Status.Code.UNAUTHENTICATED;
      case FORBIDDEN:
        return Status.Code.PERMISSION_DENIED;
      case SERVER_BUSY:
        return Status.Code.RESOURCE_EXHAUSTED;
      case CANCELED:
      case CLIENT_CANCELED:
        return Status.Code.CANCELLED;
      case TIMEOUT:
        return Status.Code.DEADLINE_EXCEEDED;
      case TRANSPORT:
      case TLS:
      case NO_NODE_AVAILABLE:
        return Status.Code.UNAVAILABLE;
      case SERVER_ERROR:
      case PROTOCOL:
      default:
        return Status.Code.INTERNAL;
    }
  }

  private static StatusRuntimeException fromOllama(OllamaException e) {
    String text = e.serverMessage().isEmpty() ? e.getMessage() : e.serverMessage();
    Metadata trailers = new Metadata();
    trailers.put(KIND_KEY, e.kind().name());
    if (e.httpStatus() > 0) {
      trailers.put(HTTP_STATUS_KEY, Integer.toString(e.httpStatus()));
    }
    if (!e.nodeId().isEmpty()) {
      trailers.put(GrpcMetadata.NODE, e.nodeId());
    }
    if (!e.requestId().isEmpty()) {
      trailers.put(GrpcMetadata.REQUEST_ID, e.requestId());
    }
    if (e.partialResponseDelivered()) {
      trailers.put(PARTIAL_KEY, "true");
    }
    if (e.kind() != OllamaException.Kind.NO_NODE_AVAILABLE) {
      // The gateway's client has already failed over within the fleet and the request may have
      // reached a node: a retry on another gateway would send it to the same fleet again.
      trailers.put(RETRY_PUSHBACK_KEY, "-1");
    }
    return Status.fromCode(code(e.kind()))
        .withDescription(text)
        .withCause(e)
        .asRuntimeException(trailers);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
