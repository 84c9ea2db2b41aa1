package io.ollamalan.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.internal.tls.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinsTest {

  /** Made with openssl; its pin computed with the recipe in docs/security.md. */
  static final String OPENSSL_CERTIFICATE =
      """
      -----BEGIN CERTIFICATE-----
      MIIBgjCCASmgAwIBAgIURZmomjMEAnYj/UX5wsPkVfAa0t0wCgYIKoZIzj0EAwIw
      FjEUMBIGA1UEAwwLcGluLmV4YW1wbGUwIBcNMjYxMTI1MDA0NjIzWhgPMjEyNjEx
      MDEwMDQ2MjNaMBYxFDASBgNVBAMMC3Bpbi5leGFtcGxlMFkwEwYHKoZIzj0CAQYI
      KoZIzj0DAQcDQgAEjQUJdoXfW6rhS6jLN8mGS7EAUfTUK3LASRJg1q+UozYPbY9X
      gI8x+63txVmnkaovjfSDAd/GKbkvVoDDgyR3UKNTMFEwHQYDVR0OBBYEFJY+2oTH
      dZWWouFypLHxNa++ivvPMB8GA1UdIwQYMBaAFJY+2oTHdZWWouFypLHxNa++ivvP
      MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgVebUoWzxchCPep0Q
      tEDiqwWXScqD0My+ASJV1WwMrk4CIFUnbS3Xj3DaJEh0pz0YnPEvfI1fUpahYUjz
      IiVy7xyJ
      -----END CERTIFICATE-----
      """;

  static final String OPENSSL_PIN = "sha256/k++yO6I9AebAwEVv3VTVI3fcI+5ItNvAgm87fuaVUPg=";

  @TempDir Path dir;

  @Test
  void pinOfPemFileMatchesOpenssl() throws IOException {
    Path file = Files.writeString(dir.resolve("cert.pem"), OPENSSL_CERTIFICATE);

    assertThat(Pins.pinsOfPemFile(file)).containsExactly(OPENSSL_PIN);
  }

  @Test
  void pinOfCertificateIsThePinOfItsPublicKey() {
    var issued = TestPki.server(TestPki.ca("CA"), "a.lan");

    assertThat(Pins.pinOf(issued.certificate()))
        .isEqualTo(Pins.pinOf(issued.keyPair().getPublic()))
        .startsWith("sha256/")
        .hasSize("sha256/".length() + 44);
  }

  @Test
  void pinsOfBundleAreInFileOrder() throws IOException {
    var ca = TestPki.ca("CA");
    var leaf = TestPki.server(ca, "a.lan");
    Path file =
        Files.writeString(
            dir.resolve("bundle.pem"), TestPki.pem(leaf.certificate(), ca.certificate()));

    assertThat(Pins.pinsOfPemFile(file)).containsExactly(leaf.pin(), ca.pin());
  }

  @Test
  void pinsOfFileWithoutCertificateNameTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "hello");

    assertThatThrownBy(() -> Pins.pinsOfPemFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("BEGIN CERTIFICATE");
  }
}
