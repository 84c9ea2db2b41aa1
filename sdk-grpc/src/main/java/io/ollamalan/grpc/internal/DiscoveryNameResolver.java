package io.ollamalan.grpc.internal;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.ollamalan.Node;
import io.ollamalan.discovery.NodeSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds gRPC's load balancer with the gateways the SDK's discovery finds: the static {@code
 * grpc://} addresses plus every node a {@link NodeSource} (static, DNS SRV, mDNS, ...) reports,
 * taken as a gateway at the node's host and port. Each gateway is one address group (all addresses
 * of its host name), so that {@code round_robin} spreads calls over the gateways and skips one that
 * is down or reports NOT_SERVING.
 */
final class DiscoveryNameResolver extends NameResolver {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryNameResolver.class);
  private static final String STATIC = "static";

  private final String authority;
  private final List<GatewayAddress> statics;
  private final List<NodeSource> sources;
  private final boolean tls;
  private final Executor offload;
  private final SynchronizationContext sync;
  private final GatewayTracker tracker;
  private final Map<String, Set<GatewayAddress>> bySource = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private @Nullable Listener2 listener;
  private boolean shutdown;

  DiscoveryNameResolver(
      String authority,
      List<GatewayAddress> statics,
      List<NodeSource> sources,
      boolean tls,
      Executor offload,
      SynchronizationContext sync,
      GatewayTracker tracker) {
    this.authority = authority;
    this.statics = List.copyOf(statics);
    this.sources = List.copyOf(sources);
    this.tls = tls;
    this.offload = offload;
    this.sync = sync;
    this.tracker = tracker;
  }

  @Override
  public String getServiceAuthority() {
    return authority;
  }

  @Override
  public void start(Listener2 listener) {
    synchronized (lock) {
      this.listener = listener;
    }
    if (!statics.isEmpty()) {
      bySource.put(STATIC, new LinkedHashSet<>(statics));
    }
    for (NodeSource source : sources) {
      source.start(
          new NodeSource.Listener() {
            @Override
            public void nodesChanged(NodeSource s, Set<Node> nodes) {
              Set<GatewayAddress> found = new LinkedHashSet<>();
              for (Node n : nodes) {
                found.add(new GatewayAddress(n.host(), n.port(), tls));
              }
              bySource.put("source:" + s.name(), found);
              offload.execute(DiscoveryNameResolver.this::publish);
            }

            @Override
            public void sourceError(
                NodeSource s, String message, @org.jspecify.annotations.Nullable Throwable cause) {
              log.warn("gateway discovery source {}: {}", s.name(), message);
            }
          });
    }
    offload.execute(this::publish);
  }

  @Override
  public void refresh() {
    offload.execute(this::publish);
  }

  /** Resolves the host names of every known gateway (blocking DNS, on the offload executor). */
  private synchronized void publish() {
    Set<GatewayAddress> all = new LinkedHashSet<>();
    bySource.values().forEach(all::addAll);
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    Map<SocketAddress, String> ids = new LinkedHashMap<>();
    List<String> unresolved = new ArrayList<>();
    for (GatewayAddress g : all) {
      try {
        List<SocketAddress> addresses = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(g.host())) {
          InetSocketAddress sa = new InetSocketAddress(a, g.port());
          addresses.add(sa);
          ids.put(sa, g.id());
        }
        groups.add(
            new EquivalentAddressGroup(
                addresses,
                Attributes.newBuilder()
                    .set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, g.authority())
                    .build()));
      } catch (UnknownHostException e) {
        unresolved.add(g.id());
      }
    }
    tracker.known(all, ids);
    Listener2 l;
    synchronized (lock) {
      // Before start() there is no one to tell: start() resolves again.
      if (shutdown || listener == null) {
        return;
      }
      l = listener;
    }
    if (!unresolved.isEmpty()) {
      log.warn("gateway host names not resolved, skipped: {}", unresolved);
    }
    if (groups.isEmpty()) {
      Status error =
          Status.UNAVAILABLE.withDescription(
              all.isEmpty()
                  ? "no gateway known yet: no grpc:// address given and no discovery source"
                      + " reported one"
                  : "no gateway host name could be resolved: " + unresolved);
      sync.execute(() -> l.onError(error));
      return;
    }
    ResolutionResult result =
        ResolutionResult.newBuilder()
            .setAddressesOrError(StatusOr.fromValue(groups))
            .setAttributes(Attributes.EMPTY)
            .build();
    sync.execute(() -> l.onResult2(result));
  }

  @Override
  public void shutdown() {
    synchronized (lock) {
      shutdown = true;
    }
    for (NodeSource s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        log.debug("closing discovery source {}", s.name(), e);
      }
    }
  }

  /** Builds the resolver for the channel's one target. */
  static final class Factory extends NameResolver.Factory {
    static final String SCHEME = "ollamalan-gateways";

    private final String authority;
    private final List<GatewayAddress> statics;
    private final List<NodeSource> sources;
    private final boolean tls;
    private final GatewayTracker tracker;

    Factory(
        String authority,
        List<GatewayAddress> statics,
        List<NodeSource> sources,
        boolean tls,
        GatewayTracker tracker) {
      this.authority = authority;
      this.statics = statics;
      this.sources = sources;
      this.tls = tls;
      this.tracker = tracker;
    }

    @Override
    public @Nullable NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
      if (!SCHEME.equals(targetUri.getScheme())) {
        return null;
      }
      Executor offload = args.getOffloadExecutor();
      if (offload == null) {
        offload = Runnable::run;
      }
      return new DiscoveryNameResolver(
          authority, statics, sources, tls, offload, args.getSynchronizationContext(), tracker);
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }
  }
}
