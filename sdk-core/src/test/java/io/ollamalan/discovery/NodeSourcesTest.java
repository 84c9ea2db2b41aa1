package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeSourcesTest {

  @Test
  void factoriesNameTheirSources() {
    assertThat(NodeSources.dns("ollama.lan").name()).isEqualTo("dns:ollama.lan");
    assertThat(NodeSources.dnsSrv("_ollama._tcp.lan").name()).isEqualTo("dns-srv:_ollama._tcp.lan");
    assertThat(NodeSources.mdns().name()).isEqualTo("mdns:_ollama._tcp.local.");
    assertThat(NodeSources.subnetProbe("127.0.0.0/29", 11434).name())
        .isEqualTo("probe:[127.0.0.0/29]");
  }

  @Test
  void badConfigurationIsRejectedWithAMessageNamingTheProblem() {
    assertThatThrownBy(() -> NodeSources.dns("")).hasMessageContaining("DNS name is empty");
    assertThatThrownBy(() -> NodeSources.dns("bad..name"))
        .hasMessageContaining("not a valid DNS name");
    assertThatThrownBy(() -> NodeSources.dnsSrv("ollama.lan")).hasMessageContaining("_ollama._tcp");
    assertThatThrownBy(() -> DnsNodeSource.forHost("a.lan").resolver("dns.lan", 53))
        .hasMessageContaining("IP address literal");
    assertThatThrownBy(() -> DnsNodeSource.forHost("a.lan").minTtl(Duration.ofMinutes(10)).build())
        .hasMessageContaining("maxTtl");
    assertThatThrownBy(() -> DnsNodeSource.forHost("a.lan").scheme("ftp").build())
        .hasMessageContaining("scheme must be http or https");
    assertThatThrownBy(() -> MdnsNodeSource.builder().serviceType("ollama").build())
        .hasMessageContaining("_ollama._tcp.local.");
    assertThatThrownBy(() -> NodeSources.subnetProbe("10.0.0.0/8"))
        .hasMessageContaining("narrow the range");
    assertThatThrownBy(() -> NodeSources.subnetProbe("127.0.0.0/29", 70000))
        .hasMessageContaining("port must be in 1..65535");
    assertThatThrownBy(() -> SubnetProbeNodeSource.builder().build())
        .hasMessageContaining("add at least one range");
  }
}
