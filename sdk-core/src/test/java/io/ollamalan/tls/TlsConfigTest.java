package io.ollamalan.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.Node;
import io.ollamalan.internal.tls.TestPki;
import io.ollamalan.internal.tls.TestPki.Issued;
import io.ollamalan.internal.tls.TestPki.KeyFormat;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {

  private static final Issued CA = TestPki.ca("Unit CA");

  @TempDir Path dir;

  @Test
  void defaultsAreTls13OnlyWithSystemTrustAndNothingElse() {
    TlsConfig c = TlsConfig.defaults();

    assertThat(c.tlsVersions()).containsExactly("TLSv1.3");
    assertThat(c.tls12Allowed()).isEqualTo(TlsConfig.DEFAULT_TLS12_ALLOWED).isFalse();
    assertThat(c.requireTls()).isEqualTo(TlsConfig.DEFAULT_REQUIRE_TLS).isFalse();
    assertThat(c.usesBouncyCastleJsse()).isFalse();
    assertThat(c.trustsSystemCas()).isTrue();
    assertThat(c.trustedCas()).isEmpty();
    assertThat(c.pins()).isEmpty();
    assertThat(c.clientPrivateKey()).isEmpty();
  }

  @Test
  void tls12IsOfferedOnlyAfterOptIn() {
    assertThat(TlsConfig.builder().allowTls12().build().tlsVersions())
        .containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void privateCaReplacesSystemTrustUnlessAskedToKeepIt() {
    String pem = CA.certificatePem();

    assertThat(TlsConfig.builder().trustedCaPem(pem).build().trustsSystemCas()).isFalse();
    assertThat(TlsConfig.builder().trustedCaPem(pem).trustSystemCas(true).build().trustsSystemCas())
        .isTrue();
  }

  @Test
  void caPemIsReadFromPathStringAndStream() {
    Path file = TestPki.write(dir.resolve("ca.pem"), CA.certificatePem());
    var stream = new ByteArrayInputStream(CA.certificatePem().getBytes(StandardCharsets.UTF_8));

    TlsConfig c =
        TlsConfig.builder()
            .trustedCaPem(file)
            .trustedCaPem(CA.certificatePem())
            .trustedCaPem(stream, "classpath:ca.pem")
            .build();

    assertThat(c.trustedCas()).hasSize(3).allMatch(CA.certificate()::equals);
  }

  @Test
  void trustingNothingIsRejected() {
    assertThatThrownBy(() -> TlsConfig.builder().trustSystemCas(false).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustedCaPem");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.pem");

    assertThatThrownBy(() -> TlsConfig.builder().trustedCaPem(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("check the path");
  }

  @Test
  void garbageCaFileIsNamedWithWhatToDo() throws Exception {
    Path garbage = Files.write(dir.resolve("ca.der"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a});

    assertThatThrownBy(() -> TlsConfig.builder().trustedCaPem(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("openssl x509 -inform der");
  }

  @Test
  void clientCertificateFromFilesWithEncryptedKey() {
    Issued client = TestPki.client(CA, "client", TestPki.rsaKey());
    char[] password = "s3cret-pass".toCharArray();
    Path cert = TestPki.write(dir.resolve("client.pem"), client.chainPem());
    Path key =
        TestPki.write(
            dir.resolve("client-key.pem"), client.keyPem(KeyFormat.ENCRYPTED_PKCS8, password));

    TlsConfig c = TlsConfig.builder().clientCertificatePem(cert, key, password).build();

    assertThat(c.clientCertificateChain()).containsExactly(client.certificate());
    assertThat(c.clientPrivateKey()).contains(client.keyPair().getPrivate());
    assertThat(c.toString())
        .contains("CN=client", cert.toString(), "key hidden")
        .doesNotContain("s3cret-pass")
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void wrongPasswordNamesTheKeyFile() {
    Issued client = TestPki.client(CA, "client", TestPki.ecKey());
    Path cert = TestPki.write(dir.resolve("client.pem"), client.chainPem());
    Path key =
        TestPki.write(
            dir.resolve("client-key.pem"),
            client.keyPem(KeyFormat.ENCRYPTED_PKCS8, "right".toCharArray()));

    assertThatThrownBy(
            () -> TlsConfig.builder().clientCertificatePem(cert, key, "wrong-guess".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("password is wrong")
        .message()
        .doesNotContain("wrong-guess")
        .doesNotContain("right");
  }

  @Test
  void keyOfAnotherCertificateIsRejectedNamingBothFiles() {
    Issued client = TestPki.client(CA, "client", TestPki.ecKey());
    Path cert = TestPki.write(dir.resolve("client.pem"), client.chainPem());
    Path otherKey =
        TestPki.write(
            dir.resolve("other-key.pem"), TestPki.keyPem(TestPki.ecKey(), KeyFormat.PKCS8, null));

    assertThatThrownBy(() -> TlsConfig.builder().clientCertificatePem(cert, otherKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(otherKey.toString())
        .hasMessageContaining(cert.toString())
        .hasMessageContaining("does not belong");
  }

  @Test
  void pinsAccumulatePerPatternForRotation() {
    String oldPin = CA.pin();
    String newPin = TestPki.ca("Next CA").pin();

    TlsConfig c =
        TlsConfig.builder()
            .pin("*.GPU.lan", oldPin)
            .pin("*.gpu.lan", newPin, oldPin)
            .pin("**.corp", newPin)
            .build();

    assertThat(c.pins()).containsOnlyKeys("*.gpu.lan", "**.corp");
    assertThat(c.pinsFor("a.gpu.lan")).containsExactly(oldPin, newPin);
    assertThat(c.pinsFor("corp")).containsExactly(newPin);
    assertThat(c.pinsFor("a.b.gpu.lan")).isEmpty();
  }

  @Test
  void malformedPinSaysHowToComputeOne() {
    assertThatThrownBy(() -> TlsConfig.builder().pin("a.lan", "sha1/abc="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha1/abc=")
        .hasMessageContaining("a.lan")
        .hasMessageContaining("Pins.pinsOfPemFile")
        .hasMessageContaining("openssl");
    assertThatThrownBy(() -> TlsConfig.builder().pin("a.lan")).hasMessageContaining("at least one");
    assertThatThrownBy(() -> TlsConfig.builder().pin("a.*.lan", CA.pin()))
        .hasMessageContaining("a.*.lan");
  }

  @Test
  void hostOverrideAppliesToMatchingHostsAndNeverRelaxesRequireTls() {
    TlsConfig lab = TlsConfig.builder().allowTls12().build();
    TlsConfig fleet = TlsConfig.builder().requireTls(true).forHosts("*.lab.corp", lab).build();

    TlsConfig forLab = fleet.forNode(Node.of("https://gpu-1.lab.corp"));
    assertThat(forLab.tls12Allowed()).isTrue();
    assertThat(forLab.requireTls()).isTrue();
    assertThat(fleet.forHost("gpu-1.lab.corp")).isSameAs(forLab);
    assertThat(fleet.forHost("gpu-1.prod.corp")).isSameAs(fleet);
  }

  @Test
  void fromCopiesEverything() {
    TlsConfig c =
        TlsConfig.builder()
            .requireTls(true)
            .allowTls12()
            .pin("a.lan", CA.pin())
            .trustedCaPem(CA.certificatePem())
            .useBouncyCastleJsse(true)
            .build();

    assertThat(c.toBuilder().build().toString()).isEqualTo(c.toString());
  }
}
