package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.internal.tls.TestPki.Issued;
import io.ollamalan.internal.tls.TestPki.KeyFormat;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemFilesTest {

  private static final Issued CA = TestPki.ca("PEM CA");
  private static final KeyPair RSA = TestPki.rsaKey();
  private static final KeyPair EC = TestPki.ecKey();
  private static final char[] PASSWORD = "correct horse".toCharArray();

  @ParameterizedTest
  @EnumSource(KeyFormat.class)
  void readsRsaKeysInEveryFormat(KeyFormat format) {
    assertReadsBack(RSA, format);
  }

  @ParameterizedTest
  @EnumSource(KeyFormat.class)
  void readsEcKeysInEveryFormat(KeyFormat format) {
    assertReadsBack(EC, format);
  }

  @Test
  void traditionalFormatsAreTheOpensslHeaders() {
    assertThat(TestPki.keyPem(RSA, KeyFormat.TRADITIONAL, null))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(TestPki.keyPem(EC, KeyFormat.TRADITIONAL, null))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(TestPki.keyPem(EC, KeyFormat.PKCS8, null)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(TestPki.keyPem(EC, KeyFormat.ENCRYPTED_PKCS8, PASSWORD))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(TestPki.keyPem(EC, KeyFormat.ENCRYPTED_TRADITIONAL, PASSWORD))
        .contains("Proc-Type: 4,ENCRYPTED");
  }

  @Test
  void keyAndChainMayShareOneFile() {
    Issued client = TestPki.client(CA, "both", EC);
    String combined = client.keyPem() + client.chainPem();

    assertThat(PemFiles.readCertificates(new StringReader(combined), "both.pem"))
        .containsExactly(client.certificate());
    assertThat(PemFiles.readPrivateKey(new StringReader(combined), "both.pem", null).getEncoded())
        .isEqualTo(EC.getPrivate().getEncoded());
  }

  @Test
  void garbageCertificateNamesSourceAndWhatToDo() {
    assertThatThrownBy(
            () -> PemFiles.readCertificates(new StringReader("not a pem"), "/etc/ca.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("/etc/ca.pem contains no PEM certificate")
        .hasMessageContaining("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void corruptBase64NamesSource() {
    String corrupt = "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> PemFiles.readCertificates(new StringReader(corrupt), "/etc/ca.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("could not parse /etc/ca.pem");
  }

  @Test
  void fileWithoutKeyNamesSourceAndAcceptedHeaders() {
    assertThatThrownBy(
            () ->
                PemFiles.readPrivateKey(
                    new StringReader(CA.certificatePem()), "/etc/key.pem", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("/etc/key.pem contains no PEM private key")
        .hasMessageContaining("ENCRYPTED PRIVATE KEY");
  }

  @Test
  void encryptedKeyWithoutPasswordSaysToPassOne() {
    String pem = TestPki.keyPem(EC, KeyFormat.ENCRYPTED_PKCS8, PASSWORD);

    assertThatThrownBy(() -> PemFiles.readPrivateKey(new StringReader(pem), "/etc/key.pem", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/etc/key.pem holds an encrypted private key")
        .hasMessageContaining("password");
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyFormat.class,
      names = {"ENCRYPTED_PKCS8", "ENCRYPTED_TRADITIONAL"})
  void wrongPasswordNamesSourceButNeverThePassword(KeyFormat format) {
    String pem = TestPki.keyPem(RSA, format, PASSWORD);

    assertThatThrownBy(
            () ->
                PemFiles.readPrivateKey(
                    new StringReader(pem), "/etc/key.pem", "tr0ub4dor".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("could not decrypt the private key in /etc/key.pem")
        .message()
        .doesNotContain("tr0ub4dor")
        .doesNotContain("correct horse");
  }

  @Test
  void mismatchedKeyAndCertificateNameBoth() {
    Issued client = TestPki.client(CA, "someone", EC);
    PrivateKey other = TestPki.ecKey().getPrivate();

    PemFiles.checkKeyMatches(EC.getPrivate(), client.certificate(), "k.pem", "c.pem");
    assertThatThrownBy(
            () -> PemFiles.checkKeyMatches(other, client.certificate(), "k.pem", "c.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k.pem")
        .hasMessageContaining("c.pem")
        .hasMessageContaining("CN=someone");
    assertThatThrownBy(
            () ->
                PemFiles.checkKeyMatches(RSA.getPrivate(), client.certificate(), "k.pem", "c.pem"))
        .hasMessageContaining("does not belong");
  }

  private static void assertReadsBack(KeyPair kp, KeyFormat format) {
    String pem = TestPki.keyPem(kp, format, PASSWORD);

    PrivateKey key = PemFiles.readPrivateKey(new StringReader(pem), "key.pem", PASSWORD);

    Issued client = TestPki.client(CA, "c", kp);
    PemFiles.checkKeyMatches(key, client.certificate(), "key.pem", "cert.pem");
  }
}
