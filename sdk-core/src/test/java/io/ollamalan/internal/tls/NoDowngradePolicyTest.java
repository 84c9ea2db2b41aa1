package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.Node;
import io.ollamalan.tls.TlsConfig;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class NoDowngradePolicyTest {

  private static final TlsConfig REQUIRED = TlsConfig.builder().requireTls(true).build();

  @Test
  void plainNodeIsRefusedWithWhatToDoWhenTlsIsRequired() {
    Node plain = Node.of("http://user:secret@10.0.0.5:11434");

    assertThat(NoDowngradePolicy.refusal(REQUIRED, plain))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains(
                        "http://10.0.0.5:11434",
                        "requires TLS",
                        "https://10.0.0.5:<port>",
                        "No request was sent")
                    .doesNotContain("secret"));
    assertThatThrownBy(() -> NoDowngradePolicy.requireTls(REQUIRED, plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing node http://10.0.0.5:11434");
  }

  @Test
  void applyRefusesPlainNodeBeforeBuildingAnything() {
    assertThatThrownBy(
            () -> InternalTls.apply(new OkHttpClient.Builder(), REQUIRED, Node.of("gpu-1.lan")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://gpu-1.lan:11434");
  }

  @Test
  void tlsNodesAndPlainNodesWithoutTheRequirementPass() {
    assertThat(NoDowngradePolicy.refusal(REQUIRED, Node.of("https://gpu-1.lan"))).isEmpty();
    assertThat(NoDowngradePolicy.refusal(TlsConfig.defaults(), Node.of("gpu-1.lan"))).isEmpty();
  }

  @Test
  void aHostOverrideCannotRelaxTheRequirement() {
    TlsConfig fleet =
        TlsConfig.builder()
            .requireTls(true)
            .forHosts("*.lab", TlsConfig.builder().requireTls(false).build())
            .build();

    assertThat(NoDowngradePolicy.refusal(fleet, Node.of("http://gpu.lab:11434"))).isPresent();
  }

  @Test
  void ipv6NodeIsBracketedInTheAdvice() {
    assertThat(NoDowngradePolicy.refusal(REQUIRED, Node.of("http://[fd00::5]:11434")))
        .hasValueSatisfying(m -> assertThat(m).contains("https://[fd00::5]:<port>"));
  }
}
