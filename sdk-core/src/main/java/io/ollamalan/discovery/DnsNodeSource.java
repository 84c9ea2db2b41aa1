package io.ollamalan.discovery;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.Node;
import io.ollamalan.internal.discovery.DnsClient;
import io.ollamalan.internal.discovery.SrvOrdering;
import io.ollamalan.internal.discovery.SrvOrdering.Srv;
import io.ollamalan.internal.discovery.Threads;
import io.ollamalan.internal.discovery.TxtRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Nodes from unicast DNS, re-resolved when the answer's TTL runs out (clamped between {@link
 * Builder#minTtl(Duration)} and {@link Builder#maxTtl(Duration)}).
 *
 * <ul>
 *   <li>{@link #forHost(String)}: every A (and AAAA) record of one name is a node on one port.
 *   <li>{@link #forSrv(String)}: every SRV record of a name such as {@code _ollama._tcp.lan} is a
 *       node at its target's addresses and its port. The SRV weight becomes the node's weight (0
 *       counts as 1), the priority the label {@code srv.priority}; the target's name is in the
 *       label {@code dns.target}. Nodes are reported in RFC 2782 order.
 * </ul>
 *
 * <p>A TXT record on the same name may set {@code scheme}, {@code path}, {@code zone} and labels
 * for all its nodes (see {@code docs/discovery.md}). When the resolver cannot be reached or fails
 * (timeout, SERVFAIL), the last good set is kept and the error is reported; when it says the name
 * does not exist or has no record, the set becomes empty and the nodes drain.
 */
@ExperimentalApi("discovery SPI")
public final class DnsNodeSource implements NodeSource {

  /** Default for {@link Builder#minTtl(Duration)}: 5 seconds. */
  public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(5);

  /** Default for {@link Builder#maxTtl(Duration)}: 5 minutes. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofMinutes(5);

  /** Default for {@link Builder#timeout(Duration)}: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final boolean srv;
  private final String domain;
  private final Name name;
  private final DnsClient dns;
  private final int port;
  private final String scheme;
  private final String path;
  private final Duration minTtl;
  private final Duration maxTtl;
  private final boolean ipv6;
  private final Object lock = new Object();
  private @Nullable ScheduledThreadPoolExecutor executor;
  private @Nullable Set<Node> last;
  private volatile boolean closed;

  private DnsNodeSource(Builder b, Name name) {
    this.srv = b.srv;
    this.domain = b.domain;
    this.name = name;
    this.dns = new DnsClient(b.resolvers, b.timeout);
    this.port = b.port;
    this.scheme = b.scheme;
    this.path = b.path;
    this.minTtl = b.minTtl;
    this.maxTtl = b.maxTtl;
    this.ipv6 = b.ipv6;
  }

  /** A source for the A/AAAA records of {@code hostName}, e.g. {@code ollama.lan}. */
  public static Builder forHost(String hostName) {
    return new Builder(false, hostName);
  }

  /** A source for the SRV records of {@code srvName}, e.g. {@code _ollama._tcp.lan}. */
  public static Builder forSrv(String srvName) {
    return new Builder(true, srvName);
  }

  @Override
  public String name() {
    return (srv ? "dns-srv:" : "dns:") + domain;
  }

  @Override
  public void start(Listener listener) {
    synchronized (lock) {
      if (closed || executor != null) {
        throw new IllegalStateException(name() + " was already started or closed");
      }
      Objects.requireNonNull(listener, "listener");
      executor = Threads.singleScheduler("dns");
      executor.execute(() -> refresh(listener));
    }
  }

  @Override
  public void close() {
    ScheduledThreadPoolExecutor e;
    synchronized (lock) {
      closed = true;
      e = executor;
    }
    if (e != null) {
      Threads.shutdown(e);
    }
  }

  private void refresh(Listener listener) {
    if (closed) {
      return;
    }
    Duration next = minTtl;
    try {
      List<String> problems = new ArrayList<>();
      long[] ttl = {Long.MAX_VALUE};
      Set<Node> nodes = srv ? resolveSrv(problems, ttl) : resolveHost(problems, ttl);
      for (String p : problems) {
        listener.sourceError(this, p, null);
      }
      if (ttl[0] != Long.MAX_VALUE) {
        next = clamp(Duration.ofSeconds(ttl[0]));
      }
      report(nodes, listener);
    } catch (IOException e) {
      listener.sourceError(
          this,
          e.getMessage()
              + "; keeping the last "
              + (last == null ? 0 : last.size())
              + " node(s), retrying in "
              + minTtl,
          e);
      if (last == null) {
        report(Set.of(), listener);
      }
    } catch (RuntimeException e) {
      listener.sourceError(this, "resolving " + domain + " failed unexpectedly", e);
    } finally {
      schedule(next, listener);
    }
  }

  private void schedule(Duration delay, Listener listener) {
    synchronized (lock) {
      if (!closed && executor != null && !executor.isShutdown()) {
        executor.schedule(() -> refresh(listener), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void report(Set<Node> nodes, Listener listener) {
    if (closed || nodes.equals(last)) {
      return;
    }
    last = nodes;
    listener.nodesChanged(this, nodes);
  }

  private Duration clamp(Duration ttl) {
    return ttl.compareTo(minTtl) < 0 ? minTtl : ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
  }

  private Set<Node> resolveHost(List<String> problems, long[] ttl) throws IOException {
    List<InetAddress> addresses = addresses(name, null, problems, ttl);
    if (addresses.isEmpty()) {
      problems.add(domain + " has no A" + (ipv6 ? " or AAAA" : "") + " record; no nodes");
      return Set.of();
    }
    TxtRecords.Txt txt = txt(problems);
    Set<Node> out = new LinkedHashSet<>();
    for (InetAddress a : addresses) {
      node(txt, a, port, Map.of(), problems, out);
    }
    return out;
  }

  private Set<Node> resolveSrv(List<String> problems, long[] ttl) throws IOException {
    Message answer = dns.query(name, Type.SRV);
    if (answer.getRcode() == Rcode.NXDOMAIN) {
      problems.add(domain + " does not exist (NXDOMAIN); no nodes");
      return Set.of();
    }
    List<Srv> records = new ArrayList<>();
    for (Record r : answer.getSection(Section.ANSWER)) {
      if (r instanceof SRVRecord s) {
        ttl[0] = Math.min(ttl[0], s.getTTL());
        if (s.getTarget().equals(Name.root)) {
          continue;
        }
        records.add(new Srv(s.getPriority(), s.getWeight(), s.getPort(), s.getTarget().toString()));
      }
    }
    if (records.isEmpty()) {
      problems.add(domain + " has no SRV record; no nodes");
      return Set.of();
    }
    TxtRecords.Txt txt = txt(problems);
    Set<Node> out = new LinkedHashSet<>();
    for (Srv s : SrvOrdering.order(records, () -> ThreadLocalRandom.current().nextDouble())) {
      Name target;
      try {
        target = Name.fromString(s.target());
      } catch (TextParseException e) {
        problems.add("SRV target '" + s.target() + "' is not a DNS name; skipped");
        continue;
      }
      List<InetAddress> addresses;
      try {
        addresses = addresses(target, answer, problems, ttl);
      } catch (DnsClient.DnsException e) {
        problems.add(
            "SRV target "
                + s.target()
                + " could not be resolved ("
                + e.getMessage()
                + "); skipped");
        continue;
      }
      if (addresses.isEmpty()) {
        problems.add("SRV target " + s.target() + " has no address record; skipped");
        continue;
      }
      String t =
          s.target().endsWith(".") ? s.target().substring(0, s.target().length() - 1) : s.target();
      Map<String, String> labels =
          Map.of(
              "srv.priority",
              Integer.toString(s.priority()),
              "srv.weight",
              Integer.toString(s.weight()),
              "dns.target",
              t.toLowerCase(Locale.ROOT));
      int before = out.size();
      for (InetAddress a : addresses) {
        node(txt, a, s.port(), labels, problems, out);
      }
      if (out.size() > before) {
        for (Node n : new ArrayList<>(out).subList(before, out.size())) {
          out.remove(n);
          out.add(n.withWeight(Math.max(1, Math.min(10_000, s.weight()))));
        }
      }
    }
    return out;
  }

  private void node(
      TxtRecords.Txt txt,
      InetAddress a,
      int port,
      Map<String, String> extra,
      List<String> problems,
      Set<Node> out) {
    try {
      Node n = txt.toNode(a.getHostAddress(), port, scheme);
      if (txt.path() == null && !path.isEmpty()) {
        n = new Node(Node.of(n.baseUri() + path).baseUri(), n.weight(), n.zone(), n.labels());
      }
      if (!extra.isEmpty()) {
        Map<String, String> labels = new HashMap<>(n.labels());
        labels.putAll(extra);
        n = n.withLabels(labels);
      }
      out.add(n);
    } catch (URISyntaxException | IllegalArgumentException e) {
      problems.add(
          "address "
              + a.getHostAddress()
              + " port "
              + port
              + " gives no valid node ("
              + e.getMessage()
              + "); skipped");
    }
  }

  /** A and AAAA records of {@code host}, from {@code hint}'s additional section when there. */
  private List<InetAddress> addresses(
      Name host, @Nullable Message hint, List<String> problems, long[] ttl) throws IOException {
    List<InetAddress> out = new ArrayList<>();
    if (hint != null) {
      for (Record r : hint.getSection(Section.ADDITIONAL)) {
        collect(r, host, out, ttl);
      }
      if (!out.isEmpty()) {
        return out;
      }
    }
    Message a = dns.query(host, Type.A);
    if (a.getRcode() == Rcode.NXDOMAIN) {
      if (hint == null) {
        problems.add(host + " does not exist (NXDOMAIN)");
      }
      return out;
    }
    for (Record r : a.getSection(Section.ANSWER)) {
      collect(r, null, out, ttl);
    }
    if (ipv6) {
      for (Record r : dns.query(host, Type.AAAA).getSection(Section.ANSWER)) {
        collect(r, null, out, ttl);
      }
    }
    return out;
  }

  private static void collect(Record r, @Nullable Name owner, List<InetAddress> out, long[] ttl) {
    if (owner != null && !r.getName().equals(owner)) {
      return;
    }
    InetAddress a =
        r instanceof ARecord ar
            ? ar.getAddress()
            : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
    if (a != null && !out.contains(a)) {
      out.add(a);
      ttl[0] = Math.min(ttl[0], r.getTTL());
    }
  }

  private TxtRecords.Txt txt(List<String> problems) {
    try {
      Message m = dns.query(name, Type.TXT);
      List<byte[]> strings = new ArrayList<>();
      for (Record r : m.getSection(Section.ANSWER)) {
        if (r instanceof TXTRecord t) {
          strings.addAll(t.getStringsAsByteArrays());
        }
      }
      TxtRecords.Txt txt = TxtRecords.parse(strings);
      for (String p : txt.problems()) {
        problems.add("TXT of " + domain + ": " + p);
      }
      return txt;
    } catch (IOException e) {
      return TxtRecords.empty();
    }
  }

  @Override
  public String toString() {
    return "DnsNodeSource{" + name() + " via " + dns.servers() + "}";
  }

  /** Builds a {@link DnsNodeSource}; {@link #build()} validates. */
  public static final class Builder {
    private final boolean srv;
    private final String domain;
    private final List<InetSocketAddress> resolvers = new ArrayList<>();
    private int port = Node.DEFAULT_PORT;
    private String scheme = "http";
    private String path = "";
    private Duration minTtl = DEFAULT_MIN_TTL;
    private Duration maxTtl = DEFAULT_MAX_TTL;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean ipv6 = true;

    private Builder(boolean srv, String domain) {
      this.srv = srv;
      this.domain = domain == null ? "" : domain.strip();
    }

    /**
     * Adds a resolver to ask, by IP literal and port; by default the system's resolvers from {@code
     * /etc/resolv.conf}. Several are asked in order until one answers. Point it at the server that
     * holds your fleet's zone (dnsmasq, BIND, CoreDNS) when that is not the system's.
     *
     * @throws IllegalArgumentException when {@code address} is not an IP literal or the port is
     *     outside 1..65535
     */
    public Builder resolver(String address, int port) {
      String a = address == null ? "" : address.strip();
      if (!IP_LITERAL.matcher(a).matches()) {
        throw new IllegalArgumentException(
            "DNS resolver '" + address + "' must be an IP address literal such as 192.168.1.1");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("DNS resolver port " + port + " is outside 1..65535");
      }
      try {
        resolvers.add(new InetSocketAddress(InetAddress.getByName(a), port));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "DNS resolver '" + address + "' is not a valid IP address", e);
      }
      return this;
    }

    /**
     * Sets the port of nodes found by A/AAAA records; default {@value Node#DEFAULT_PORT}. Ignored
     * for SRV, whose records carry the port.
     */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Sets {@code http} (default) or {@code https} for the nodes; a TXT record's {@code scheme}
     * overrides it. Note that nodes are addressed by IP, so a TLS certificate must name the IP or
     * the client must verify against the {@code dns.target} label.
     */
    public Builder scheme(String scheme) {
      this.scheme = scheme;
      return this;
    }

    /** Sets a base path such as {@code /ollama} for nodes behind a reverse proxy; default none. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /**
     * Sets the shortest wait between two resolutions, whatever the TTL says; default {@link
     * #DEFAULT_MIN_TTL} (5 s). Also the wait before retrying after a failure. Keep it above a
     * second so a zero TTL cannot make the client hammer the resolver.
     */
    public Builder minTtl(Duration minTtl) {
      this.minTtl = minTtl;
      return this;
    }

    /**
     * Sets the longest wait between two resolutions, whatever the TTL says; default {@link
     * #DEFAULT_MAX_TTL} (5 min). Lower it when records carry long TTLs but nodes come and go
     * faster.
     */
    public Builder maxTtl(Duration maxTtl) {
      this.maxTtl = maxTtl;
      return this;
    }

    /** Sets how long to wait for each resolver's answer; default {@link #DEFAULT_TIMEOUT} (2 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Whether AAAA records are asked for as well as A records; default true. */
    public Builder ipv6(boolean ipv6) {
      this.ipv6 = ipv6;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the parameter that is invalid
     */
    public DnsNodeSource build() {
      if (domain.isEmpty()) {
        throw new IllegalArgumentException(
            "DNS name is empty: give e.g. " + (srv ? "_ollama._tcp.lan" : "ollama.lan"));
      }
      Name parsedName;
      try {
        parsedName = Name.fromString(domain, Name.root);
      } catch (TextParseException e) {
        throw new IllegalArgumentException(
            "'" + domain + "' is not a valid DNS name: " + e.getMessage(), e);
      }
      if (srv && !domain.startsWith("_")) {
        throw new IllegalArgumentException(
            "SRV name '" + domain + "' should look like _ollama._tcp.<domain>");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535, was " + port);
      }
      scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("scheme must be http or https, was '" + scheme + "'");
      }
      path = path == null ? "" : path.strip();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (!path.isEmpty() && !path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
      }
      positive("minTtl", minTtl);
      positive("maxTtl", maxTtl);
      positive("timeout", timeout);
      if (maxTtl.compareTo(minTtl) < 0) {
        throw new IllegalArgumentException(
            "maxTtl (" + maxTtl + ") must be at least minTtl (" + minTtl + ")");
      }
      return new DnsNodeSource(this, parsedName);
    }

    private static void positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be a positive duration, was " + d);
      }
    }
  }
}
