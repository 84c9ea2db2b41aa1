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
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * Builds the OkHttp clients: one base client carrying the settings every node shares (its
 * dispatcher and its keep-alive pool), and per node a derived client with its TLS settings, its
 * credentials and the {@link NodeConnections} that account for the node's share of the pool.
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
            // One pool for every node: OkHttp wakes a thread of its own to clean a pool after each
            // release, and one pool per node did that once per node. The idle connections kept
            // per node are bounded by each node's NodeConnections, not by the pool.
            .connectionPool(
                new ConnectionPool(
                    Integer.MAX_VALUE, settings.keepAlive().toMillis(), TimeUnit.MILLISECONDS))
            .build();
  }

  /** The shared base client (its dispatcher and pool are the client's). */
  public OkHttpClient base() {
    return base;
  }

  /**
   * A client for one node: the shared pool, the node's TLS settings, its credentials (the
   * configured {@link Auth}, or basic auth from user info in the node's address) and its {@link
   * NodeConnections}. An event listener the customizer sets hears every event after the client's
   * own.
   *
   * @throws IllegalArgumentException if the node is plain http and TLS is required
   */
  public OkHttpClient forNode(Node node) {
    NodeConnections connections =
        new NodeConnections(settings.maxIdleConnectionsPerNode(), System::nanoTime);
    OkHttpClient.Builder b = base.newBuilder().eventListenerFactory(connections);
    InternalTls.apply(b, tls, node);
    AuthInterceptor.install(b, authFor(node));
    customizer.accept(b);
    OkHttpClient client = b.build();
    EventListener.Factory set = client.eventListenerFactory();
    if (set != connections) {
      client = client.newBuilder().eventListenerFactory(connections.followedBy(set)).build();
    }
    return client;
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
