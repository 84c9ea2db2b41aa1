package io.ollamalan.spring.autoconfigure;

import io.ollamalan.OllamaClientBuilder;
import io.ollamalan.auth.Auth;
import io.ollamalan.discovery.DnsNodeSource;
import io.ollamalan.discovery.HealthCheckConfig;
import io.ollamalan.discovery.MdnsNodeSource;
import io.ollamalan.discovery.NodeSource;
import io.ollamalan.discovery.SubnetProbeNodeSource;
import io.ollamalan.routing.Balancer;
import io.ollamalan.routing.Balancers;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.tls.TlsConfig;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.util.StringUtils;

/**
 * Turns {@link OllamaLanProperties} into the SDK's configuration objects. Every value the SDK
 * rejects fails startup with {@link InvalidConfigurationPropertyValueException}, which names the
 * property; secrets are never part of the message.
 */
final class ClientSettings {

  private static final String P = OllamaLanProperties.CONFIG_PREFIX + ".";

  private ClientSettings() {}

  /** Applies timeouts, pools, retries, routing and health checks to {@code b}. */
  static void apply(OllamaLanProperties p, OllamaClientBuilder b) {
    OllamaLanProperties.Timeouts t = p.getTimeouts();
    check(P + "timeouts.connect", t.getConnect(), () -> b.connectTimeout(t.getConnect()));
    check(P + "timeouts.first-byte", t.getFirstByte(), () -> b.firstByteTimeout(t.getFirstByte()));
    check(
        P + "timeouts.stream-idle",
        t.getStreamIdle(),
        () -> b.streamIdleTimeout(t.getStreamIdle()));
    check(P + "timeouts.response", t.getResponse(), () -> b.responseTimeout(t.getResponse()));
    check(P + "timeouts.write", t.getWrite(), () -> b.writeTimeout(t.getWrite()));
    check(P + "timeouts.call", t.getCall(), () -> b.callTimeout(t.getCall()));

    OllamaLanProperties.Pool pool = p.getPool();
    check(
        P + "pool.max-idle-connections-per-node",
        pool.getMaxIdleConnectionsPerNode(),
        () -> b.maxIdleConnectionsPerNode(pool.getMaxIdleConnectionsPerNode()));
    check(
        P + "pool.keep-alive",
        pool.getKeepAlive(),
        () -> b.connectionKeepAlive(pool.getKeepAlive()));
    check(
        P + "pool.max-line-size",
        pool.getMaxLineSize(),
        () -> {
          long bytes = pool.getMaxLineSize().toBytes();
          if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("must be below 2GB");
          }
          b.maxLineBytes((int) bytes);
        });
    check(
        P + "pool.max-body-size",
        pool.getMaxBodySize(),
        () -> b.maxBodyBytes(pool.getMaxBodySize().toBytes()));

    check(
        P + "retry.max-attempts",
        p.getRetry().getMaxAttempts(),
        () -> b.maxAttempts(p.getRetry().getMaxAttempts()));

    check(
        P + "grpc.keep-alive-time",
        p.getGrpc().getKeepAliveTime(),
        () -> b.grpcKeepAliveTime(p.getGrpc().getKeepAliveTime()));

    b.routing(routing(p));

    OllamaLanProperties.Health h = p.getHealth();
    if (h.isEnabled()) {
      b.healthChecks(healthChecks(h));
    } else {
      b.healthChecksEnabled(false);
    }
  }

  /** The routing configuration: balancer, admission, breakers, retry budget, hedging. */
  static RoutingConfig routing(OllamaLanProperties p) {
    OllamaLanProperties.Routing r = p.getRouting();
    OllamaLanProperties.Breaker br = p.getBreaker();
    OllamaLanProperties.Retry rt = p.getRetry();
    RoutingConfig.Builder b = RoutingConfig.builder().balancer(balancer(r.getBalancer()));
    check(
        P + "routing.initial-concurrency",
        r.getInitialConcurrency(),
        () -> b.initialConcurrency(r.getInitialConcurrency()));
    check(
        P + "routing.max-concurrency",
        r.getMaxConcurrency(),
        () -> b.maxConcurrency(r.getMaxConcurrency()));
    b.adaptiveConcurrency(r.isAdaptiveConcurrency());
    check(
        P + "routing.max-queue-wait",
        r.getMaxQueueWait(),
        () -> b.maxQueueWait(r.getMaxQueueWait()));
    check(P + "routing.max-queued", r.getMaxQueued(), () -> b.maxQueued(r.getMaxQueued()));
    if (r.getHedgeAfter() != null) {
      check(P + "routing.hedge-after", r.getHedgeAfter(), () -> b.hedgeAfter(r.getHedgeAfter()));
    }
    check(
        P + "breaker.failure-rate-threshold",
        br.getFailureRateThreshold(),
        () -> b.failureRateThreshold(br.getFailureRateThreshold()));
    check(P + "breaker.window", br.getWindow(), () -> b.breakerWindow(br.getWindow()));
    check(
        P + "breaker.minimum-calls",
        br.getMinimumCalls(),
        () -> b.breakerMinimumCalls(br.getMinimumCalls()));
    check(
        P + "breaker.open-duration",
        br.getOpenDuration(),
        () -> b.breakerOpenDuration(br.getOpenDuration()));
    check(
        P + "breaker.half-open-probes",
        br.getHalfOpenProbes(),
        () -> b.halfOpenProbes(br.getHalfOpenProbes()));
    check(
        P + "breaker.consecutive-connect-failures",
        br.getConsecutiveConnectFailures(),
        () -> b.consecutiveConnectFailures(br.getConsecutiveConnectFailures()));
    check(
        P + "breaker.slow-time-to-first-token",
        br.getSlowTimeToFirstToken(),
        () -> b.slowTimeToFirstToken(br.getSlowTimeToFirstToken()));
    check(
        P + "retry.budget-ratio",
        rt.getBudgetRatio(),
        () -> b.retryBudgetRatio(rt.getBudgetRatio()));
    check(
        P + "retry.min-per-second",
        rt.getMinPerSecond(),
        () -> b.minRetriesPerSecond(rt.getMinPerSecond()));
    check(P + "retry.backoff", rt.getBackoff(), () -> b.retryBackoff(rt.getBackoff()));
    check(P + "retry.max-backoff", rt.getMaxBackoff(), () -> b.maxRetryBackoff(rt.getMaxBackoff()));
    return build(
        P + "routing",
        "see the message",
        b::build,
        "check ollama.lan.routing.* and ollama.lan.breaker.* together");
  }

  /** A factory of the balancer: a balancer learns from its calls, so each client gets its own. */
  private static Supplier<Balancer> balancer(OllamaLanProperties.Balancer balancer) {
    return switch (balancer) {
      case LLM_AWARE -> Balancers::llmAware;
      case LEAST_OUTSTANDING -> Balancers::leastOutstanding;
      case ROUND_ROBIN -> Balancers::roundRobin;
    };
  }

  static HealthCheckConfig healthChecks(OllamaLanProperties.Health h) {
    HealthCheckConfig.Builder b =
        HealthCheckConfig.builder()
            .interval(h.getInterval())
            .timeout(h.getTimeout())
            .tagsInterval(h.getTagsInterval())
            .failuresToDown(h.getFailuresToDown())
            .successesToUp(h.getSuccessesToUp());
    return build(P + "health", h.getInterval(), b::build, "check ollama.lan.health.*");
  }

  /** The discovery sources the properties ask for; empty when none. */
  static List<NodeSource> nodeSources(OllamaLanProperties p) {
    List<NodeSource> sources = new ArrayList<>();
    OllamaLanProperties.Dns dns = p.getDiscovery().getDns();
    String srv = dns.getSrv();
    if (srv != null && StringUtils.hasText(srv)) {
      sources.add(
          build(
              P + "discovery.dns.srv",
              srv,
              () -> dns(DnsNodeSource.forSrv(srv), dns),
              "give an SRV name such as _ollama._tcp.lan"));
    }
    String host = dns.getHost();
    if (host != null && StringUtils.hasText(host)) {
      sources.add(
          build(
              P + "discovery.dns.host",
              host,
              () -> dns(DnsNodeSource.forHost(host).port(dns.getPort()), dns),
              "give a host name such as ollama.lan"));
    }
    OllamaLanProperties.Mdns mdns = p.getDiscovery().getMdns();
    if (mdns.isEnabled()) {
      sources.add(
          build(
              P + "discovery.mdns.service-type",
              mdns.getServiceType(),
              () -> {
                MdnsNodeSource.Builder b =
                    MdnsNodeSource.builder().serviceType(mdns.getServiceType());
                mdns.getNetworkInterfaces().forEach(b::networkInterface);
                return b.build();
              },
              "give a service type such as _ollama._tcp.local."));
    }
    OllamaLanProperties.Probe probe = p.getDiscovery().getProbe();
    if (!probe.getRanges().isEmpty()) {
      sources.add(
          build(
              P + "discovery.probe.ranges",
              probe.getRanges(),
              () -> {
                SubnetProbeNodeSource.Builder b = SubnetProbeNodeSource.builder();
                probe.getRanges().forEach(b::range);
                b.ports(probe.getPorts().stream().mapToInt(Integer::intValue).toArray())
                    .interval(probe.getInterval())
                    .timeout(probe.getTimeout())
                    .concurrency(probe.getConcurrency())
                    .maxAddresses(probe.getMaxAddresses());
                return b.build();
              },
              "check ollama.lan.discovery.probe.*"));
    }
    return sources;
  }

  private static DnsNodeSource dns(DnsNodeSource.Builder b, OllamaLanProperties.Dns dns) {
    b.scheme(dns.getScheme())
        .minTtl(dns.getMinTtl())
        .maxTtl(dns.getMaxTtl())
        .timeout(dns.getTimeout());
    for (String r : dns.getResolvers()) {
      String host = r.strip();
      int port = 53;
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(':') == colon) {
        port = Integer.parseInt(host.substring(colon + 1));
        host = host.substring(0, colon);
      }
      b.resolver(host, port);
    }
    return b.build();
  }

  /** Credentials from {@code ollama.lan.auth}; {@link Auth#none()} when none is set. */
  static Auth auth(OllamaLanProperties.Auth a) {
    boolean bearer = StringUtils.hasText(a.getBearerToken());
    boolean basic = StringUtils.hasText(a.getUsername());
    if (bearer && basic) {
      throw new InvalidConfigurationPropertyValueException(
          P + "auth.bearer-token",
          "***",
          "both a bearer token and basic credentials (" + P + "auth.username) are set; keep one");
    }
    if (bearer) {
      return build(
          P + "auth.bearer-token",
          "***",
          () -> Auth.bearer(Objects.requireNonNull(a.getBearerToken())),
          "fix the token");
    }
    if (basic) {
      if (a.getPassword() == null) {
        throw new InvalidConfigurationPropertyValueException(
            P + "auth.password", null, "basic auth needs a password besides the username");
      }
      return build(
          P + "auth.username",
          a.getUsername(),
          () ->
              Auth.basic(
                  Objects.requireNonNull(a.getUsername()), Objects.requireNonNull(a.getPassword())),
          "fix the username");
    }
    if (a.getPassword() != null) {
      throw new InvalidConfigurationPropertyValueException(
          P + "auth.username", null, "a password is set without a username");
    }
    return Auth.none();
  }

  /** TLS from {@code ollama.lan.ssl}: the named SSL bundle's trust and key material, and pins. */
  static TlsConfig tls(OllamaLanProperties.Ssl ssl, @Nullable SslBundles bundles) {
    TlsConfig.Builder b = TlsConfig.builder().requireTls(ssl.isRequireTls());
    if (ssl.isAllowTls12()) {
      b.allowTls12();
    }
    if (StringUtils.hasText(ssl.getBundle())) {
      if (bundles == null) {
        throw new InvalidConfigurationPropertyValueException(
            P + "ssl.bundle", ssl.getBundle(), "no SslBundles bean: is SslAutoConfiguration off?");
      }
      SslBundle bundle;
      try {
        bundle = bundles.getBundle(ssl.getBundle());
      } catch (RuntimeException e) {
        throw new InvalidConfigurationPropertyValueException(
            P + "ssl.bundle",
            ssl.getBundle(),
            "no such SSL bundle; define it under spring.ssl.bundle.pem."
                + ssl.getBundle()
                + " or spring.ssl.bundle.jks."
                + ssl.getBundle());
      }
      fromBundle(ssl, bundle, b);
    }
    for (Map.Entry<String, List<String>> e : ssl.getPins().entrySet()) {
      check(
          P + "ssl.pins." + e.getKey(),
          e.getValue(),
          () -> b.pin(e.getKey(), e.getValue().toArray(String[]::new)));
    }
    return build(P + "ssl", ssl.getBundle(), b::build, "check " + P + "ssl.*");
  }

  private static void fromBundle(
      OllamaLanProperties.Ssl ssl, SslBundle bundle, TlsConfig.Builder b) {
    String name = P + "ssl.bundle";
    SslStoreBundle stores = bundle.getStores();
    try {
      KeyStore trust = stores.getTrustStore();
      if (trust != null) {
        StringBuilder pem = new StringBuilder();
        for (String alias : Collections.list(trust.aliases())) {
          Certificate c = trust.getCertificate(alias);
          if (c instanceof X509Certificate x) {
            pem.append(pem("CERTIFICATE", x.getEncoded()));
          }
        }
        if (pem.length() > 0) {
          b.trustedCaPem(pem.toString());
          b.trustSystemCas(ssl.isTrustSystemCas());
        }
      }
      KeyStore keys = stores.getKeyStore();
      if (keys != null) {
        SslBundleKey bundleKey = bundle.getKey();
        String alias = bundleKey.getAlias();
        if (alias == null) {
          for (String a : Collections.list(keys.aliases())) {
            if (keys.isKeyEntry(a)) {
              alias = a;
              break;
            }
          }
        }
        if (alias != null) {
          String password =
              bundleKey.getPassword() != null
                  ? bundleKey.getPassword()
                  : stores.getKeyStorePassword();
          Key key = keys.getKey(alias, password == null ? new char[0] : password.toCharArray());
          Certificate[] chain = keys.getCertificateChain(alias);
          if (key instanceof PrivateKey pk && chain != null && chain.length > 0) {
            StringBuilder certs = new StringBuilder();
            for (Certificate c : chain) {
              certs.append(pem("CERTIFICATE", c.getEncoded()));
            }
            b.clientCertificatePem(certs.toString(), pem("PRIVATE KEY", pk.getEncoded()), null);
          }
        }
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidConfigurationPropertyValueException(
          name,
          ssl.getBundle(),
          "cannot read the bundle's key material (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(name, ssl.getBundle(), e.getMessage());
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void check(String property, @Nullable Object value, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }

  private static <T> T build(
      String property, @Nullable Object value, Supplier<T> build, String hint) {
    try {
      return build.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, e.getMessage() + " (" + hint + ")");
    }
  }
}
