package io.ollamalan.grpc.internal;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import io.ollamalan.auth.Auth;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Sends the headers of sdk-core's {@link Auth} as gRPC metadata, for the gateway the call goes to.
 * Runs on the application executor, since a rotating token supplier may block.
 */
final class AuthCredentials extends CallCredentials {
  private final Auth auth;

  AuthCredentials(Auth auth) {
    this.auth = auth;
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo info, Executor appExecutor, MetadataApplier applier) {
    appExecutor.execute(
        () -> {
          try {
            String authority = info.getAuthority();
            String host = hostOf(authority);
            Metadata md = new Metadata();
            for (Map.Entry<String, String> h : auth.headersFor(host).entrySet()) {
              md.put(
                  Metadata.Key.of(
                      h.getKey().toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                  h.getValue());
            }
            applier.apply(md);
          } catch (RuntimeException e) {
            // The exception's message may quote a header value: keep only its type.
            applier.fail(
                Status.UNAUTHENTICATED.withDescription(
                    "could not obtain credentials for the gateway ("
                        + e.getClass().getSimpleName()
                        + ")"));
          }
        });
  }

  static String hostOf(String authority) {
    if (authority.startsWith("[")) {
      return authority.substring(1, authority.indexOf(']'));
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  @Override
  public String toString() {
    return "AuthCredentials{" + auth + "}";
  }
}
