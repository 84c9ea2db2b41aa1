package io.ollamalan.discovery;

import io.ollamalan.ExperimentalApi;

/**
 * Shorthands for the built-in {@link NodeSource}s with their defaults. Sources compose: give the
 * client several and it merges what they see, one node per {@link io.ollamalan.Node#id()}.
 *
 * <pre>{@code
 * NodeSources.staticNodes("http://gpu-1.lan:11434", "gpu-2.lan");
 * NodeSources.dns("ollama.lan");              // every A/AAAA record, port 11434
 * NodeSources.dnsSrv("_ollama._tcp.lan");     // SRV records with their ports and weights
 * NodeSources.mdns();                         // _ollama._tcp.local. on every LAN interface
 * NodeSources.subnetProbe("192.168.1.0/24", 11434);
 * }</pre>
 *
 * For resolvers, TTL bounds, interfaces, concurrency or timeouts use the builders: {@link
 * DnsNodeSource#forHost(String)}, {@link DnsNodeSource#forSrv(String)}, {@link
 * MdnsNodeSource#builder()}, {@link SubnetProbeNodeSource#builder()}, {@link
 * StaticNodeSource#builder()}.
 */
@ExperimentalApi("discovery SPI")
public final class NodeSources {
  private NodeSources() {}

  /**
   * Fixed nodes by address ({@code host}, {@code host:port}, {@code http(s)://host[:port][/path]}).
   *
   * @throws IllegalArgumentException naming the first address that cannot be parsed
   */
  public static StaticNodeSource staticNodes(String... addresses) {
    StaticNodeSource.Builder b = StaticNodeSource.builder();
    for (String a : addresses) {
      b.node(a);
    }
    return b.build();
  }

  /** Every A and AAAA record of {@code hostName}, on port 11434, via the system's resolvers. */
  public static DnsNodeSource dns(String hostName) {
    return DnsNodeSource.forHost(hostName).build();
  }

  /**
   * Every SRV record of {@code srvName} (e.g. {@code _ollama._tcp.lan}), via the system's
   * resolvers.
   */
  public static DnsNodeSource dnsSrv(String srvName) {
    return DnsNodeSource.forSrv(srvName).build();
  }

  /** {@code _ollama._tcp.local.} over mDNS on every multicast interface that is not loopback. */
  public static MdnsNodeSource mdns() {
    return MdnsNodeSource.builder().build();
  }

  /**
   * Probes one CIDR range on the given ports (11434 when none) every minute.
   *
   * @throws IllegalArgumentException saying what is wrong with the range or a port
   */
  public static SubnetProbeNodeSource subnetProbe(String cidr, int... ports) {
    return SubnetProbeNodeSource.builder().range(cidr).ports(ports).build();
  }
}
