package io.ollamalan.internal;

import io.ollamalan.NoNodeAvailableException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaServerException;
import io.ollamalan.OllamaTransportException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes the client's exceptions. The exception classes are public so that callers can catch and
 * inspect them, but only the client creates them: their constructors stay private to {@code
 * io.ollamalan}, which installs the one implementation of this class when the exception classes
 * load.
 */
public abstract class Errors {
  private static volatile @Nullable Errors impl;

  protected Errors() {}

  /** Called once by {@code io.ollamalan}; a second installation is refused. */
  public static synchronized void install(Errors errors) {
    if (impl != null) {
      throw new IllegalStateException("exception factories are already installed");
    }
    impl = Objects.requireNonNull(errors, "errors");
  }

  private static Errors impl() {
    Errors e = impl;
    if (e == null) {
      try {
        Class.forName("io.ollamalan.OllamaException", true, Errors.class.getClassLoader());
      } catch (ClassNotFoundException ex) {
        throw new IllegalStateException(ex);
      }
      e = impl;
      if (e == null) {
        throw new IllegalStateException(
            "exception factories were not installed: io.ollamalan.OllamaException did not load");
      }
    }
    return e;
  }

  /**
   * An HTTP error answer.
   *
   * @param serverMessage Ollama's {@code error} text, or the raw body when it was not JSON
   */
  public static OllamaServerException server(
      String nodeId,
      int httpStatus,
      @Nullable String serverMessage,
      String requestId,
      boolean jsonBody) {
    return impl().newServer(nodeId, httpStatus, serverMessage, requestId, jsonBody);
  }

  /**
   * An {@code {"error": ...}} answer with status 200: a stream line ({@code stream}), or a whole
   * non-streamed body.
   */
  public static OllamaServerException errorIn200(
      String nodeId,
      @Nullable String serverMessage,
      String requestId,
      boolean delivered,
      boolean stream) {
    return impl().newIn200(nodeId, serverMessage, requestId, delivered, stream);
  }

  /**
   * A connection-level failure; {@code problem} names what went wrong when the client knows better
   * than "unreachable" (a framing error, an oversized header block), else null.
   */
  public static OllamaTransportException transport(
      String nodeId,
      String requestId,
      boolean requestSent,
      @Nullable String problem,
      @Nullable Throwable cause) {
    return impl().newTransport(nodeId, requestId, requestSent, problem, cause);
  }

  /** A timeout; {@code limitMillis} is the configured limit that elapsed. */
  public static OllamaTransportException timeout(
      String nodeId,
      String requestId,
      OllamaTransportException.Timeout which,
      long limitMillis,
      @Nullable Throwable cause) {
    return impl().newTimeout(nodeId, requestId, which, limitMillis, cause);
  }

  /** A TLS failure; {@code advice} says what was wrong and what to do. */
  public static OllamaTransportException tls(
      String nodeId, String requestId, String advice, @Nullable Throwable cause) {
    return impl().newTls(nodeId, requestId, advice, cause);
  }

  /** The caller canceled the call, closed the stream or interrupted the calling thread. */
  public static OllamaTransportException canceled(
      String nodeId, String requestId, @Nullable Throwable cause) {
    return impl().newCanceled(nodeId, requestId, cause);
  }

  /** An answer the client cannot use. */
  public static OllamaProtocolException protocol(
      OllamaProtocolException.Problem problem,
      String nodeId,
      int status,
      String requestId,
      String description,
      @Nullable Throwable cause) {
    return impl().newProtocol(problem, nodeId, status, requestId, description, cause);
  }

  /** No node could take the request. */
  public static NoNodeAvailableException noNode(
      String reason, String requestId, @Nullable Throwable lastFailure) {
    return impl().newNoNode(reason, requestId, lastFailure);
  }

  protected abstract OllamaServerException newServer(
      String nodeId,
      int httpStatus,
      @Nullable String serverMessage,
      String requestId,
      boolean jsonBody);

  protected abstract OllamaServerException newIn200(
      String nodeId,
      @Nullable String serverMessage,
      String requestId,
      boolean delivered,
      boolean stream);

  protected abstract OllamaTransportException newTransport(
      String nodeId,
      String requestId,
      boolean requestSent,
      @Nullable String problem,
      @Nullable Throwable cause);

  protected abstract OllamaTransportException newTimeout(
      String nodeId,
      String requestId,
      OllamaTransportException.Timeout which,
      long limitMillis,
      @Nullable Throwable cause);

  protected abstract OllamaTransportException newTls(
      String nodeId, String requestId, String advice, @Nullable Throwable cause);

  protected abstract OllamaTransportException newCanceled(
      String nodeId, String requestId, @Nullable Throwable cause);

  protected abstract OllamaProtocolException newProtocol(
      OllamaProtocolException.Problem problem,
      String nodeId,
      int status,
      String requestId,
      String description,
      @Nullable Throwable cause);

  protected abstract NoNodeAvailableException newNoNode(
      String reason, String requestId, @Nullable Throwable lastFailure);
}
