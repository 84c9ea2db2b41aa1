package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ollamalan.internal.tls.TestPki.Issued;
import io.ollamalan.internal.tls.TlsFailure.Kind;
import java.io.IOException;
import java.net.UnknownServiceException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.CertificatePinner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlsFailureTest {

  @Test
  void okhttpPinFailureIsReadIntoHostExpectedAndPresentedPins() {
    Issued ca = TestPki.ca("Pin CA");
    Issued leaf = TestPki.server(ca, "gpu-1.lan");
    String expected = TestPki.ca("Other").pin();
    CertificatePinner pinner = new CertificatePinner.Builder().add("*.lan", expected).build();
    SSLPeerUnverifiedException e =
        catchThrowableOfType(
            SSLPeerUnverifiedException.class,
            () -> pinner.check("gpu-1.lan", List.of(leaf.certificate(), ca.certificate())));

    TlsFailure failure = TlsFailure.classify(e);

    assertThat(failure.kind()).isEqualTo(Kind.PIN_MISMATCH);
    assertThat(failure.host()).isEqualTo("gpu-1.lan");
    assertThat(failure.expectedPins()).containsExactly(expected);
    assertThat(failure.presentedPins()).containsExactly(leaf.pin(), ca.pin());
    assertThat(failure.message())
        .contains(
            "TLS to gpu-1.lan failed (PIN_MISMATCH)",
            "Expected pins (any of): " + expected,
            leaf.pin() + " (CN=gpu-1.lan)",
            ca.pin() + " (CN=Pin CA)",
            "No request was sent",
            "What to do: if the server's key was rotated");
  }

  @Test
  void knownHostPortAndPinsWinOverTheParsedOnes() {
    Issued leaf = TestPki.server(TestPki.ca("CA"), "gpu-1.lan");
    String pin = TestPki.ca("Other").pin();
    CertificatePinner pinner = new CertificatePinner.Builder().add("gpu-1.lan", pin).build();
    SSLPeerUnverifiedException e =
        catchThrowableOfType(
            SSLPeerUnverifiedException.class,
            () -> pinner.check("gpu-1.lan", List.of(leaf.certificate())));

    TlsFailure failure = TlsFailure.classify(e, "gpu-1.lan", 8443, List.of(pin, "sha256/x="));

    assertThat(failure.port()).isEqualTo(8443);
    assertThat(failure.expectedPins()).containsExactly(pin, "sha256/x=");
    assertThat(failure.message()).startsWith("TLS to gpu-1.lan:8443 failed");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Received fatal alert: protocol_version | PROTOCOL_VERSION",
        "The server selected protocol version TLS12 is not accepted by client preferences [TLS13] | PROTOCOL_VERSION",
        "Received fatal alert: handshake_failure | PROTOCOL_VERSION",
        "Received fatal alert: certificate_required | CLIENT_CERTIFICATE_REQUIRED",
        "Received fatal alert: bad_certificate | CLIENT_CERTIFICATE_REJECTED",
        "Received fatal alert: unknown_ca | CLIENT_CERTIFICATE_REJECTED",
        "Remote host terminated the handshake | OTHER",
      })
  void handshakeAlertsAreClassified(String message, Kind kind) {
    assertThat(TlsFailure.classify(new SSLHandshakeException(message)).kind()).isEqualTo(kind);
  }

  @Test
  void expiredCertificateCauseIsExpired() {
    SSLHandshakeException e = new SSLHandshakeException("PKIX path validation failed");
    e.initCause(new CertificateException(new CertificateExpiredException("NotAfter: yesterday")));

    TlsFailure failure = TlsFailure.classify(e, "a.lan", 443, List.of());

    assertThat(failure.kind()).isEqualTo(Kind.EXPIRED_CERTIFICATE);
    assertThat(failure.message()).contains("a.lan:443", "NotAfter: yesterday", "renew");
  }

  @Test
  void otherCertificateProblemsAreUntrusted() {
    SSLHandshakeException e = new SSLHandshakeException("chain rejected");
    e.initCause(new CertificateException("Unable to construct a valid chain"));

    assertThat(TlsFailure.classify(e).kind()).isEqualTo(Kind.UNTRUSTED_CERTIFICATE);
  }

  @Test
  void hostnameFailureNamesTheHost() {
    TlsFailure failure =
        TlsFailure.classify(
            new SSLPeerUnverifiedException(
                "Hostname gpu-1.lan not verified:\n    certificate: sha256/x=\n    DN: CN=other"));

    assertThat(failure.kind()).isEqualTo(Kind.HOSTNAME_MISMATCH);
    assertThat(failure.host()).isEqualTo("gpu-1.lan");
    assertThat(failure.message()).contains("DN: CN=other", "subjectAltName");
  }

  @Test
  void noSharedConnectionSpecIsAProtocolProblem() {
    assertThat(
            TlsFailure.classify(
                    new UnknownServiceException(
                        "Unable to find acceptable protocols. isFallback=false, modes=[...]"))
                .kind())
        .isEqualTo(Kind.PROTOCOL_VERSION);
  }

  @Test
  void plainIoFailuresAreOther() {
    TlsFailure failure = TlsFailure.classify(new IOException("Connection reset"));

    assertThat(failure.kind()).isEqualTo(Kind.OTHER);
    assertThat(failure.message()).contains("Connection reset", "What to do");
  }

  @Test
  void classifiedFailuresPassThrough() {
    TlsFailure failure = TlsFailure.of(Kind.CLIENT_CERTIFICATE_REQUIRED, "a.lan", 443, "400");
    IOException wrapped = new IOException("call failed", new TlsFailureException(failure, null));

    assertThat(TlsFailure.classify(wrapped)).isSameAs(failure);
  }

  @Test
  void everyKindSaysWhatToDo() {
    for (Kind kind : Kind.values()) {
      assertThat(kind.summary()).isNotBlank();
      assertThat(kind.advice()).isNotBlank();
    }
  }
}
