package io.ollamalan.internal.tls;

import java.util.Objects;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * A TLS failure with its classification. Thrown by the interceptor that {@link InternalTls}
 * installs in place of OkHttp's own exception, which becomes the cause; its message is {@link
 * TlsFailure#message()}.
 */
public final class TlsFailureException extends SSLException {
  private static final long serialVersionUID = 1L;

  private final transient TlsFailure failure;

  public TlsFailureException(TlsFailure failure, @Nullable Throwable cause) {
    super(Objects.requireNonNull(failure, "failure").message(), cause);
    this.failure = failure;
  }

  /** What failed and what to do. */
  public TlsFailure failure() {
    return failure;
  }
}
