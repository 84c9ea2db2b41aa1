package io.ollamalan.gateway.internal.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * Reads the ollama.api.v1 request metadata (node pin, affinity key, request id) and the mTLS
 * client's identity into the call's {@link Context}, and lets the services add response headers
 * (the node that serves a stream) before the first message goes out.
 */
final class CallScopeInterceptor implements ServerInterceptor {

  /** Per-call request facts, read by {@link GrpcFront}. */
  record RequestInfo(
      @Nullable String nodeId,
      @Nullable String affinityKey,
      @Nullable String requestId,
      @Nullable String principal) {}

  static final Context.Key<RequestInfo> REQUEST = Context.key("ollama-request");
  static final Context.Key<Metadata> RESPONSE_HEADERS = Context.key("ollama-response-headers");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    RequestInfo info =
        new RequestInfo(
            blankToNull(headers.get(GrpcMetadata.NODE)),
            blankToNull(headers.get(GrpcMetadata.AFFINITY)),
            blankToNull(headers.get(GrpcMetadata.REQUEST_ID)),
            principal(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
    Metadata extra = new Metadata();
    ServerCall<Q, R> withHeaders =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            synchronized (extra) {
              responseHeaders.merge(extra);
            }
            super.sendHeaders(responseHeaders);
          }
        };
    Context ctx = Context.current().withValue(REQUEST, info).withValue(RESPONSE_HEADERS, extra);
    return Contexts.interceptCall(ctx, withHeaders, headers, next);
  }

  /** The common name of a verified client certificate, for audit; null without mTLS. */
  private static @Nullable String principal(@Nullable SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
        return null;
      }
      String dn = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return dn;
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return null;
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
