package io.ollamalan.tls;

import io.ollamalan.Node;
import io.ollamalan.internal.tls.HostPatterns;
import io.ollamalan.internal.tls.PemFiles;
import io.ollamalan.internal.tls.SpkiPins;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the client speaks TLS to {@code https://} nodes: protocol versions, which CAs it trusts, the
 * client certificate it presents, the public keys it pins, and whether plain {@code http://} nodes
 * are refused.
 *
 * <p>Immutable and thread-safe. Start from {@link #defaults()} (TLS 1.3 only, the JDK's trust
 * store, no pins, no client certificate, plain nodes allowed) or {@link #builder()}:
 *
 * <pre>{@code
 * TlsConfig tls = TlsConfig.builder()
 *     .requireTls(true)
 *     .trustedCaPem(Path.of("/etc/ollama/ca.pem"))
 *     .clientCertificatePem(Path.of("client.pem"), Path.of("client-key.pem"))
 *     .pin("*.gpu.lan", "sha256/current...=", "sha256/next...=")
 *     .build();
 * }</pre>
 *
 * <p>PEM material is read when the builder method is called, so a broken file fails there, with a
 * message naming the file. Private keys and passwords never appear in {@link #toString()}, logs or
 * exception messages.
 */
public final class TlsConfig {

  /** Whether plain {@code http://} nodes are refused when none is said: {@value}. */
  public static final boolean DEFAULT_REQUIRE_TLS = false;

  /** Whether TLS 1.2 is accepted when none is said: {@value}; only TLS 1.3 is. */
  public static final boolean DEFAULT_TLS12_ALLOWED = false;

  /** Whether BouncyCastle's JSSE provider is used when none is said: {@value}. */
  public static final boolean DEFAULT_USE_BOUNCY_CASTLE_JSSE = false;

  private static final TlsConfig DEFAULTS = builder().build();

  private final boolean requireTls;
  private final boolean tls12Allowed;
  private final List<X509Certificate> trustedCas;
  private final boolean trustSystemCas;
  private final List<X509Certificate> clientChain;
  private final @Nullable PrivateKey clientKey;
  private final @Nullable String clientSource;
  private final Map<String, List<String>> pins;
  private final boolean bouncyCastleJsse;
  private final Map<String, TlsConfig> hostOverrides;

  private TlsConfig(Builder b) {
    this.requireTls = b.requireTls;
    this.tls12Allowed = b.tls12Allowed;
    this.trustedCas = List.copyOf(b.trustedCas);
    this.trustSystemCas = b.trustSystemCas != null ? b.trustSystemCas : b.trustedCas.isEmpty();
    this.clientChain = b.clientChain;
    this.clientKey = b.clientKey;
    this.clientSource = b.clientSource;
    Map<String, List<String>> p = new LinkedHashMap<>();
    b.pins.forEach((k, v) -> p.put(k, List.copyOf(v)));
    this.pins = Collections.unmodifiableMap(p);
    this.bouncyCastleJsse = b.bouncyCastleJsse;
    Map<String, TlsConfig> overrides = new LinkedHashMap<>();
    b.hostOverrides.forEach(
        (pattern, c) ->
            overrides.put(
                pattern, requireTls && !c.requireTls ? c.toBuilder().requireTls(true).build() : c));
    this.hostOverrides = overrides;
  }

  /** TLS 1.3 only, the JDK's trust store, no pins, no client certificate, plain nodes allowed. */
  public static TlsConfig defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether plain {@code http://} nodes are refused. See {@link Builder#requireTls(boolean)}. */
  public boolean requireTls() {
    return requireTls;
  }

  /** Whether TLS 1.2 is accepted besides TLS 1.3. See {@link Builder#allowTls12()}. */
  public boolean tls12Allowed() {
    return tls12Allowed;
  }

  /** The protocol versions offered, in JSSE names, strongest first. */
  public List<String> tlsVersions() {
    return tls12Allowed ? List.of("TLSv1.3", "TLSv1.2") : List.of("TLSv1.3");
  }

  /** The CA certificates added with {@code trustedCaPem}; empty if none. */
  public List<X509Certificate> trustedCas() {
    return trustedCas;
  }

  /** Whether the JDK's default trust store is trusted too. */
  public boolean trustsSystemCas() {
    return trustSystemCas;
  }

  /** The client certificate chain presented for mutual TLS, leaf first; empty if none. */
  public List<X509Certificate> clientCertificateChain() {
    return clientChain;
  }

  /**
   * The private key of the client certificate, for the transport that presents it. Never printed.
   */
  public Optional<PrivateKey> clientPrivateKey() {
    return Optional.ofNullable(clientKey);
  }

  /** All pins by canonical host pattern, in the order given. */
  public Map<String, List<String>> pins() {
    return pins;
  }

  /** The pins that apply to {@code host}: those of every pattern that matches it. */
  public List<String> pinsFor(String host) {
    Set<String> result = new LinkedHashSet<>();
    pins.forEach(
        (pattern, p) -> {
          if (HostPatterns.matches(pattern, host)) {
            result.addAll(p);
          }
        });
    return List.copyOf(result);
  }

  /** Whether BouncyCastle's JSSE provider is used. See {@link Builder#useBouncyCastleJsse}. */
  public boolean usesBouncyCastleJsse() {
    return bouncyCastleJsse;
  }

  /**
   * The configuration that applies to {@code host}: the first {@link Builder#forHosts} override
   * whose pattern matches, else this one. An override never relaxes {@link #requireTls()}.
   */
  public TlsConfig forHost(String host) {
    for (Map.Entry<String, TlsConfig> e : hostOverrides.entrySet()) {
      if (HostPatterns.matches(e.getKey(), host)) {
        return e.getValue();
      }
    }
    return this;
  }

  /** The configuration that applies to {@code node}; see {@link #forHost(String)}. */
  public TlsConfig forNode(Node node) {
    return forHost(node.host());
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TlsConfig{versions=").append(tlsVersions());
    s.append(", requireTls=").append(requireTls);
    if (!trustedCas.isEmpty()) {
      s.append(", trustedCas=").append(subjects(trustedCas));
    }
    s.append(", systemCas=").append(trustSystemCas);
    if (clientKey != null) {
      s.append(", clientCertificate=")
          .append(clientChain.get(0).getSubjectX500Principal().getName())
          .append(" from ")
          .append(clientSource)
          .append(" (key hidden)");
    }
    if (!pins.isEmpty()) {
      s.append(", pins=").append(pins);
    }
    if (bouncyCastleJsse) {
      s.append(", provider=BCJSSE");
    }
    if (!hostOverrides.isEmpty()) {
      s.append(", overrides=").append(hostOverrides.keySet());
    }
    return s.append('}').toString();
  }

  private static List<String> subjects(List<X509Certificate> certificates) {
    List<String> result = new ArrayList<>();
    for (X509Certificate c : certificates) {
      result.add(c.getSubjectX500Principal().getName());
    }
    return result;
  }

  /** Builds a {@link TlsConfig}. Not thread-safe. */
  public static final class Builder {
    private boolean requireTls = DEFAULT_REQUIRE_TLS;
    private boolean tls12Allowed = DEFAULT_TLS12_ALLOWED;
    private final List<X509Certificate> trustedCas = new ArrayList<>();
    private @Nullable Boolean trustSystemCas;
    private List<X509Certificate> clientChain = List.of();
    private @Nullable PrivateKey clientKey;
    private @Nullable String clientSource;
    private final Map<String, Set<String>> pins = new LinkedHashMap<>();
    private boolean bouncyCastleJsse = DEFAULT_USE_BOUNCY_CASTLE_JSSE;
    private final Map<String, TlsConfig> hostOverrides = new LinkedHashMap<>();

    private Builder() {}

    private Builder(TlsConfig c) {
      requireTls = c.requireTls;
      tls12Allowed = c.tls12Allowed;
      trustedCas.addAll(c.trustedCas);
      trustSystemCas = c.trustSystemCas;
      clientChain = c.clientChain;
      clientKey = c.clientKey;
      clientSource = c.clientSource;
      c.pins.forEach((k, v) -> pins.put(k, new LinkedHashSet<>(v)));
      bouncyCastleJsse = c.bouncyCastleJsse;
      hostOverrides.putAll(c.hostOverrides);
    }

    /**
     * Refuses plain {@code http://} nodes, whichever discovery source found them: such a node is
     * rejected with an error naming it and is never sent a request, and no {@code https} node is
     * ever followed to a plain {@code http} redirect. Default {@value #DEFAULT_REQUIRE_TLS}. Turn
     * it on whenever every node sits behind a TLS proxy, so that a misconfigured or spoofed
     * announcement cannot downgrade the fleet. A {@link #forHosts} override cannot turn it off.
     */
    public Builder requireTls(boolean requireTls) {
      this.requireTls = requireTls;
      return this;
    }

    /**
     * Also accepts TLS 1.2 (with ECDHE and AEAD cipher suites only). By default only TLS 1.3 is
     * offered and a proxy that cannot speak it is refused. Use this only for a proxy you cannot
     * upgrade yet.
     */
    public Builder allowTls12() {
      this.tls12Allowed = true;
      return this;
    }

    /**
     * Trusts the CA certificates in a PEM file, typically your private CA. May be called more than
     * once. Once any CA is given, only the given CAs are trusted unless {@link
     * #trustSystemCas(boolean) trustSystemCas(true)}.
     *
     * @throws IllegalArgumentException naming the file if it cannot be read or holds no certificate
     */
    public Builder trustedCaPem(Path pemFile) {
      trustedCas.addAll(
          withFile(
              pemFile,
              "CA certificate file",
              r -> PemFiles.readCertificates(r, pemFile.toString())));
      return this;
    }

    /** Trusts the CA certificates in PEM text. See {@link #trustedCaPem(Path)}. */
    public Builder trustedCaPem(String pem) {
      Objects.requireNonNull(pem, "pem");
      trustedCas.addAll(PemFiles.readCertificates(new StringReader(pem), "the CA PEM text"));
      return this;
    }

    /**
     * Trusts the CA certificates read from {@code pem} (UTF-8), which is not closed.
     *
     * @param sourceName names the stream in error messages, e.g. a resource name
     */
    public Builder trustedCaPem(InputStream pem, String sourceName) {
      Objects.requireNonNull(pem, "pem");
      trustedCas.addAll(
          PemFiles.readCertificates(
              new InputStreamReader(pem, StandardCharsets.UTF_8), sourceName));
      return this;
    }

    /**
     * Whether the JDK's default trust store is trusted as well. Default: {@code true} when no CA
     * was given, {@code false} once one was. Set it to {@code true} when some nodes use a public CA
     * and others your private one.
     */
    public Builder trustSystemCas(boolean trust) {
      this.trustSystemCas = trust;
      return this;
    }

    /**
     * Presents a client certificate for mutual TLS. The certificate file holds the client
     * certificate first, then any intermediates; the key file holds an unencrypted PKCS#8 ({@code
     * PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) key. Both
     * may be the same file. Default: no client certificate.
     *
     * <p>The JDK reads PKCS#8 keys; PKCS#1, SEC1 and encrypted keys need BouncyCastle's {@code
     * org.bouncycastle:bcpkix-jdk18on} on the class path (an optional dependency of the SDK), or
     * converting the key to PKCS#8 with {@code openssl pkcs8 -topk8}.
     *
     * @throws IllegalArgumentException naming the file if a file cannot be read or parsed, or the
     *     key does not belong to the certificate
     * @throws MissingDependencyException naming the artifact to add if the key needs BouncyCastle
     *     and it is not on the class path
     */
    public Builder clientCertificatePem(Path certificateFile, Path keyFile) {
      return clientCertificatePem(certificateFile, keyFile, null);
    }

    /**
     * Like {@link #clientCertificatePem(Path, Path)} for an encrypted key ({@code ENCRYPTED PRIVATE
     * KEY} or legacy OpenSSL encryption). The key is decrypted now; {@code password} is not kept,
     * and the caller may clear it as soon as this returns.
     */
    public Builder clientCertificatePem(
        Path certificateFile, Path keyFile, char @Nullable [] password) {
      List<X509Certificate> chain =
          withFile(
              certificateFile,
              "client certificate file",
              r -> PemFiles.readCertificates(r, certificateFile.toString()));
      PrivateKey key =
          withFile(
              keyFile,
              "client key file",
              r -> PemFiles.readPrivateKey(r, keyFile.toString(), password));
      return clientIdentity(chain, key, keyFile.toString(), certificateFile.toString());
    }

    /**
     * Like {@link #clientCertificatePem(Path, Path, char[])} with PEM text.
     *
     * @param password may be null for an unencrypted key; not kept
     */
    public Builder clientCertificatePem(
        String certificatePem, String keyPem, char @Nullable [] password) {
      Objects.requireNonNull(certificatePem, "certificatePem");
      Objects.requireNonNull(keyPem, "keyPem");
      List<X509Certificate> chain =
          PemFiles.readCertificates(
              new StringReader(certificatePem), "the client certificate PEM text");
      PrivateKey key =
          PemFiles.readPrivateKey(new StringReader(keyPem), "the client key PEM text", password);
      return clientIdentity(
          chain, key, "the client key PEM text", "the client certificate PEM text");
    }

    private Builder clientIdentity(
        List<X509Certificate> chain, PrivateKey key, String keySource, String certSource) {
      PemFiles.checkKeyMatches(key, chain.get(0), keySource, certSource);
      this.clientChain = chain;
      this.clientKey = key;
      this.clientSource = certSource;
      return this;
    }

    /**
     * Pins the public keys a host may present: a connection succeeds only if some certificate of
     * the verified chain has one of the given SPKI SHA-256 pins. Repeatable; pins accumulate, so
     * during a key rotation give the old and the new pin, then drop the old one once every node
     * serves the new key. Pinning a CA's key pins every certificate it issues. Default: no pins.
     *
     * @param hostPattern a host ({@code gpu-1.lan}), {@code *.lan} (one label) or {@code **.corp}
     *     (any number of labels, including none), as OkHttp's {@code CertificatePinner}
     * @param pins {@code sha256/BASE64=}; compute them with {@link Pins}
     * @throws IllegalArgumentException naming the pattern or pin that is malformed
     */
    public Builder pin(String hostPattern, String... pins) {
      String pattern = HostPatterns.canonicalize(hostPattern);
      if (pins == null || pins.length == 0) {
        throw new IllegalArgumentException(
            "pin(\"" + hostPattern + "\") needs at least one sha256/... pin");
      }
      Set<String> set = this.pins.computeIfAbsent(pattern, k -> new LinkedHashSet<>());
      for (String pin : pins) {
        set.add(SpkiPins.validate(pin, hostPattern));
      }
      return this;
    }

    /**
     * Uses BouncyCastle's JSSE provider ({@code BCJSSE}) instead of the JDK's for TLS, for
     * deployments that standardise on BouncyCastle. It needs {@code org.bouncycastle:bctls-jdk18on}
     * on the class path. The provider is used by this client only, never installed globally.
     * Default {@value #DEFAULT_USE_BOUNCY_CASTLE_JSSE}. For FIPS 140 validation you need the
     * separately distributed BC-FIPS artifacts instead; see docs/security.md.
     */
    public Builder useBouncyCastleJsse(boolean use) {
      this.bouncyCastleJsse = use;
      return this;
    }

    /**
     * Uses {@code config} instead of this configuration for hosts matching {@code hostPattern},
     * e.g. another CA or client certificate for one site. The first matching override wins, in the
     * order given. {@link #requireTls(boolean)} of this configuration still applies.
     */
    public Builder forHosts(String hostPattern, TlsConfig config) {
      Objects.requireNonNull(config, "config");
      if (!config.hostOverrides.isEmpty()) {
        throw new IllegalArgumentException(
            "the TlsConfig given for '"
                + hostPattern
                + "' has overrides of its own: give a "
                + "configuration without forHosts(...)");
      }
      hostOverrides.put(HostPatterns.canonicalize(hostPattern), config);
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalArgumentException if nothing would be trusted (no CA given and {@code
     *     trustSystemCas(false)})
     */
    public TlsConfig build() {
      if (trustedCas.isEmpty() && Boolean.FALSE.equals(trustSystemCas)) {
        throw new IllegalArgumentException(
            "trustSystemCas(false) without any trustedCaPem(...): no server could be trusted; "
                + "give your CA with trustedCaPem or keep the system CAs");
      }
      return new TlsConfig(this);
    }

    private static <T> T withFile(Path file, String what, Function<Reader, T> read) {
      Objects.requireNonNull(file, what);
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return read.apply(r);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read "
                + what
                + " "
                + file
                + " ("
                + e.getClass().getSimpleName()
                + "): "
                + "check the path and that this process may read it",
            e);
      }
    }
  }
}
