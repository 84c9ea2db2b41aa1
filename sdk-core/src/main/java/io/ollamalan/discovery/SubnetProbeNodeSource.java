package io.ollamalan.discovery;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.Node;
import io.ollamalan.internal.discovery.Cidr;
import io.ollamalan.internal.discovery.OllamaApi;
import io.ollamalan.internal.discovery.Threads;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds nodes by probing address ranges: every address of every range, on every port, is asked
 * {@code GET /api/version}, and counts only if it answers like Ollama (HTTP 200 with a JSON {@code
 * version}). Other HTTP services, closed ports and silent hosts are skipped. Scans repeat every
 * {@link Builder#interval(Duration)}; a node missing from two scans in a row leaves.
 *
 * <p>Probing is plain HTTP. Use it only on networks you administer: it opens a connection to every
 * address in the ranges.
 */
@ExperimentalApi("discovery SPI")
public final class SubnetProbeNodeSource implements NodeSource {
  private static final Logger log = LoggerFactory.getLogger(SubnetProbeNodeSource.class);

  /** Default for {@link Builder#concurrency(int)}: 32 probes at once. */
  public static final int DEFAULT_CONCURRENCY = 32;

  /** Default for {@link Builder#timeout(Duration)}: 1 second. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /** Default for {@link Builder#interval(Duration)}: 60 seconds. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  /** Default for {@link Builder#maxAddresses(int)}: 4096. */
  public static final int DEFAULT_MAX_ADDRESSES = 4096;

  /** Scans a node may miss before it leaves, so that one lost probe does not drain it. */
  static final int MISSES_BEFORE_REMOVAL = 2;

  private final List<Cidr> ranges;
  private final List<InetAddress> addresses;
  private final List<Integer> ports;
  private final int concurrency;
  private final Duration timeout;
  private final Duration interval;
  private final Object lock = new Object();
  private final Map<String, Node> found = new LinkedHashMap<>();
  private final Map<String, Integer> misses = new HashMap<>();
  private @Nullable Running running;
  private @Nullable Set<Node> last;
  private volatile boolean closed;

  private SubnetProbeNodeSource(Builder b, List<InetAddress> addresses) {
    this.ranges = List.copyOf(b.ranges);
    this.addresses = addresses;
    this.ports = List.copyOf(b.ports);
    this.concurrency = b.concurrency;
    this.timeout = b.timeout;
    this.interval = b.interval;
  }

  /** A builder; add at least one range. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "probe:" + ranges;
  }

  @Override
  public void start(Listener listener) {
    synchronized (lock) {
      if (closed || running != null) {
        throw new IllegalStateException(name() + " was already started or closed");
      }
      Objects.requireNonNull(listener, "listener");
      OkHttpClient http =
          new OkHttpClient.Builder()
              .connectTimeout(timeout)
              .readTimeout(timeout)
              .callTimeout(timeout)
              .retryOnConnectionFailure(false)
              .followRedirects(false)
              .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
              .build();
      ThreadPoolExecutor probes =
          new ThreadPoolExecutor(
              concurrency,
              concurrency,
              5,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              Threads.daemon("probe"));
      probes.allowCoreThreadTimeOut(true);
      ScheduledThreadPoolExecutor timer = Threads.singleScheduler("probe-timer");
      Running r = new Running(http, probes, timer, listener);
      running = r;
      timer.execute(() -> scan(r));
    }
  }

  @Override
  public void close() {
    Running r;
    synchronized (lock) {
      closed = true;
      r = running;
    }
    if (r != null) {
      Threads.shutdown(r.timer());
      Threads.shutdown(r.probes());
      r.http().connectionPool().evictAll();
    }
  }

  private void scan(Running r) {
    if (closed) {
      return;
    }
    long t0 = System.nanoTime();
    Map<String, Node> seen = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(addresses.size() * ports.size());
    try {
      for (InetAddress a : addresses) {
        for (int port : ports) {
          r.probes()
              .execute(
                  () -> {
                    try {
                      Node n = probe(r.http(), a, port);
                      if (n != null) {
                        seen.put(n.id(), n);
                      }
                    } finally {
                      done.countDown();
                    }
                  });
        }
      }
      done.await();
    } catch (InterruptedException | RejectedExecutionException e) {
      return;
    }
    log.debug(
        "{}: probed {} address(es) on {} port(s) in {} ms, {} node(s) answered",
        name(),
        addresses.size(),
        ports.size(),
        (System.nanoTime() - t0) / 1_000_000,
        seen.size());
    Set<Node> now;
    synchronized (lock) {
      for (String id : new ArrayList<>(found.keySet())) {
        if (!seen.containsKey(id) && misses.merge(id, 1, Integer::sum) >= MISSES_BEFORE_REMOVAL) {
          found.remove(id);
          misses.remove(id);
        }
      }
      for (Node n : sorted(seen)) {
        found.put(n.id(), n);
        misses.remove(n.id());
      }
      now = Collections.unmodifiableSet(new LinkedHashSet<>(found.values()));
      if (closed || now.equals(last)) {
        now = null;
      } else {
        last = now;
      }
      if (!closed) {
        r.timer().schedule(() -> scan(r), interval.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (now != null) {
      r.listener().nodesChanged(this, now);
    }
  }

  private List<Node> sorted(Map<String, Node> seen) {
    List<Node> list = new ArrayList<>();
    for (InetAddress a : addresses) {
      for (int port : ports) {
        Node n = seen.get(nodeFor(a, port).id());
        if (n != null) {
          list.add(n);
        }
      }
    }
    return list;
  }

  private static Node nodeFor(InetAddress a, int port) {
    String host =
        a instanceof Inet6Address
            ? "[" + a.getHostAddress().replaceAll("%.*", "") + "]"
            : a.getHostAddress();
    return Node.of("http://" + host + ":" + port);
  }

  /** The node at {@code a:port} if it answers like Ollama, else null. */
  private @Nullable Node probe(OkHttpClient http, InetAddress a, int port) {
    if (closed) {
      return null;
    }
    Node candidate = nodeFor(a, port);
    try {
      OllamaApi.HttpAnswer answer = OllamaApi.get(http, candidate, "/api/version", timeout);
      if (answer.code() == 200 && OllamaApi.parseVersion(answer.body()) != null) {
        return candidate;
      }
      log.debug(
          "{} answers HTTP {} on /api/version but not like Ollama; skipped",
          candidate.id(),
          answer.code());
    } catch (IOException e) {
      log.trace("{} did not answer: {}", candidate.id(), e.toString());
    } catch (Exception e) {
      // OkHttp rethrows an interrupt (close() during a scan) without declaring it.
      log.trace("probe of {} ended: {}", candidate.id(), e.toString());
    }
    return null;
  }

  /** What {@link #start} sets up: the HTTP client, threads and listener of one started source. */
  private record Running(
      OkHttpClient http,
      ThreadPoolExecutor probes,
      ScheduledThreadPoolExecutor timer,
      Listener listener) {}

  @Override
  public String toString() {
    return "SubnetProbeNodeSource{" + ranges + " ports " + ports + "}";
  }

  /** Builds a {@link SubnetProbeNodeSource}; {@link #build()} validates. */
  public static final class Builder {
    private final List<Cidr> ranges = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration interval = DEFAULT_INTERVAL;
    private int maxAddresses = DEFAULT_MAX_ADDRESSES;

    private Builder() {}

    /**
     * Adds a range in CIDR notation ({@code 192.168.1.0/24}, {@code fd00::/120}) or a single
     * address. An IPv4 range's network and broadcast addresses are not probed.
     *
     * @throws IllegalArgumentException saying what is wrong with the range
     */
    public Builder range(String cidr) {
      ranges.add(Cidr.parse(cidr));
      return this;
    }

    /** Adds ports to probe on every address; default {@value Node#DEFAULT_PORT} alone. */
    public Builder ports(int... ports) {
      for (int p : ports) {
        if (p < 1 || p > 65535) {
          throw new IllegalArgumentException("port must be in 1..65535, was " + p);
        }
        if (!this.ports.contains(p)) {
          this.ports.add(p);
        }
      }
      return this;
    }

    /**
     * Sets how many probes run at once; default {@link #DEFAULT_CONCURRENCY} (32). Each probe holds
     * one thread and one connection attempt. A /24 on one port with the defaults takes about 8
     * timeouts when most addresses are silent; raise it for larger ranges, lower it on small
     * machines or fragile networks.
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets how long one probe may take, connect included; default {@link #DEFAULT_TIMEOUT} (1 s).
     * On a LAN an Ollama node answers in milliseconds; silent addresses cost this much.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Sets the time between the start of one scan and the next; default {@link #DEFAULT_INTERVAL}
     * (60 s). New nodes are found at most this late.
     */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * Sets the most addresses all ranges together may hold; default {@link #DEFAULT_MAX_ADDRESSES}
     * (4096). A guard against probing a /8 by mistake.
     */
    public Builder maxAddresses(int maxAddresses) {
      this.maxAddresses = maxAddresses;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the parameter that is invalid
     */
    public SubnetProbeNodeSource build() {
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException(
            "add at least one range, e.g. range(\"192.168.1.0/24\")");
      }
      if (ports.isEmpty()) {
        ports.add(Node.DEFAULT_PORT);
      }
      if (concurrency < 1 || concurrency > 1024) {
        throw new IllegalArgumentException("concurrency must be in 1..1024, was " + concurrency);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be a positive duration, was " + timeout);
      }
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be a positive duration, was " + interval);
      }
      if (maxAddresses < 1) {
        throw new IllegalArgumentException("maxAddresses must be positive, was " + maxAddresses);
      }
      LinkedHashSet<InetAddress> all = new LinkedHashSet<>();
      for (Cidr c : ranges) {
        all.addAll(c.hosts(maxAddresses));
        if (all.size() > maxAddresses) {
          throw new IllegalArgumentException(
              "ranges "
                  + ranges
                  + " hold more than maxAddresses ("
                  + maxAddresses
                  + ") addresses: narrow them or raise maxAddresses");
        }
      }
      return new SubnetProbeNodeSource(this, List.copyOf(all));
    }
  }
}
