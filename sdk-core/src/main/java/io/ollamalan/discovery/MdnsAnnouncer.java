package io.ollamalan.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

/**
 * Announces one Ollama node over mDNS/DNS-SD as {@code _ollama._tcp.local.}, for nodes that run a
 * JVM sidecar rather than avahi. Keep it open for as long as the node should be found; closing
 * sends a goodbye so that browsers drop the node at once.
 *
 * <p>From a shell: {@code java -cp sdk-core.jar:... io.ollamalan.discovery.MdnsAnnouncer
 * 192.168.1.20 gpu-1 11434 models=llama3.2:3b zone=rack-2}.
 */
public final class MdnsAnnouncer implements AutoCloseable {
  private final JmDNS jmdns;
  private final ServiceInfo info;

  private MdnsAnnouncer(JmDNS jmdns, ServiceInfo info) {
    this.jmdns = jmdns;
    this.info = info;
  }

  /**
   * Starts announcing.
   *
   * @param bindAddress the node's address on the LAN; it is the address browsers will use
   * @param instanceName a name unique on the link, e.g. the host name ({@code gpu-1})
   * @param port the port Ollama (or its proxy) listens on, usually 11434
   * @param txt TXT keys such as {@code models}, {@code zone}, {@code weight}, {@code scheme},
   *     {@code path}; may be empty
   * @throws IOException when multicast cannot be used on that address
   */
  public static MdnsAnnouncer start(
      InetAddress bindAddress, String instanceName, int port, Map<String, String> txt)
      throws IOException {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (instanceName == null || instanceName.isBlank() || instanceName.length() > 63) {
      throw new IllegalArgumentException(
          "instanceName must have 1 to 63 characters, was '" + instanceName + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
    String host = instanceName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    JmDNS j = JmDNS.create(bindAddress, host);
    try {
      ServiceInfo info =
          ServiceInfo.create(
              MdnsNodeSource.DEFAULT_SERVICE_TYPE,
              instanceName,
              port,
              0,
              0,
              new LinkedHashMap<>(txt));
      j.registerService(info);
      return new MdnsAnnouncer(j, info);
    } catch (IOException | RuntimeException e) {
      MdnsNodeSource.closeQuietly(j);
      throw e;
    }
  }

  /** The instance name actually announced (JmDNS renames it on a conflict). */
  public String instanceName() {
    return info.getName();
  }

  /** Withdraws the announcement and frees the multicast socket and threads. */
  @Override
  public void close() {
    // JmDNS's close() unregisters, which sends the goodbye.
    MdnsNodeSource.closeQuietly(jmdns);
  }

  /**
   * Announces until the process ends: {@code <bind-address> <instance-name> <port> [key=value...]}.
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println(
          "usage: MdnsAnnouncer <bind-address> <instance-name> <port> [key=value...]");
      System.exit(2);
    }
    Map<String, String> txt = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        System.err.println("ignoring '" + args[i] + "': TXT entries are key=value");
        continue;
      }
      txt.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    MdnsAnnouncer a =
        start(InetAddress.getByName(args[0]), args[1], Integer.parseInt(args[2]), txt);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  a.close();
                  done.countDown();
                }));
    System.out.println("announcing " + a.instanceName() + " on " + args[0] + ":" + args[2]);
    done.await();
  }
}
