package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternsTest {

  @ParameterizedTest
  @CsvSource({
    "gpu-1.lan, gpu-1.lan, true",
    "gpu-1.lan, GPU-1.LAN, true",
    "gpu-1.lan, gpu-2.lan, false",
    "*.lan, gpu-1.lan, true",
    "*.lan, lan, false",
    "*.lan, a.gpu-1.lan, false",
    "*.lan, xlan, false",
    "**.corp, corp, true",
    "**.corp, a.corp, true",
    "**.corp, a.b.c.corp, true",
    "**.corp, notcorp, false",
    "**.corp, corp.evil, false",
    "127.0.0.1, 127.0.0.1, true",
  })
  void matchesLikeOkHttpCertificatePinner(String pattern, String host, boolean matches) {
    assertThat(HostPatterns.matches(HostPatterns.canonicalize(pattern), host)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "*",
        "**",
        "*.",
        "a.*.lan",
        "***.lan",
        "gpu*.lan",
        ".lan",
        "a..lan",
        "https://a.lan"
      })
  void rejectsMalformedPatternsNamingThem(String pattern) {
    assertThatThrownBy(() -> HostPatterns.canonicalize(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("*.domain");
  }

  @Test
  void canonicalFormIsLowerCase() {
    assertThat(HostPatterns.canonicalize(" **.Corp ")).isEqualTo("**.corp");
  }
}
