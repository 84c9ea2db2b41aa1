package io.ollamalan;

import io.ollamalan.internal.Errors;
import org.jspecify.annotations.Nullable;

/** The one implementation of {@link Errors}: it alone reaches the exceptions' constructors. */
final class ExceptionFactories extends Errors {
  @Override
  protected OllamaServerException newServer(
      String nodeId,
      int httpStatus,
      @Nullable String serverMessage,
      String requestId,
      boolean jsonBody) {
    return OllamaServerException.of(nodeId, httpStatus, serverMessage, requestId, jsonBody);
  }

  @Override
  protected OllamaServerException newIn200(
      String nodeId,
      @Nullable String serverMessage,
      String requestId,
      boolean delivered,
      boolean stream) {
    return OllamaServerException.in200(nodeId, serverMessage, requestId, delivered, stream);
  }

  @Override
  protected OllamaTransportException newTransport(
      String nodeId,
      String requestId,
      boolean requestSent,
      @Nullable String problem,
      @Nullable Throwable cause) {
    return OllamaTransportException.failure(nodeId, requestId, requestSent, problem, cause);
  }

  @Override
  protected OllamaTransportException newTimeout(
      String nodeId,
      String requestId,
      OllamaTransportException.Timeout which,
      long limitMillis,
      @Nullable Throwable cause) {
    return OllamaTransportException.timeout(nodeId, requestId, which, limitMillis, cause);
  }

  @Override
  protected OllamaTransportException newTls(
      String nodeId, String requestId, String advice, @Nullable Throwable cause) {
    return OllamaTransportException.tls(nodeId, requestId, advice, cause);
  }

  @Override
  protected OllamaTransportException newCanceled(
      String nodeId, String requestId, @Nullable Throwable cause) {
    return OllamaTransportException.canceled(nodeId, requestId, cause);
  }

  @Override
  protected OllamaProtocolException newProtocol(
      OllamaProtocolException.Problem problem,
      String nodeId,
      int status,
      String requestId,
      String description,
      @Nullable Throwable cause) {
    return OllamaProtocolException.of(problem, nodeId, status, requestId, description, cause);
  }

  @Override
  protected NoNodeAvailableException newNoNode(
      String reason, String requestId, @Nullable Throwable lastFailure) {
    return NoNodeAvailableException.of(reason, requestId, lastFailure);
  }
}
