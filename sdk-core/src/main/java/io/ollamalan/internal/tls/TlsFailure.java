package io.ollamalan.internal.tls;

import java.io.IOException;
import java.net.UnknownServiceException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong in a TLS connection, classified from the exception OkHttp threw, with a message
 * that names the host and says what to do.
 *
 * @param kind the class of failure
 * @param host the host the client connected to, or empty if unknown
 * @param port the port, or -1 if unknown
 * @param expectedPins the pins configured for the host ({@link Kind#PIN_MISMATCH} only)
 * @param presentedPins the pins of the chain the server presented, leaf first ({@link
 *     Kind#PIN_MISMATCH} only)
 * @param message a complete, human message: what failed, the evidence, and what to do
 */
public record TlsFailure(
    Kind kind,
    String host,
    int port,
    List<String> expectedPins,
    List<String> presentedPins,
    String message) {

  /** The classes of TLS failure a user can act on, each with what to do about it. */
  public enum Kind {
    PIN_MISMATCH(
        "the certificate chain matches none of the pins configured for this host",
        "if the server's key was rotated on purpose, add its new pin next to the old one "
            + "(TlsConfig.pin; compute it with Pins.pinsOfPemFile on the new certificate) and "
            + "remove the old pin once every node serves the new key; otherwise treat this as a "
            + "possible interception and do not connect"),
    UNTRUSTED_CERTIFICATE(
        "the server's certificate is not issued by a CA this client trusts",
        "give the CA that issued it with TlsConfig.trustedCaPem(...), and make the proxy serve "
            + "its full chain (nginx: ssl_certificate holds the certificate then its "
            + "intermediates)"),
    EXPIRED_CERTIFICATE(
        "a certificate in the server's chain is expired or not yet valid",
        "renew the proxy's certificate and reload it (nginx -s reload), and check that both "
            + "machines' clocks are right"),
    HOSTNAME_MISMATCH(
        "the server's certificate does not name the host the client connected to",
        "address the node by a name its certificate lists in subjectAltName, or reissue the "
            + "certificate with this host name or IP address as a subjectAltName"),
    PROTOCOL_VERSION(
        "client and server share no TLS version or cipher suite",
        "this client offers only TLS 1.3 by default: enable it on the proxy (nginx: "
            + "ssl_protocols TLSv1.3;) or, until the proxy can be upgraded, opt in with "
            + "TlsConfig.allowTls12()"),
    CLIENT_CERTIFICATE_REQUIRED(
        "the server requires a client certificate (mutual TLS) and none was presented",
        "configure one with TlsConfig.clientCertificatePem(certificateFile, keyFile), issued by "
            + "the CA the proxy trusts (nginx: ssl_client_certificate)"),
    CLIENT_CERTIFICATE_REJECTED(
        "the server rejected the client certificate",
        "check that the client certificate is valid today, issued by the CA the proxy trusts "
            + "(nginx: ssl_client_certificate) and not revoked; the proxy's error log says "
            + "which"),
    OTHER(
        "the TLS connection failed",
        "see the cause; check that the node's address and port are those of its TLS proxy");

    private final String summary;
    private final String advice;

    Kind(String summary, String advice) {
      this.summary = summary;
      this.advice = advice;
    }

    /** One sentence saying what failed. */
    public String summary() {
      return summary;
    }

    /** One sentence saying what to do. */
    public String advice() {
      return advice;
    }
  }

  private static final Pattern PINNED_HOST = Pattern.compile("Pinned certificates for ([^:\\s]+):");
  private static final Pattern CHAIN_ENTRY =
      Pattern.compile("^\\s*(sha256/[A-Za-z0-9+/=]+): (.*)$", Pattern.MULTILINE);
  private static final Pattern PIN = Pattern.compile("sha256/[A-Za-z0-9+/=]+");
  private static final Pattern HOSTNAME = Pattern.compile("Hostname (\\S+) not verified");

  public TlsFailure {
    expectedPins = List.copyOf(expectedPins);
    presentedPins = List.copyOf(presentedPins);
  }

  /**
   * Classifies {@code e} without knowing where the client connected; see {@link
   * #classify(IOException, String, int, List)}.
   */
  public static TlsFailure classify(IOException e) {
    return classify(e, "", -1, List.of());
  }

  /**
   * Classifies an exception thrown by an OkHttp call.
   *
   * @param host where the call connected (used in the message), or empty if unknown
   * @param port the port, or -1 if unknown
   * @param expectedPins the pins configured for {@code host}, for the message
   * @return the failure; {@link Kind#OTHER} when {@code e} is not a TLS failure this class knows
   */
  public static TlsFailure classify(
      IOException e, String host, int port, List<String> expectedPins) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TlsFailureException tfe) {
        return tfe.failure();
      }
    }
    String text = messages(e);
    String lower = text.toLowerCase(Locale.ROOT);
    if (e instanceof SSLPeerUnverifiedException && text.contains("Certificate pinning failure")) {
      return pinMismatch(
          Objects.requireNonNullElse(e.getMessage(), text), host, port, expectedPins);
    }
    Matcher hostname = HOSTNAME.matcher(text);
    if (e instanceof SSLPeerUnverifiedException && hostname.find()) {
      String h = host.isEmpty() ? hostname.group(1) : host;
      return of(
          Kind.HOSTNAME_MISMATCH,
          h,
          port,
          Objects.requireNonNullElse(e.getMessage(), text).strip());
    }
    if (hasExpiredCause(e)) {
      return of(Kind.EXPIRED_CERTIFICATE, host, port, firstLine(e));
    }
    if (has(e, CertPathBuilderException.class)
        || has(e, CertPathValidatorException.class)
        || lower.contains("unable to find valid certification path")
        || lower.contains("unable to construct a valid chain")) {
      return of(Kind.UNTRUSTED_CERTIFICATE, host, port, firstLine(e));
    }
    if (lower.contains("certificate_required")) {
      return of(Kind.CLIENT_CERTIFICATE_REQUIRED, host, port, firstLine(e));
    }
    if (e instanceof SSLException
        && receivedAlert(
            lower,
            "bad_certificate",
            "unknown_ca",
            "certificate_unknown",
            "certificate_expired",
            "certificate_revoked",
            "unsupported_certificate",
            "access_denied")) {
      return of(Kind.CLIENT_CERTIFICATE_REJECTED, host, port, firstLine(e));
    }
    if (lower.contains("protocol_version")
        || lower.contains("no appropriate protocol")
        || lower.contains("not accepted by client preferences")
        || lower.contains("insufficient_security")
        || (e instanceof SSLHandshakeException && lower.contains("handshake_failure"))
        || (e instanceof UnknownServiceException && lower.contains("acceptable protocols"))) {
      return of(Kind.PROTOCOL_VERSION, host, port, firstLine(e));
    }
    if (e instanceof SSLHandshakeException && has(e, CertificateException.class)) {
      return of(Kind.UNTRUSTED_CERTIFICATE, host, port, firstLine(e));
    }
    return of(Kind.OTHER, host, port, firstLine(e));
  }

  /** A failure seen in a response rather than an exception, e.g. nginx's mTLS 400 page. */
  static TlsFailure of(Kind kind, String host, int port, String evidence) {
    return new TlsFailure(
        kind,
        host,
        port,
        List.of(),
        List.of(),
        compose(kind, host, port, evidence, List.of(), List.of()));
  }

  private static TlsFailure pinMismatch(
      String okhttpMessage, String host, int port, List<String> expectedPins) {
    String h = host;
    Matcher hm = PINNED_HOST.matcher(okhttpMessage);
    if (h.isEmpty() && hm.find()) {
      h = hm.group(1);
    }
    List<String> presented = new ArrayList<>();
    List<String> presentedLines = new ArrayList<>();
    int pinnedSection = okhttpMessage.indexOf("Pinned certificates");
    Matcher m =
        CHAIN_ENTRY.matcher(
            pinnedSection < 0 ? okhttpMessage : okhttpMessage.substring(0, pinnedSection));
    while (m.find()) {
      presented.add(m.group(1));
      presentedLines.add(m.group(1) + " (" + m.group(2).strip() + ")");
    }
    List<String> expected = new ArrayList<>(expectedPins);
    if (expected.isEmpty() && pinnedSection >= 0) {
      Matcher pin = PIN.matcher(okhttpMessage.substring(pinnedSection));
      while (pin.find()) {
        expected.add(pin.group());
      }
    }
    return new TlsFailure(
        Kind.PIN_MISMATCH,
        h,
        port,
        expected,
        presented,
        compose(Kind.PIN_MISMATCH, h, port, null, expected, presentedLines));
  }

  private static String compose(
      Kind kind,
      String host,
      int port,
      @Nullable String evidence,
      List<String> expected,
      List<String> presentedLines) {
    StringBuilder s = new StringBuilder("TLS ");
    if (!host.isEmpty()) {
      s.append("to ").append(host);
      if (port > 0) {
        s.append(':').append(port);
      }
      s.append(' ');
    }
    s.append("failed (").append(kind).append("): ").append(kind.summary()).append('.');
    if (kind == Kind.PIN_MISMATCH) {
      s.append("\n  Expected pins (any of): ")
          .append(expected.isEmpty() ? "(unknown)" : String.join(", ", expected));
      s.append("\n  Presented chain:");
      if (presentedLines.isEmpty()) {
        s.append(" (unknown)");
      }
      for (String line : presentedLines) {
        s.append("\n    ").append(line);
      }
      s.append("\n  No request was sent.");
    } else if (evidence != null && !evidence.isBlank()) {
      s.append("\n  Cause: ").append(evidence.replace("\n", "\n    "));
    }
    s.append("\n  What to do: ").append(kind.advice()).append('.');
    return s.toString();
  }

  private static boolean hasExpiredCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException) {
        return true;
      }
      if (t instanceof CertPathValidatorException v
          && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
              || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the peer (not this side) sent one of the alerts. */
  private static boolean receivedAlert(String lower, String... alerts) {
    if (!lower.contains("received fatal alert") && !lower.contains("tlsfatalalertreceived")) {
      return false;
    }
    for (String alert : alerts) {
      if (lower.contains(alert)) {
        return true;
      }
    }
    return false;
  }

  private static String messages(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      s.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return s.toString();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    String first = e.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null) {
      first += " (" + root.getClass().getSimpleName() + ": " + root.getMessage().strip() + ")";
    }
    return first;
  }
}
