package io.ollamalan.discovery;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.Node;
import io.ollamalan.internal.discovery.TxtRecords;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.jspecify.annotations.Nullable;

/**
 * Nodes announced over multicast DNS / DNS-SD ({@code _ollama._tcp.local.} by default), followed as
 * they come and go. Announce a node with avahi's service file or {@link MdnsAnnouncer}; see {@code
 * docs/discovery.md}.
 *
 * <p>Each service instance is one node at its first IPv4 address (else its first non-link-local
 * IPv6 address) and its port. Its TXT record may set {@code scheme}, {@code path}, {@code weight},
 * {@code zone}, {@code models} and labels; a key that cannot be used is logged through {@link
 * Listener#sourceError} and skipped.
 *
 * <p>mDNS stays on one link: the client must be on the same layer-2 network as the nodes.
 */
@ExperimentalApi("discovery SPI")
public final class MdnsNodeSource implements NodeSource {

  /** The service type Ollama nodes are announced under. */
  public static final String DEFAULT_SERVICE_TYPE = "_ollama._tcp.local.";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final String serviceType;
  private final List<String> interfaces;
  private final String scheme;
  private final Object lock = new Object();
  private final List<JmDNS> jmdns = new ArrayList<>();

  /** Service qualified name (lower case) to node; guarded by {@code lock}. */
  private final Map<String, Node> services = new LinkedHashMap<>();

  private @Nullable Set<Node> last;
  private boolean started;
  private volatile boolean closed;

  private MdnsNodeSource(Builder b) {
    this.serviceType = b.serviceType;
    this.interfaces = List.copyOf(b.interfaces);
    this.scheme = b.scheme;
  }

  /** A builder for {@code _ollama._tcp.local.} on every multicast interface. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "mdns:" + serviceType;
  }

  @Override
  public void start(Listener listener) {
    List<InetAddress> addresses = new ArrayList<>();
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException(name() + " was already started or closed");
      }
      started = true;
      Objects.requireNonNull(listener, "listener");
      for (String spec : interfaces.isEmpty() ? List.of("") : interfaces) {
        try {
          addresses.addAll(spec.isEmpty() ? defaultAddresses() : addressesOf(spec));
        } catch (IOException | IllegalArgumentException e) {
          listener.sourceError(this, Objects.toString(e.getMessage(), e.toString()), e);
        }
      }
      if (addresses.isEmpty()) {
        listener.sourceError(
            this,
            "no multicast-capable interface to browse on"
                + (interfaces.isEmpty() ? "" : " among " + interfaces),
            null);
      }
    }
    for (InetAddress a : addresses) {
      try {
        JmDNS j = JmDNS.create(a, "ollama-lan-browser-" + Long.toHexString(System.nanoTime()));
        synchronized (lock) {
          if (closed) {
            closeQuietly(j);
            return;
          }
          jmdns.add(j);
        }
        j.addServiceListener(serviceType, new Browser(listener));
      } catch (IOException e) {
        listener.sourceError(
            this, "cannot browse mDNS on " + a.getHostAddress() + ": " + e.getMessage(), e);
      }
    }
    report(listener);
  }

  @Override
  public void close() {
    List<JmDNS> toClose;
    synchronized (lock) {
      closed = true;
      toClose = new ArrayList<>(jmdns);
      jmdns.clear();
    }
    // JmDNS takes about two seconds to say goodbye; do it on every interface at once.
    List<Thread> closers = new ArrayList<>();
    for (JmDNS j : toClose) {
      Thread t = new Thread(() -> closeQuietly(j), "ollama-lan-mdns-close");
      t.setDaemon(true);
      t.start();
      closers.add(t);
    }
    for (Thread t : closers) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Closes a JmDNS instance, whatever its multicast socket says. Leaving the multicast group can
   * fail when the interface's membership is already gone (another process on the same address, an
   * interface that changed), and the JDK reports that failure as an {@link AssertionError} from
   * {@code DatagramChannelImpl.drop}; the goodbye has been sent by then and the socket is closed
   * anyway.
   */
  static void closeQuietly(JmDNS j) {
    try {
      j.close();
    } catch (IOException | RuntimeException | AssertionError e) {
      // Nothing more to free.
    }
  }

  private void report(Listener listener) {
    Set<Node> now;
    synchronized (lock) {
      if (closed) {
        return;
      }
      now = Collections.unmodifiableSet(new LinkedHashSet<>(services.values()));
      if (now.equals(last)) {
        return;
      }
      last = now;
    }
    listener.nodesChanged(this, now);
  }

  private void resolved(ServiceInfo info, Listener listener) {
    String key = info.getQualifiedName().toLowerCase(Locale.ROOT);
    InetAddress address = pickAddress(info);
    if (address == null) {
      return;
    }
    TxtRecords.Txt txt = TxtRecords.parseWire(info.getTextBytes());
    for (String p : txt.problems()) {
      listener.sourceError(this, "service '" + info.getName() + "': " + p, null);
    }
    Node node;
    try {
      Map<String, String> labels = new LinkedHashMap<>(txt.labels());
      labels.put("mdns.instance", info.getName());
      node =
          new TxtRecords.Txt(txt.scheme(), txt.path(), txt.weight(), txt.zone(), labels, List.of())
              .toNode(address.getHostAddress(), info.getPort(), scheme);
    } catch (URISyntaxException | IllegalArgumentException e) {
      listener.sourceError(
          this,
          "service '"
              + info.getName()
              + "' at "
              + address.getHostAddress()
              + ":"
              + info.getPort()
              + " gives no valid node ("
              + e.getMessage()
              + "); skipped",
          e);
      return;
    }
    synchronized (lock) {
      services.put(key, node);
    }
    report(listener);
  }

  private static @Nullable InetAddress pickAddress(ServiceInfo info) {
    if (info.getPort() < 1) {
      return null;
    }
    for (Inet4Address a : info.getInet4Addresses()) {
      return a;
    }
    for (Inet6Address a : info.getInet6Addresses()) {
      if (!a.isLinkLocalAddress()) {
        return a;
      }
    }
    return null;
  }

  /**
   * Receives JmDNS's events; made by {@link MdnsNodeSource#start} with the listener it reports to.
   */
  private final class Browser implements ServiceListener {
    private final Listener listener;

    Browser(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void serviceAdded(ServiceEvent event) {
      event.getDNS().requestServiceInfo(event.getType(), event.getName(), 1000);
    }

    @Override
    public void serviceRemoved(ServiceEvent event) {
      String key =
          event.getInfo() != null
              ? event.getInfo().getQualifiedName()
              : event.getName() + "." + event.getType();
      boolean removed;
      synchronized (lock) {
        removed = services.remove(key.toLowerCase(Locale.ROOT)) != null;
      }
      if (removed) {
        report(listener);
      }
    }

    @Override
    public void serviceResolved(ServiceEvent event) {
      try {
        resolved(event.getInfo(), listener);
      } catch (RuntimeException e) {
        listener.sourceError(
            MdnsNodeSource.this, "service '" + event.getName() + "' could not be read; skipped", e);
      }
    }
  }

  static List<InetAddress> defaultAddresses() throws SocketException {
    List<InetAddress> out = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && ni.supportsMulticast() && !ni.isLoopback() && !ni.isPointToPoint()) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  static List<InetAddress> addressesOf(String spec) throws IOException {
    if (IPV4.matcher(spec).matches() || spec.indexOf(':') >= 0) {
      InetAddress a = InetAddress.getByName(spec);
      if (NetworkInterface.getByInetAddress(a) == null) {
        throw new IllegalArgumentException("no local interface has address " + spec);
      }
      return List.of(a);
    }
    NetworkInterface ni = NetworkInterface.getByName(spec);
    if (ni == null) {
      throw new IllegalArgumentException("no network interface named '" + spec + "'");
    }
    List<InetAddress> out = new ArrayList<>();
    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
      if (a instanceof Inet4Address) {
        out.add(a);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("interface '" + spec + "' has no IPv4 address");
    }
    return out;
  }

  @Override
  public String toString() {
    return "MdnsNodeSource{"
        + serviceType
        + (interfaces.isEmpty() ? "" : " on " + interfaces)
        + "}";
  }

  /** Builds an {@link MdnsNodeSource}. */
  public static final class Builder {
    private String serviceType = DEFAULT_SERVICE_TYPE;
    private final List<String> interfaces = new ArrayList<>();
    private String scheme = "http";

    private Builder() {}

    /**
     * Sets the DNS-SD service type; default {@value #DEFAULT_SERVICE_TYPE}. Change it only to keep
     * fleets apart on one link (e.g. {@code _ollama-staging._tcp.local.}).
     */
    public Builder serviceType(String serviceType) {
      this.serviceType = serviceType;
      return this;
    }

    /**
     * Adds an interface to browse on, by name ({@code eth0}) or by one of its IPv4 addresses;
     * default: every interface that is up, multicast-capable and not loopback. Name the LAN
     * interface on hosts with VPNs or container bridges, where browsing everywhere finds services
     * you do not want.
     */
    public Builder networkInterface(String nameOrAddress) {
      this.interfaces.add(Objects.requireNonNull(nameOrAddress, "nameOrAddress").strip());
      return this;
    }

    /** Sets the scheme of nodes whose TXT record has no {@code scheme}; default {@code http}. */
    public Builder scheme(String scheme) {
      this.scheme = scheme;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the parameter that is invalid
     */
    public MdnsNodeSource build() {
      String t = serviceType == null ? "" : serviceType.strip().toLowerCase(Locale.ROOT);
      if (!t.endsWith(".")) {
        t = t + ".";
      }
      if (!t.matches("_[a-z0-9-]{1,15}\\._(tcp|udp)\\.local\\.")) {
        throw new IllegalArgumentException(
            "serviceType '" + serviceType + "' must look like _ollama._tcp.local.");
      }
      serviceType = t;
      scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("scheme must be http or https, was '" + scheme + "'");
      }
      for (String i : interfaces) {
        if (i.isEmpty()) {
          throw new IllegalArgumentException("networkInterface must not be empty");
        }
      }
      return new MdnsNodeSource(this);
    }
  }
}
