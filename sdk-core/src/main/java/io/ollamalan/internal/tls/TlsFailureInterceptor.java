package io.ollamalan.internal.tls;

import io.ollamalan.tls.TlsConfig;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Replaces OkHttp's TLS exceptions by a {@link TlsFailureException} whose message names the host,
 * the evidence and what to do, and turns nginx's client-certificate error pages (HTTP 400 on a TLS
 * connection) into the same exception, since nginx completes the handshake and reports a missing
 * or rejected client certificate only in HTTP. An application interceptor: it sees the final
 * outcome after OkHttp's own retries.
 */
final class TlsFailureInterceptor implements Interceptor {

  /** nginx's page for {@code ssl_verify_client on} without a client certificate. */
  static final String NGINX_NO_CERTIFICATE = "No required SSL certificate was sent";

  /** nginx's page for a client certificate that failed verification. */
  static final String NGINX_BAD_CERTIFICATE = "The SSL certificate error";

  private final TlsConfig config;

  TlsFailureInterceptor(TlsConfig config) {
    this.config = config;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    var url = chain.request().url();
    if (!url.isHttps()) {
      return chain.proceed(chain.request());
    }
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (TlsFailureException e) {
      throw e;
    } catch (IOException e) {
      TlsFailure failure =
          TlsFailure.classify(e, url.host(), url.port(), config.forHost(url.host()).pinsFor(url.host()));
      if (failure.kind() == TlsFailure.Kind.OTHER) {
        throw e;
      }
      throw new TlsFailureException(failure, e);
    }
    if (response.code() == 400 && response.handshake() != null) {
      String body = response.peekBody(2048).string();
      TlsFailure.Kind kind = body.contains(NGINX_NO_CERTIFICATE)
          ? TlsFailure.Kind.CLIENT_CERTIFICATE_REQUIRED
          : body.contains(NGINX_BAD_CERTIFICATE) ? TlsFailure.Kind.CLIENT_CERTIFICATE_REJECTED : null;
      if (kind != null) {
        response.close();
        throw new TlsFailureException(TlsFailure.of(kind, url.host(), url.port(),
            "the proxy answered HTTP 400 '" + (kind == TlsFailure.Kind.CLIENT_CERTIFICATE_REQUIRED
                ? NGINX_NO_CERTIFICATE : NGINX_BAD_CERTIFICATE)
                + "' and did not forward the request"), null);
      }
    }
    return response;
  }
}
