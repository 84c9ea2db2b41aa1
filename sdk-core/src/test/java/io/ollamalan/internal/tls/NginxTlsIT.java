package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ollamalan.Node;
import io.ollamalan.auth.Auth;
import io.ollamalan.internal.tls.TestPki.Issued;
import io.ollamalan.internal.tls.TestPki.KeyFormat;
import io.ollamalan.testkit.AllowLeaks;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.RecordedRequest;
import io.ollamalan.tls.Pins;
import io.ollamalan.tls.TlsConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.TlsVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * TLS through a real nginx in front of a backend node: pins, protocol versions, certificate
 * failures, mutual TLS, streaming over HTTP/2 and secrets, all driven only through {@link
 * TlsConfig}, {@link Auth}, {@link InternalTls#apply} and {@link AuthInterceptor#install}.
 */
@AllowLeaks(
    "nginx, not the client under test, owns the connections to the backend node and closes them"
        + " when it sees fit; the SDK clients here are checked by ConnectionLeaks")
class NginxTlsIT {

  static {
    // Before any logger of ours exists: the secrets test reads our debug output.
    System.setProperty("org.slf4j.simpleLogger.log.io.ollamalan", "debug");
  }

  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir static Path dir;

  /** Streams long enough (40 tokens at 20 per second) that a buffering proxy would show. */
  private static final int REPLY_TOKENS = 40;

  private static FakeOllamaNode backend;
  private static Nginx nginx;
  private static Issued ca;
  private static Issued otherCa;
  private static Issued server;
  private static Issued rotated;
  private static Path caFile;

  private final List<OkHttpClient> clients = new ArrayList<>();

  @BeforeAll
  static void startNginx() throws Exception {
    Nginx.assumeInstalled();
    ca = TestPki.ca("Test Fleet CA");
    otherCa = TestPki.ca("Somebody Else's CA");
    server = TestPki.server(ca, "localhost", "127.0.0.1");
    rotated = TestPki.server(ca, "localhost", "127.0.0.1");
    Instant now = Instant.now();
    Issued expired =
        TestPki.server(
            ca,
            TestPki.ecKey(),
            now.minus(Duration.ofDays(30)),
            now.minus(Duration.ofDays(1)),
            "localhost",
            "127.0.0.1");
    Issued wrongHost = TestPki.server(ca, "wrong.example");
    Issued untrusted = TestPki.server(otherCa, "localhost", "127.0.0.1");
    caFile = TestPki.write(dir.resolve("ca.pem"), ca.certificatePem());
    Path serverCert = server.writeChain(dir, "server");
    Path serverKey = server.writeKey(dir, "server");

    backend =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .port(0)
            .model(FakeModel.chat("llama3.2").replyTokens(REPLY_TOKENS))
            .loaded("llama3.2")
            .tokensPerSecond(20)
            .build()
            .start();
    nginx =
        Nginx.start(
            dir.resolve("nginx"),
            new InetSocketAddress(backend.address(), backend.port()),
            List.of(
                Nginx.Server.tls13("main", serverCert, serverKey),
                Nginx.Server.tls13(
                    "rotated",
                    rotated.writeChain(dir, "rotated"),
                    rotated.writeKey(dir, "rotated")),
                new Nginx.Server("tls12", serverCert, serverKey, "TLSv1.2", null),
                Nginx.Server.tls13(
                    "expired",
                    expired.writeChain(dir, "expired"),
                    expired.writeKey(dir, "expired")),
                Nginx.Server.tls13(
                    "wronghost",
                    wrongHost.writeChain(dir, "wronghost"),
                    wrongHost.writeKey(dir, "wronghost")),
                Nginx.Server.tls13(
                    "untrusted",
                    untrusted.writeChain(dir, "untrusted"),
                    untrusted.writeKey(dir, "untrusted")),
                new Nginx.Server("mtls", serverCert, serverKey, "TLSv1.3", caFile)));
  }

  @AfterAll
  static void stopNginx() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @AfterEach
  void ensureAllConnectionsReleased() throws InterruptedException {
    for (OkHttpClient client : clients) {
      client.dispatcher().executorService().shutdown();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      client.connectionPool().evictAll();
      while (client.connectionPool().connectionCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
        client.connectionPool().evictAll();
      }
      assertThat(client.connectionPool().connectionCount())
          .as("connections still in use: a response was not closed")
          .isZero();
    }
  }

  @Test
  void matchingPinConnectsWithTls13AndHttp2() throws IOException {
    TlsConfig tls = trustingCa().pin("localhost", server.pin()).build();

    try (Response response = call(tls, Auth.none(), "main", get("/api/version"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).contains("\"version\":\"0.33.0\"");
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThat(response.handshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_3);
    }
  }

  @Test
  void pinOfTheCaCoversEveryCertificateItIssues() throws IOException {
    TlsConfig tls =
        trustingCa()
            .pin("*.localhost", "sha256/" + "A".repeat(43) + "=")
            .pin("localhost", ca.pin())
            .build();

    try (Response response = call(tls, Auth.none(), "main", get("/api/version"))) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void wrongPinFailsNamingHostAndPinsBeforeAnyRequestIsSent() {
    String expected = TestPki.server(ca, "localhost").pin();
    TlsConfig tls = trustingCa().pin("localhost", expected).build();
    String probe = UUID.randomUUID().toString();
    Request request =
        new Request.Builder()
            .url(url("main", "/api/chat?probe=" + probe))
            .post(RequestBody.create("{\"model\":\"llama3.2\",\"probe\":\"" + probe + "\"}", JSON))
            .build();

    SSLException e =
        catchThrowableOfType(
            SSLException.class, () -> call(tls, Auth.none(), "main", request).close());

    TlsFailure failure = TlsFailure.classify(e);
    assertThat(failure.kind()).isEqualTo(TlsFailure.Kind.PIN_MISMATCH);
    assertThat(failure.host()).isEqualTo("localhost");
    assertThat(failure.expectedPins()).containsExactly(expected);
    assertThat(failure.presentedPins()).contains(server.pin());
    assertThat(e.getMessage())
        .contains(
            "localhost:" + nginx.port("main"),
            expected,
            server.pin(),
            "CN=localhost",
            "No request was sent",
            "What to do");
    assertThat(recorded()).noneMatch(r -> r.uri().contains(probe) || r.body().contains(probe));
    assertThat(nginx.accessLogLines("main")).noneMatch(line -> line.contains(probe));
  }

  @Test
  void oldAndNewPinTogetherAcceptBothKeysDuringRotation() throws IOException {
    TlsConfig both = trustingCa().pin("localhost", server.pin(), rotated.pin()).build();
    TlsConfig oldOnly = trustingCa().pin("localhost", server.pin()).build();

    for (String name : List.of("main", "rotated")) {
      try (Response response = call(both, Auth.none(), name, get("/api/version"))) {
        assertThat(response.code()).isEqualTo(200);
      }
    }
    assertThatThrownBy(() -> call(oldOnly, Auth.none(), "rotated", get("/api/version")).close())
        .isInstanceOf(TlsFailureException.class)
        .hasMessageContaining(rotated.pin());
  }

  @Test
  void tls12OnlyServerIsRefusedUnlessTls12IsAllowed() throws IOException {
    TlsConfig strict = trustingCa().build();
    assertThatThrownBy(() -> call(strict, Auth.none(), "tls12", get("/api/version")).close())
        .isInstanceOfSatisfying(
            TlsFailureException.class,
            e -> assertThat(e.failure().kind()).isEqualTo(TlsFailure.Kind.PROTOCOL_VERSION))
        .hasMessageContaining("allowTls12");

    TlsConfig lenient = trustingCa().allowTls12().build();
    try (Response response = call(lenient, Auth.none(), "tls12", get("/api/version"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.handshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_2);
    }
  }

  @Test
  void expiredCertificateFailsClearly() {
    assertFailure("expired", trustingCa().build(), TlsFailure.Kind.EXPIRED_CERTIFICATE, "renew");
  }

  @Test
  void certificateForAnotherHostFailsClearly() {
    assertFailure(
        "wronghost", trustingCa().build(), TlsFailure.Kind.HOSTNAME_MISMATCH, "wrong.example");
  }

  @Test
  void certificateFromAnUnknownCaFailsClearly() {
    assertFailure(
        "untrusted", trustingCa().build(), TlsFailure.Kind.UNTRUSTED_CERTIFICATE, "trustedCaPem");
  }

  @Test
  void mutualTlsWithoutClientCertificateFailsAndNothingReachesTheNode() {
    String probe = UUID.randomUUID().toString();
    assertThatThrownBy(
            () ->
                call(trustingCa().build(), Auth.none(), "mtls", get("/api/version?probe=" + probe))
                    .close())
        .isInstanceOfSatisfying(
            TlsFailureException.class,
            e ->
                assertThat(e.failure().kind())
                    .isEqualTo(TlsFailure.Kind.CLIENT_CERTIFICATE_REQUIRED))
        .hasMessageContaining("clientCertificatePem");
    assertThat(recorded()).noneMatch(r -> r.uri().contains(probe));
  }

  @Test
  void mutualTlsWithClientCertificateWorks() throws IOException {
    Issued client = TestPki.client(ca, "fleet-client", TestPki.rsaKey());
    char[] password = "k3y-pa55".toCharArray();
    TlsConfig tls =
        trustingCa()
            .clientCertificatePem(
                TestPki.write(dir.resolve("client.pem"), client.chainPem()),
                TestPki.write(
                    dir.resolve("client-key.pem"),
                    client.keyPem(KeyFormat.ENCRYPTED_PKCS8, password)),
                password)
            .build();

    try (Response response = call(tls, Auth.none(), "mtls", get("/api/version"))) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(nginx.accessLogLines("mtls")).anyMatch(line -> line.contains("CN=fleet-client"));
  }

  @Test
  void clientCertificateFromAnotherCaIsRejected() {
    Issued client = TestPki.client(otherCa, "intruder", TestPki.ecKey());
    TlsConfig tls =
        trustingCa()
            .clientCertificatePem(
                client.chainPem(), client.keyPem(KeyFormat.TRADITIONAL, null), null)
            .build();

    assertThatThrownBy(() -> call(tls, Auth.none(), "mtls", get("/api/version")).close())
        .isInstanceOfSatisfying(
            TlsFailureException.class,
            e ->
                assertThat(e.failure().kind())
                    .isEqualTo(TlsFailure.Kind.CLIENT_CERTIFICATE_REJECTED))
        .hasMessageContaining("CN=intruder")
        .hasMessageContaining("not presented");
  }

  @Test
  void expiredClientCertificateIsRejected() {
    Instant now = Instant.now();
    Issued client =
        TestPki.client(
            ca,
            "expired-client",
            TestPki.ecKey(),
            now.minus(Duration.ofDays(10)),
            now.minus(Duration.ofDays(1)));
    TlsConfig tls =
        trustingCa()
            .clientCertificatePem(client.chainPem(), client.keyPem(KeyFormat.PKCS8, null), null)
            .build();

    assertThatThrownBy(() -> call(tls, Auth.none(), "mtls", get("/api/version")).close())
        .isInstanceOfSatisfying(
            TlsFailureException.class,
            e ->
                assertThat(e.failure().kind())
                    .isEqualTo(TlsFailure.Kind.CLIENT_CERTIFICATE_REJECTED))
        .hasMessageContaining("The SSL certificate error")
        .hasMessageContaining("CN=expired-client");
  }

  @Test
  void streamingThroughNginxArrivesTokenByTokenOverHttp2() throws IOException {
    TlsConfig tls = trustingCa().pin("localhost", server.pin()).build();
    Request request =
        new Request.Builder()
            .url(url("main", "/api/chat"))
            .post(
                RequestBody.create(
                    "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Why is the sky blue?\"}]}",
                    JSON))
            .build();

    List<String> lines = new ArrayList<>();
    int inFlightAtFirstLine;
    try (Response response = call(tls, Auth.none(), "main", request);
        BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      lines.add(reader.readLine());
      // Still being served: the node has not written its last chunk yet. A proxy that buffered
      // the response would deliver the first line only after the node finished.
      inFlightAtFirstLine = backend.inFlight();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }

    assertThat(inFlightAtFirstLine)
        .as("node still streaming when the first chunk arrived")
        .isEqualTo(1);
    assertThat(lines).hasSize(REPLY_TOKENS + 1);
    assertThat(lines.get(0)).contains("\"done\":false");
    assertThat(lines.get(lines.size() - 1)).contains("\"done\":true");
  }

  @Test
  void authHeadersReachTheNodeAndSecretsStayOutOfLogsMessagesAndToString() throws Exception {
    String token = "tok-" + UUID.randomUUID();
    String apiKey = "key-" + UUID.randomUUID();
    char[] keyPassword = ("pw-" + UUID.randomUUID()).toCharArray();
    Issued client = TestPki.client(ca, "fleet-client", TestPki.ecKey());
    TlsConfig tls =
        trustingCa()
            .pin("localhost", server.pin())
            .clientCertificatePem(
                client.chainPem(),
                client.keyPem(KeyFormat.ENCRYPTED_PKCS8, keyPassword),
                keyPassword)
            .build();
    TlsConfig wrongPin = tls.toBuilder().pin("localhost", ca.pin()).build();
    Auth auth = Auth.bearer(() -> token).and(Auth.headers(Map.of("X-Api-Key", apiKey)));
    String privateKeyPem = client.keyPem(KeyFormat.PKCS8, null);
    String keyBody = privateKeyPem.lines().skip(1).findFirst().orElseThrow();
    List<String> secrets = List.of(token, apiKey, new String(keyPassword), keyBody);
    assertThat(LoggerFactory.getLogger(InternalTls.class).isDebugEnabled())
        .as("debug logging on, so that the check below sees what we log")
        .isTrue();

    StringBuilder captured = new StringBuilder();
    try (LogCapture logs = LogCapture.start()) {
      try (Response response = call(tls, auth, "mtls", get("/api/version"))) {
        assertThat(response.code()).isEqualTo(200);
      }
      Throwable failure =
          catchThrowableOfType(
              SSLException.class,
              () ->
                  call(
                          tls.toBuilder()
                              .pin("localhost", "sha256/" + "B".repeat(43) + "=")
                              .build(),
                          auth,
                          "untrusted",
                          get("/api/version"))
                      .close());
      captured.append(logs.text()).append(describe(failure));
    }
    captured.append(tls).append(wrongPin).append(auth);

    RecordedRequest seen = recorded().get(recorded().size() - 1);
    assertThat(seen.header("Authorization")).isEqualTo("Bearer " + token);
    assertThat(seen.header("X-Api-Key")).isEqualTo(apiKey);
    assertThat(captured).contains("TLS for").contains("fleet-client");
    for (String secret : secrets) {
      assertThat(captured.toString()).doesNotContain(secret);
    }
  }

  @Test
  void bouncyCastleJsseSpeaksTls13WithPinsAndHttp2() throws IOException {
    TlsConfig tls = trustingCa().pin("localhost", server.pin()).useBouncyCastleJsse(true).build();

    try (Response response = call(tls, Auth.none(), "main", get("/api/version"))) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.handshake().tlsVersion()).isEqualTo(TlsVersion.TLS_1_3);
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
    }
  }

  @Test
  void pinsOfHostReportWhatNginxPresents() throws IOException {
    assertThat(Pins.pinsOfHost("localhost", nginx.port("main"), Duration.ofSeconds(5)))
        .containsExactly(server.pin());
  }

  private void assertFailure(String serverName, TlsConfig tls, TlsFailure.Kind kind, String hint) {
    String probe = UUID.randomUUID().toString();
    assertThatThrownBy(
            () -> call(tls, Auth.none(), serverName, get("/api/version?probe=" + probe)).close())
        .isInstanceOfSatisfying(
            TlsFailureException.class,
            e -> {
              assertThat(e.failure().kind()).isEqualTo(kind);
              assertThat(e.getMessage())
                  .contains("localhost:" + nginx.port(serverName), hint, "What to do");
            });
    assertThat(recorded()).noneMatch(r -> r.uri().contains(probe));
  }

  private static List<RecordedRequest> recorded() {
    return backend.recordedRequests();
  }

  @Test
  void theFullClientStreamsThroughNginxWithAPinnedCertificate() {
    TlsConfig tls = trustingCa().requireTls(true).pin("localhost", server.pin()).build();
    try (io.ollamalan.OllamaClient client =
        io.ollamalan.OllamaClient.builder()
            .nodes("https://localhost:" + nginx.port("main"))
            .tls(tls)
            .build()) {
      java.util.List<io.ollamalan.model.ChatResponse> chunks = new ArrayList<>();
      try (var stream =
          client.chatStream(
              io.ollamalan.model.ChatRequest.builder("llama3.2").user("hi").build())) {
        stream.forEachRemaining(chunks::add);
      }
      assertThat(chunks).hasSize(REPLY_TOKENS + 1);
      assertThat(chunks.get(chunks.size() - 1).done()).isTrue();
      io.ollamalan.internal.ConnectionLeaks.assertNoneLeaked(client);
    }
  }

  @Test
  void theFullClientReportsAWrongPinAsATypedTlsErrorAndDoesNotFailOver() {
    TlsConfig tls = trustingCa().pin("localhost", rotated.pin()).build();
    try (io.ollamalan.OllamaClient client =
        io.ollamalan.OllamaClient.builder()
            .nodes("https://localhost:" + nginx.port("main"))
            .tls(tls)
            .build()) {
      assertThatThrownBy(() -> client.version())
          .isInstanceOfSatisfying(
              io.ollamalan.OllamaTransportException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(io.ollamalan.OllamaException.Kind.TLS);
                assertThat(e.isRetryableOnAnotherNode()).isFalse();
                assertThat(e.getMessage()).contains("localhost", rotated.pin(), server.pin());
              });
    }
  }

  @Test
  void theFullClientRefusesPlainHttpNodesWhenTlsIsRequired() {
    TlsConfig tls = TlsConfig.builder().requireTls(true).build();
    assertThatThrownBy(
            () ->
                io.ollamalan.OllamaClient.builder()
                    .nodes("http://127.0.0.1:" + backend.port())
                    .tls(tls)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://127.0.0.1:" + backend.port());
  }

  private static TlsConfig.Builder trustingCa() {
    return TlsConfig.builder().requireTls(true).trustedCaPem(caFile);
  }

  private Response call(TlsConfig tls, Auth auth, String serverName, Request request)
      throws IOException {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(20))
            .callTimeout(Duration.ofSeconds(30));
    InternalTls.apply(b, tls, Node.of("https://localhost:" + nginx.port(serverName)));
    AuthInterceptor.install(b, auth);
    OkHttpClient client = b.build();
    clients.add(client);
    Request r =
        request
            .newBuilder()
            .url(request.url().newBuilder().port(nginx.port(serverName)).build())
            .build();
    return client.newCall(r).execute();
  }

  private static Request get(String path) {
    return new Request.Builder().url(url("main", path)).build();
  }

  private static String url(String serverName, String path) {
    return "https://localhost:" + nginx.port(serverName) + path;
  }

  private static String describe(Throwable t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    t.printStackTrace(new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Captures SLF4J-simple output (stderr) and every JUL record (OkHttp's logger) meanwhile. */
  static final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final StringBuilder jul = new StringBuilder();
    private final Logger root = Logger.getLogger("");
    private final Level originalLevel = Logger.getLogger("okhttp3").getLevel();
    private final Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            synchronized (jul) {
              jul.append(record.getLevel()).append(' ').append(record.getMessage()).append('\n');
              if (record.getThrown() != null) {
                jul.append(describe(record.getThrown()));
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    static LogCapture start() {
      LogCapture c = new LogCapture();
      System.setErr(new PrintStream(c.err, true, StandardCharsets.UTF_8));
      handler(c);
      return c;
    }

    private static void handler(LogCapture c) {
      c.handler.setLevel(Level.ALL);
      Logger.getLogger("okhttp3").setLevel(Level.ALL);
      c.root.addHandler(c.handler);
    }

    String text() {
      synchronized (jul) {
        return err.toString(StandardCharsets.UTF_8) + jul;
      }
    }

    @Override
    public void close() {
      System.setErr(originalErr);
      root.removeHandler(handler);
      Logger.getLogger("okhttp3").setLevel(originalLevel);
    }
  }
}
