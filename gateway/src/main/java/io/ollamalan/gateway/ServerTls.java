package io.ollamalan.gateway;

import io.ollamalan.tls.TlsConfig;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's own TLS: its certificate and key, and for mutual TLS the CAs its clients'
 * certificates must chain to. PEM files are read with the same parser as sdk-core's {@link
 * TlsConfig} (PKCS#8, PKCS#1 and SEC1 keys, encrypted or not), when the builder method is called,
 * so a broken file fails there with a message naming it.
 *
 * <p>TLS 1.3 only unless {@link Builder#allowTls12()}. The key never appears in {@link
 * #toString()}.
 */
public final class ServerTls {

  /** Whether the gateway asks clients for a certificate. */
  public enum ClientAuth {
    /** No client certificate (plain server TLS). */
    NONE,
    /** A client certificate is verified when presented; clients without one are let in. */
    OPTIONAL,
    /** Mutual TLS: a client without a certificate from a trusted CA is refused. */
    REQUIRE
  }

  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final List<X509Certificate> clientCas;
  private final ClientAuth clientAuth;
  private final boolean tls12Allowed;
  private final String source;

  private ServerTls(Builder b) {
    this.chain = Objects.requireNonNull(b.chain, "chain");
    this.key = Objects.requireNonNull(b.key, "key");
    this.clientCas = b.clientCas;
    this.clientAuth = b.clientAuth;
    this.tls12Allowed = b.tls12Allowed;
    this.source = Objects.requireNonNull(b.source, "source");
  }

  /** A builder; {@link Builder#certificatePem} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The server's certificate chain, leaf first. */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /** The server's private key. */
  public PrivateKey privateKey() {
    return key;
  }

  /** CAs that client certificates must chain to; empty unless client auth is on. */
  public List<X509Certificate> clientCas() {
    return clientCas;
  }

  /**
   * Whether clients must, may or need not present a certificate. Default {@link ClientAuth#NONE}.
   */
  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** The protocol versions offered: TLSv1.3, plus TLSv1.2 when allowed. */
  public List<String> protocols() {
    return tls12Allowed ? List.of("TLSv1.3", "TLSv1.2") : List.of("TLSv1.3");
  }

  @Override
  public String toString() {
    return "ServerTls{certificate="
        + source
        + ", clientAuth="
        + clientAuth
        + ", clientCas="
        + clientCas.size()
        + ", protocols="
        + protocols()
        + "}";
  }

  /** Builds a {@link ServerTls}. */
  public static final class Builder {
    private @Nullable List<X509Certificate> chain;
    private @Nullable PrivateKey key;
    private List<X509Certificate> clientCas = List.of();
    private ClientAuth clientAuth = ClientAuth.NONE;
    private boolean tls12Allowed;
    private @Nullable String source;

    private Builder() {}

    /**
     * The server's certificate chain and private key, from PEM files.
     *
     * @param password the key's password, or null for an unencrypted key
     * @throws IllegalArgumentException naming the file when it cannot be read or parsed
     */
    public Builder certificatePem(Path certificateFile, Path keyFile, char @Nullable [] password) {
      Objects.requireNonNull(certificateFile, "certificateFile");
      Objects.requireNonNull(keyFile, "keyFile");
      TlsConfig parsed;
      try {
        parsed =
            TlsConfig.builder().clientCertificatePem(certificateFile, keyFile, password).build();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "The gateway's TLS certificate or key cannot be used: " + e.getMessage(), e);
      }
      this.chain = parsed.clientCertificateChain();
      this.key = parsed.clientPrivateKey().orElseThrow();
      this.source = certificateFile.toString();
      return this;
    }

    /**
     * The CAs that client certificates must chain to, from a PEM file; needed for {@link
     * ClientAuth#OPTIONAL} and {@link ClientAuth#REQUIRE}.
     */
    public Builder clientCaPem(Path caFile) {
      Objects.requireNonNull(caFile, "caFile");
      try {
        this.clientCas = TlsConfig.builder().trustedCaPem(caFile).build().trustedCas();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "The gateway's client CA file cannot be used: " + e.getMessage(), e);
      }
      return this;
    }

    /** Whether clients present a certificate. Default {@link ClientAuth#NONE}. */
    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
      return this;
    }

    /**
     * Also offers TLS 1.2, for clients that cannot speak 1.3. Off by default: every current gRPC
     * runtime speaks TLS 1.3.
     */
    public Builder allowTls12() {
      this.tls12Allowed = true;
      return this;
    }

    /**
     * @throws IllegalStateException if the certificate is missing, or client auth is on without
     *     client CAs
     */
    public ServerTls build() {
      if (chain == null) {
        throw new IllegalStateException(
            "Server TLS needs a certificate and key: call certificatePem(certificate, key, password)");
      }
      if (clientAuth != ClientAuth.NONE && clientCas.isEmpty()) {
        throw new IllegalStateException(
            "Client authentication "
                + clientAuth
                + " needs the CAs that issue client certificates: call clientCaPem(file)");
      }
      return new ServerTls(this);
    }
  }
}
