package io.ollamalan.internal.http;

import io.ollamalan.Node;
import io.ollamalan.auth.Auth;
import io.ollamalan.internal.tls.AuthInterceptor;
import io.ollamalan.internal.tls.InternalTls;
import io.ollamalan.tls.TlsConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds the OkHttp clients: one base client carrying the settings every node shares, and per node
 * a derived client with its own connection pool (and, for https nodes, its TLS settings).
 */
public final class Transport {
  /** Generous: admission is the router's job, OkHttp's own limits (5 per host) must not bite. */
  static final int DISPATCHER_MAX_REQUESTS = 4096;

  static final int DISPATCHER_MAX_REQUESTS_PER_HOST = 1024;

  private final TransportSettings settings;
  private final TlsConfig tls;
  private final Auth auth;
  private final Consumer<OkHttpClient.Builder> customizer;
  private final OkHttpClient base;

  public Transport(
      TransportSettings settings,
      TlsConfig tls,
      Auth auth,
      Consumer<OkHttpClient.Builder> customizer) {
    this.settings = settings;
    this.tls = tls;
    this.auth = auth;
    this.customizer = customizer;
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(DISPATCHER_MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(DISPATCHER_MAX_REQUESTS_PER_HOST);
    this.base =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(settings.firstByteTimeout().toMillis(), TimeUnit.MILLISECONDS)
            // Writes are timed by the attempt's watchdog (see MeteredSocketFactory): okio's own
            // write timeout takes a process-wide lock around every socket write.
            .writeTimeout(0, TimeUnit.MILLISECONDS)
            // The router decides about retries; OkHttp's silent ones would stack on top of them.
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .eventListenerFactory(AttemptTracker.FACTORY)
            // Tells an attempt when its answer starts, which starts the response limit.
            .socketFactory(new MeteredSocketFactory())
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .build();
  }

  /** The shared base client (its dispatcher and pool are the client's). */
  public OkHttpClient base() {
    return base;
  }

  /**
   * A client for one node, with a pool of its own, the node's TLS settings and its credentials (the
   * configured {@link Auth}, or basic auth from user info in the node's address).
   *
   * @throws IllegalArgumentException if the node is plain http and TLS is required
   */
  public OkHttpClient forNode(Node node) {
    OkHttpClient.Builder b =
        base.newBuilder()
            .connectionPool(
                new ConnectionPool(
                    settings.maxIdleConnectionsPerNode(),
                    settings.keepAlive().toMillis(),
                    TimeUnit.MILLISECONDS));
    InternalTls.apply(b, tls, node);
    AuthInterceptor.install(b, authFor(node));
    customizer.accept(b);
    return b.build();
  }

  /** The TLS settings, for the no-downgrade check of discovered nodes. */
  public TlsConfig tls() {
    return tls;
  }

  private Auth authFor(Node node) {
    String userInfo = node.baseUri().getUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      return auth;
    }
    int colon = userInfo.indexOf(':');
    Auth basic =
        colon < 0
            ? Auth.basic(userInfo, "")
            : Auth.basic(userInfo.substring(0, colon), userInfo.substring(colon + 1));
    return basic.and(auth);
  }
}
