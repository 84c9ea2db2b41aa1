package io.ollamalan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, http://127.0.0.1:11434",
    "1.2.3.4, http://1.2.3.4:11434",
    "gpu-1.lan:1234, http://gpu-1.lan:1234",
    "http://1.2.3.4, http://1.2.3.4:80",
    "https://1.2.3.4, https://1.2.3.4:443",
    "https://example.com/ollama/, https://example.com:443/ollama",
    "HTTP://GPU-1.LAN:11434, http://gpu-1.lan:11434",
    "'[::1]:11434', http://[::1]:11434",
    "'\"10.0.0.5\"', http://10.0.0.5:11434",
  })
  void parsesAddressesLikeOllamaHost(String address, String expectedId) {
    assertThat(Node.of(address).id()).isEqualTo(expectedId);
  }

  @Test
  void idAndToStringNeverContainCredentials() {
    Node n = Node.of("https://alice:s3cret@gpu-1.lan:8443/ollama");
    assertThat(n.id()).isEqualTo("https://gpu-1.lan:8443/ollama");
    assertThat(n.toString()).doesNotContain("s3cret").doesNotContain("alice");
    assertThat(n.baseUri().getUserInfo()).isEqualTo("alice:s3cret");
  }

  @Test
  void badAddressesFailWithMessagesThatSayWhatToGive() {
    assertThatThrownBy(() -> Node.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host[:port]");
    assertThatThrownBy(() -> Node.of("ftp://host")).hasMessageContaining("only http and https");
    assertThatThrownBy(() -> Node.of("http://host:99999")).hasMessageContaining("99999");
    assertThatThrownBy(() -> Node.of("http://host/x?y=1")).hasMessageContaining("query");
    assertThatThrownBy(() -> Node.of("http://bob:pw@ho st"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
  }

  @Test
  void weightIsValidated() {
    assertThatThrownBy(() -> Node.of("h").withWeight(0)).hasMessageContaining("weight");
    Node n = Node.of("h").withWeight(5).withZone("rack-2").withLabels(Map.of("gpu", "a100"));
    assertThat(n.weight()).isEqualTo(5);
    assertThat(n.zone()).isEqualTo("rack-2");
    assertThat(n.labels()).containsEntry("gpu", "a100");
    assertThat(n.isTls()).isFalse();
    assertThat(n.host()).isEqualTo("h");
    assertThat(n.port()).isEqualTo(11434);
  }

  @Test
  void ipv6HostIsReturnedWithoutBrackets() {
    assertThat(Node.of("http://[::1]:8080").host()).isEqualTo("::1");
  }
}
