package io.ollamalan.grpc.internal;

import io.grpc.Metadata;
import io.grpc.Status;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaTransportException;
import io.ollamalan.internal.Errors;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Maps a gRPC status back to the {@link OllamaException} the HTTP client would have thrown: the
 * inverse of the gateway's mapping, with the status description as Ollama's error text.
 */
final class StatusMapping {
  /** Trailers the gateway adds to a failure (see the gateway's GrpcErrors). */
  static final Metadata.Key<String> KIND =
      Metadata.Key.of("x-ollama-error-kind", Metadata.ASCII_STRING_MARSHALLER);

  static final Metadata.Key<String> HTTP_STATUS =
      Metadata.Key.of("x-ollama-http-status", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> PARTIAL =
      Metadata.Key.of("x-ollama-partial", Metadata.ASCII_STRING_MARSHALLER);

  private StatusMapping() {}

  /**
   * As {@link #map(Status, Metadata, String, String, boolean, long, boolean, boolean)}, for a call
   * the gateway is not known to have received.
   */
  static OllamaException map(
      Status status,
      Metadata trailers,
      String nodeId,
      String requestId,
      boolean canceledByCaller,
      long deadlineMillis,
      boolean delivered) {
    return map(
        status, trailers, nodeId, requestId, canceledByCaller, deadlineMillis, delivered, false);
  }

  /**
   * @param nodeId the node that served the call when the gateway named it, else the gateway
   * @param canceledByCaller whether this side canceled the call (close, future cancel)
   * @param deadlineMillis the call's deadline, for the message of a timeout; 0 if none
   * @param received whether the gateway received the call (its response headers came), so that a
   *     lost connection is reported with {@code requestSent}: the gateway may have forwarded it
   */
  static OllamaException map(
      Status status,
      Metadata trailers,
      String nodeId,
      String requestId,
      boolean canceledByCaller,
      long deadlineMillis,
      boolean delivered,
      boolean received) {
    String node = trailers == null ? null : trailers.get(CallSetup.NODE);
    if (node != null) {
      nodeId = node;
    }
    String kind = trailers == null ? null : trailers.get(KIND);
    OllamaException e = null;
    if (kind != null && !canceledByCaller) {
      e = fromGatewayKind(kind, status, trailers, nodeId, requestId, deadlineMillis);
    }
    if (e == null) {
      e = classify(status, nodeId, requestId, canceledByCaller, deadlineMillis, received);
    }
    boolean partial = delivered || "true".equals(trailers == null ? null : trailers.get(PARTIAL));
    return partial ? e.withPartialResponseDelivered() : e;
  }

  /**
   * The failure as the gateway's SDK client saw it, from the trailers the gateway adds: its kind,
   * and the node's HTTP status when there was one. Null when the kind is not one this client knows,
   * so that the status code decides.
   */
  private static @Nullable OllamaException fromGatewayKind(
      String kind,
      Status status,
      Metadata trailers,
      String nodeId,
      String requestId,
      long deadlineMillis) {
    String text = status.getDescription() == null ? "" : status.getDescription();
    Throwable cause = status.asRuntimeException();
    String http = trailers.get(HTTP_STATUS);
    if (http != null) {
      try {
        int code = Integer.parseInt(http);
        if (code >= 400) {
          return Errors.server(nodeId, code, text, requestId, true);
        }
      } catch (NumberFormatException ignored) {
        // Fall through to the kind.
      }
    }
    switch (kind) {
      case "NO_NODE_AVAILABLE":
        return Errors.noNode(
            text.replaceFirst("(?i)^no node could take the request:?\\s*", ""), requestId, cause);
      case "TIMEOUT":
        return Errors.timeout(
            nodeId, requestId, OllamaTransportException.Timeout.DEADLINE, deadlineMillis, cause);
      case "TRANSPORT":
        return Errors.transport(nodeId, requestId, true, null, cause);
      case "TLS":
        return Errors.tls(nodeId, requestId, text, cause);
      case "PROTOCOL":
        return Errors.protocol(
            OllamaProtocolException.Problem.MALFORMED, nodeId, -1, requestId, text, cause);
      case "SERVER_ERROR":
        return Errors.errorIn200(nodeId, text, requestId, false, true);
      default:
        return null;
    }
  }

  private static OllamaException classify(
      Status status,
      String nodeId,
      String requestId,
      boolean canceledByCaller,
      long deadline,
      boolean received) {
    String text = status.getDescription() == null ? "" : status.getDescription();
    Throwable cause = status.asRuntimeException();
    if (status.getCode() != Status.Code.UNAVAILABLE && Attempts.lostConnection(status)) {
      // A stream gRPC started on a connection that had just closed: no answer of the gateway.
      return Errors.transport(nodeId, requestId, received, null, cause);
    }
    switch (status.getCode()) {
      case INVALID_ARGUMENT:
      case FAILED_PRECONDITION:
      case OUT_OF_RANGE:
        return Errors.server(nodeId, 400, text, requestId, true);
      case NOT_FOUND:
        return Errors.server(nodeId, 404, text, requestId, true);
      case UNIMPLEMENTED:
        return Errors.server(
            nodeId,
            404,
            text.isEmpty() ? "the gateway does not implement this method" : text,
            requestId,
            true);
      case UNAUTHENTICATED:
        return Errors.server(nodeId, 401, text, requestId, true);
      case PERMISSION_DENIED:
        return Errors.server(nodeId, 403, text, requestId, true);
      case RESOURCE_EXHAUSTED:
        if (text.contains("too_many_pings")) {
          return Errors.transport(
              nodeId,
              requestId,
              true,
              "the gateway closed the connection for pinging too often (GOAWAY too_many_pings):"
                  + " set grpcKeepAliveTime no lower than the gateway's permitKeepAliveTime",
              cause);
        }
        return Errors.server(nodeId, 503, text, requestId, true);
      case DEADLINE_EXCEEDED:
        return Errors.timeout(
            nodeId, requestId, OllamaTransportException.Timeout.DEADLINE, deadline, cause);
      case CANCELLED:
        if (canceledByCaller) {
          return Errors.canceled(nodeId, requestId, cause);
        }
        return Errors.server(nodeId, 499, text, requestId, true);
      case UNAVAILABLE:
        if (isTls(status.getCause())) {
          return Errors.tls(
              nodeId,
              requestId,
              "the gateway's certificate was not accepted or it refused ours ("
                  + status.getCause().getMessage()
                  + "): check TlsConfig's trusted CAs, pins and client certificate",
              cause);
        }
        if (text.toLowerCase(Locale.ROOT).startsWith("no node could take the request")) {
          return Errors.noNode(
              text.replaceFirst("(?i)^no node could take the request:?\\s*", ""), requestId, cause);
        }
        return Errors.transport(nodeId, requestId, received, null, cause);
      default:
        return Errors.server(nodeId, 500, text, requestId, true);
    }
  }

  private static boolean isTls(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }
}
