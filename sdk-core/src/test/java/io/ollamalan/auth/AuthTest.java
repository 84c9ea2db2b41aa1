package io.ollamalan.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthTest {

  @Test
  void bearerSendsTheTokenButNeverPrintsIt() {
    Auth auth = Auth.bearer("s3cr3t-token");

    assertThat(auth.headersFor("a.lan"))
        .containsExactly(Map.entry("Authorization", "Bearer s3cr3t-token"));
    assertThat(auth).hasToString("Auth.bearer(***)");
  }

  @Test
  void basicEncodesUtf8AndHidesThePassword() {
    Auth auth = Auth.basic("ops", "pässword");

    assertThat(auth.headersFor("a.lan").get("Authorization"))
        .isEqualTo("Basic b3BzOnDDpHNzd29yZA==");
    assertThat(auth.toString()).contains("ops").doesNotContain("pässword");
  }

  @Test
  void customHeaderValuesAreSecrets() {
    Auth auth = Auth.headers(Map.of("X-Api-Key", "key-123"));

    assertThat(auth.headersFor("a.lan")).containsEntry("X-Api-Key", "key-123");
    assertThat(auth).hasToString("Auth.headers(X-Api-Key=***)");
  }

  @Test
  void forHostsScopesCredentialsToMatchingHosts() {
    Auth auth =
        Auth.bearer("fleet").and(Auth.forHosts("*.lab", Auth.headers(Map.of("X-Lab", "l"))));

    assertThat(auth.headersFor("gpu.lab")).containsOnlyKeys("Authorization", "X-Lab");
    assertThat(auth.headersFor("gpu.prod")).containsOnlyKeys("Authorization");
    assertThat(auth.toString())
        .isEqualTo("Auth.bearer(***).and(Auth.forHosts(*.lab, Auth.headers(X-Lab=***)))")
        .doesNotContain("fleet");
  }

  @Test
  void laterHeadersWin() {
    Auth auth = Auth.bearer("a").and(Auth.bearer("b"));

    assertThat(auth.headersFor("x")).containsExactly(Map.entry("Authorization", "Bearer b"));
  }

  @Test
  void noneIsNeutral() {
    Auth b = Auth.bearer("t");

    assertThat(Auth.none().and(b)).isSameAs(b);
    assertThat(b.and(Auth.none())).isSameAs(b);
    assertThat(Auth.none().headersFor("x")).isEmpty();
  }

  @Test
  void invalidSecretsAreRejectedWithoutEchoingThem() {
    assertThatThrownBy(() -> Auth.bearer("abc\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bearer token")
        .hasMessageNotContaining("abc")
        .hasMessageNotContaining("Injected");
    assertThatThrownBy(() -> Auth.bearer(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> Auth.headers(Map.of("X-Key", "v\u0000secret")))
        .hasMessageContaining("X-Key")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Auth.basic("a:b", "p")).hasMessageContaining("':'");
  }

  @Test
  void headersTheTransportOwnsAreRefused() {
    assertThatThrownBy(() -> Auth.headers(Map.of("Host", "evil")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Host");
    assertThatThrownBy(() -> Auth.headers(Map.of("Bad Name", "v")))
        .hasMessageContaining("Bad Name");
  }

  @Test
  void supplierFailuresNeverCarryTheToken() {
    assertThatThrownBy(() -> Auth.bearer(() -> null).headersFor("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> Auth.bearer(() -> "zq9\nxv7").headersFor("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("zq9")
        .hasMessageNotContaining("xv7");
    assertThatThrownBy(
            () ->
                Auth.bearer(
                        () -> {
                          throw new IllegalArgumentException("vault down");
                        })
                    .headersFor("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("supplier failed");
    assertThat(Auth.bearer(() -> "t")).hasToString("Auth.bearer(supplier)");
  }
}
