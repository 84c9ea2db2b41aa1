package io.ollamalan.internal.tls;

import io.ollamalan.tls.TlsConfig;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Replaces OkHttp's TLS exceptions by a {@link TlsFailureException} whose message names the host,
 * the evidence and what to do, and turns nginx's client-certificate error pages (HTTP 400 on a TLS
 * connection) into the same exception, since nginx completes the handshake and reports a missing or
 * rejected client certificate only in HTTP. An application interceptor: it sees the final outcome
 * after OkHttp's own retries.
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

  private TlsFailure clientCertificateFailure(String host, int port, boolean noneSent) {
    List<X509Certificate> chain = config.forHost(host).clientCertificateChain();
    String page = noneSent ? NGINX_NO_CERTIFICATE : NGINX_BAD_CERTIFICATE;
    String evidence = "the proxy answered HTTP 400 '" + page + "' and did not forward the request";
    if (noneSent && chain.isEmpty()) {
      return TlsFailure.of(TlsFailure.Kind.CLIENT_CERTIFICATE_REQUIRED, host, port, evidence);
    }
    if (noneSent) {
      // JSSE presents a certificate only if its issuer is among the CAs the server asked for.
      evidence +=
          "; the configured client certificate ("
              + describe(chain.get(0))
              + ") was not "
              + "presented because the proxy asked for certificates from other CAs";
    } else if (!chain.isEmpty()) {
      evidence += "; the client certificate presented was " + describe(chain.get(0));
    }
    return TlsFailure.of(TlsFailure.Kind.CLIENT_CERTIFICATE_REJECTED, host, port, evidence);
  }

  private static String describe(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName()
        + ", issued by "
        + certificate.getIssuerX500Principal().getName()
        + ", valid until "
        + certificate.getNotAfter().toInstant();
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
          TlsFailure.classify(
              e, url.host(), url.port(), config.forHost(url.host()).pinsFor(url.host()));
      if (failure.kind() == TlsFailure.Kind.OTHER) {
        throw e;
      }
      throw new TlsFailureException(failure, e);
    }
    if (response.code() == 400 && response.handshake() != null) {
      String body = response.peekBody(2048).string();
      boolean none = body.contains(NGINX_NO_CERTIFICATE);
      if (none || body.contains(NGINX_BAD_CERTIFICATE)) {
        response.close();
        throw new TlsFailureException(clientCertificateFailure(url.host(), url.port(), none), null);
      }
    }
    return response;
  }
}
