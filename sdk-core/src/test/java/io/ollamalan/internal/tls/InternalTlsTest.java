package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.Node;
import io.ollamalan.internal.tls.TestPki.Issued;
import io.ollamalan.tls.TlsConfig;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;
import org.junit.jupiter.api.Test;

class InternalTlsTest {

  private static final Issued CA = TestPki.ca("Internal CA");

  @Test
  void defaultSpecIsTls13WithAeadSuitesOnly() {
    ConnectionSpec spec = InternalTls.connectionSpec(TlsConfig.defaults());

    assertThat(spec.isTls()).isTrue();
    assertThat(spec.tlsVersions()).containsExactly(TlsVersion.TLS_1_3);
    assertThat(spec.cipherSuites()).containsExactlyElementsOf(InternalTls.TLS13_SUITES);
  }

  @Test
  void tls12OptInAddsOnlyForwardSecretAeadSuites() {
    ConnectionSpec spec = InternalTls.connectionSpec(TlsConfig.builder().allowTls12().build());

    assertThat(spec.tlsVersions()).containsExactly(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2);
    assertThat(spec.cipherSuites())
        .containsAll(InternalTls.TLS12_SUITES)
        .allMatch(
            s ->
                s.javaName().startsWith("TLS_AES")
                    || s.javaName().startsWith("TLS_CHACHA")
                    || s.javaName().startsWith("TLS_ECDHE_")
                        && (s.javaName().contains("GCM") || s.javaName().contains("CHACHA20")));
  }

  @Test
  void httpsNodeGetsTheSpecPinsNoSslRedirectsAndOneFailureInterceptor() {
    TlsConfig tls =
        TlsConfig.builder().trustedCaPem(CA.certificatePem()).pin("*.lan", CA.pin()).build();
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    Node node = Node.of("https://gpu-1.lan:8443");

    InternalTls.apply(b, tls, node);
    InternalTls.apply(b, tls, node);
    OkHttpClient client = b.build();

    assertThat(client.connectionSpecs()).containsExactly(InternalTls.connectionSpec(tls));
    assertThat(client.followSslRedirects()).isFalse();
    assertThat(client.certificatePinner().findMatchingPins("gpu-1.lan"))
        .extracting(Object::toString)
        .containsExactly(CA.pin());
    assertThat(client.interceptors())
        .filteredOn(i -> i instanceof TlsFailureInterceptor)
        .hasSize(1);
    assertThat(client.x509TrustManager().getAcceptedIssuers()).containsExactly(CA.certificate());
  }

  @Test
  void plainNodeLeavesTheBuilderAlone() {
    OkHttpClient.Builder b = new OkHttpClient.Builder();

    InternalTls.apply(b, TlsConfig.builder().pin("*.lan", CA.pin()).build(), Node.of("gpu-1.lan"));
    OkHttpClient client = b.build();

    assertThat(client.certificatePinner().findMatchingPins("gpu-1.lan")).isEmpty();
    assertThat(client.interceptors()).isEmpty();
    assertThat(client.followSslRedirects()).isTrue();
  }

  @Test
  void contextIsCreatedOncePerConfiguration() {
    TlsConfig a = TlsConfig.builder().trustedCaPem(CA.certificatePem()).build();
    TlsConfig b = a.toBuilder().build();

    assertThat(InternalTls.context(a)).isSameAs(InternalTls.context(a));
    assertThat(InternalTls.context(b)).isNotSameAs(InternalTls.context(a));
  }

  @Test
  void hostOverrideDecidesTrustAndPinsForItsHosts() {
    Issued labCa = TestPki.ca("Lab CA");
    TlsConfig lab =
        TlsConfig.builder().trustedCaPem(labCa.certificatePem()).pin("*.lab", labCa.pin()).build();
    TlsConfig fleet =
        TlsConfig.builder().trustedCaPem(CA.certificatePem()).forHosts("*.lab", lab).build();

    OkHttpClient client =
        InternalTls.apply(new OkHttpClient.Builder(), fleet, Node.of("https://gpu.lab")).build();

    assertThat(client.x509TrustManager().getAcceptedIssuers()).containsExactly(labCa.certificate());
    assertThat(client.certificatePinner().findMatchingPins("gpu.lab"))
        .extracting(Object::toString)
        .containsExactly(labCa.pin());
  }

  @Test
  void systemTrustCanBeKeptNextToThePrivateCa() {
    TlsConfig tls =
        TlsConfig.builder().trustedCaPem(CA.certificatePem()).trustSystemCas(true).build();

    assertThat(InternalTls.context(tls).trustManager().getAcceptedIssuers())
        .contains(CA.certificate())
        .hasSizeGreaterThan(1);
    assertThat(
            List.of(InternalTls.context(TlsConfig.defaults()).trustManager().getAcceptedIssuers()))
        .doesNotContain(CA.certificate())
        .isNotEmpty();
  }
}
