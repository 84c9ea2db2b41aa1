package io.ollamalan.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void ipv4RangeSkipsNetworkAndBroadcast() {
    Cidr c = Cidr.parse("127.0.0.8/29");
    assertThat(c.size()).isEqualTo(BigInteger.valueOf(8));
    assertThat(c.hosts(100))
        .extracting(InetAddress::getHostAddress)
        .containsExactly(
            "127.0.0.9", "127.0.0.10", "127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14");
  }

  @Test
  void smallRangesAndSingleAddressesKeepEveryAddress() {
    assertThat(Cidr.parse("10.0.0.4/31").hosts(10)).hasSize(2);
    assertThat(Cidr.parse(" 10.0.0.7 ").hosts(10))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("10.0.0.7");
  }

  @Test
  void ipv6Range() {
    Cidr c = Cidr.parse("fd00::/126");
    assertThat(c.bits()).isEqualTo(128);
    assertThat(c.hosts(10))
        .extracting(InetAddress::getHostAddress)
        .containsExactly(
            "fd00:0:0:0:0:0:0:0", "fd00:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:2", "fd00:0:0:0:0:0:0:3");
  }

  @Test
  void badInputIsRejectedWithAMessageThatSaysWhatToDo() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessageContaining("outside 0..32 for IPv4");
    assertThatThrownBy(() -> Cidr.parse("fd00::/129"))
        .hasMessageContaining("outside 0..128 for IPv6");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/24"))
        .hasMessageContaining("did you mean 10.0.0.0/24?");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("prefix length 'x'");
    assertThatThrownBy(() -> Cidr.parse("gpu.lan/24"))
        .hasMessageContaining("not an IPv4 or IPv6 address literal");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.300/32")).hasMessageContaining("octet 300");
    assertThatThrownBy(() -> Cidr.parse("fd00:::1:/64"))
        .hasMessageContaining("not a valid IP address");
    assertThatThrownBy(() -> Cidr.parse("")).hasMessageContaining("empty");
  }

  @Test
  void hugeRangesAreRefused() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/8").hosts(4096))
        .hasMessageContaining("16777216 addresses")
        .hasMessageContaining("narrow the range");
    assertThatThrownBy(() -> Cidr.parse("fd00::/64").hosts(4096))
        .hasMessageContaining("more than the limit");
  }
}
