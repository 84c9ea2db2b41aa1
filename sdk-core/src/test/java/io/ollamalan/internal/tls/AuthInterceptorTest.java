package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.auth.Auth;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {

  private final MockWebServer server = new MockWebServer();
  private final MockWebServer other = new MockWebServer();
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    other.start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      assertThat(client.connectionPool().connectionCount()).isZero();
    }
    server.close();
    other.close();
  }

  @Test
  void rotatingTokenIsAskedForEveryRequest() throws Exception {
    AtomicInteger n = new AtomicInteger();
    client = client(Auth.bearer(() -> "token-" + n.incrementAndGet()));
    server.enqueue(ok());
    server.enqueue(ok());

    get(server.url("/api/version"));
    get(server.url("/api/version"));

    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
  }

  @Test
  void basicAndCustomHeadersAreSent() throws Exception {
    client = client(Auth.basic("ops", "pa:ss").and(Auth.headers(Map.of("X-Api-Key", "k1"))));
    server.enqueue(ok());

    get(server.url("/"));

    RecordedRequest r = take(server);
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Basic b3BzOnBhOnNz");
    assertThat(r.getHeaders().get("X-Api-Key")).isEqualTo("k1");
  }

  @Test
  void redirectToAnotherHostCarriesNoneOfTheFirstHostsCredentials() throws Exception {
    HttpUrl elsewhere = other.url("/landing").newBuilder().host("127.0.0.1").build();
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", elsewhere).build());
    other.enqueue(ok());
    client = client(Auth.forHosts(server.url("/").host(), Auth.bearer("first-host-token")
        .and(Auth.headers(Map.of("X-Api-Key", "first-host-key")))));

    get(server.url("/start"));

    assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer first-host-token");
    RecordedRequest redirected = take(other);
    assertThat(redirected.getHeaders().get("Authorization")).isNull();
    assertThat(redirected.getHeaders().get("X-Api-Key")).isNull();
  }

  @Test
  void failingTokenSupplierSendsNothingAndLeaksNothing() {
    client = client(Auth.bearer(() -> "bad\ntoken-value"));

    assertThatThrownBy(() -> get(server.url("/")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no request was sent")
        .hasMessageNotContaining("token-value");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void noneInstallsNothing() {
    OkHttpClient.Builder b = new OkHttpClient.Builder();

    AuthInterceptor.install(b, Auth.none());

    assertThat(b.networkInterceptors()).isEmpty();
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().body("{}").build();
  }

  private static OkHttpClient client(Auth auth) {
    return AuthInterceptor.install(new OkHttpClient.Builder(), auth).build();
  }

  private void get(HttpUrl url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      response.body().string();
    }
  }

  private static RecordedRequest take(MockWebServer s) throws InterruptedException {
    RecordedRequest r = s.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("request reached the server").isNotNull();
    return r;
  }
}
