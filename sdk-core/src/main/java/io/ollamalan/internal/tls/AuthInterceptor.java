package io.ollamalan.internal.tls;

import io.ollamalan.auth.Auth;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the headers of an {@link Auth} to every request. A <em>network</em> interceptor, so that
 * each hop of a redirect gets the headers meant for its own host and no other (an application
 * interceptor's headers would be copied onto a redirect to another host).
 */
public final class AuthInterceptor implements Interceptor {

  private final Auth auth;

  public AuthInterceptor(Auth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  /** Installs an interceptor for {@code auth} as a network interceptor, unless it is none. */
  public static OkHttpClient.Builder install(OkHttpClient.Builder builder, Auth auth) {
    if (auth != Auth.none()) {
      builder.addNetworkInterceptor(new AuthInterceptor(auth));
    }
    return builder;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Map<String, String> headers;
    try {
      headers = auth.headersFor(request.url().host());
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (headers.isEmpty()) {
      return chain.proceed(request);
    }
    Request.Builder b = request.newBuilder();
    headers.forEach(b::header);
    return chain.proceed(b.build());
  }

  @Override
  public String toString() {
    return "AuthInterceptor{" + auth + "}";
  }
}
