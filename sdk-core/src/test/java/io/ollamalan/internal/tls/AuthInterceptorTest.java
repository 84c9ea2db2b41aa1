package io.ollamalan.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.ollamalan.auth.Auth;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthInterceptorTest {

  private final FakeOllamaNode node = FakeOllamaNode.builder().build().start();
  private OkHttpClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      assertThat(client.connectionPool().connectionCount()).isZero();
    }
    node.close();
  }

  @Test
  void rotatingTokenIsAskedForEveryRequest() throws Exception {
    AtomicInteger n = new AtomicInteger();
    client = client(Auth.bearer(() -> "token-" + n.incrementAndGet()));

    get(node.baseUrl() + "/api/version");
    get(node.baseUrl() + "/api/version");

    List<RecordedRequest> seen = node.recordedRequests();
    assertThat(seen.get(0).header("Authorization")).isEqualTo("Bearer token-1");
    assertThat(seen.get(1).header("Authorization")).isEqualTo("Bearer token-2");
  }

  @Test
  void basicAndCustomHeadersAreSent() throws Exception {
    client = client(Auth.basic("ops", "pa:ss").and(Auth.headers(Map.of("X-Api-Key", "k1"))));

    get(node.baseUrl() + "/api/version");

    RecordedRequest r = node.recordedRequests().get(0);
    assertThat(r.header("Authorization")).isEqualTo("Basic b3BzOnBhOnNz");
    assertThat(r.header("X-Api-Key")).isEqualTo("k1");
  }

  @Test
  void redirectToAnotherHostCarriesNoneOfTheFirstHostsCredentials() throws Exception {
    String elsewhere = "http://127.0.0.1:" + node.port() + "/api/version";
    HttpServer redirector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    AtomicInteger redirectorSawAuth = new AtomicInteger();
    redirector.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestHeaders().getFirst("Authorization") != null) {
            redirectorSawAuth.incrementAndGet();
          }
          exchange.getResponseHeaders().set("Location", elsewhere);
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    redirector.start();
    try {
      client =
          client(
              Auth.forHosts(
                  "localhost",
                  Auth.bearer("first-host-token")
                      .and(Auth.headers(Map.of("X-Api-Key", "first-host-key")))));

      get("http://localhost:" + redirector.getAddress().getPort() + "/start");
    } finally {
      redirector.stop(0);
    }

    assertThat(redirectorSawAuth).hasValue(1);
    RecordedRequest redirected = node.recordedRequests().get(0);
    assertThat(redirected.header("Authorization")).isNull();
    assertThat(redirected.header("X-Api-Key")).isNull();
  }

  @Test
  void failingTokenSupplierSendsNothingAndLeaksNothing() {
    client = client(Auth.bearer(() -> "bad\ntoken-value"));

    assertThatThrownBy(() -> get(node.baseUrl() + "/api/version"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no request was sent")
        .hasMessageNotContaining("token-value");
    assertThat(node.requestCount()).isZero();
  }

  @Test
  void noneInstallsNothing() {
    OkHttpClient.Builder b = new OkHttpClient.Builder();

    AuthInterceptor.install(b, Auth.none());

    assertThat(b.networkInterceptors()).isEmpty();
  }

  private static OkHttpClient client(Auth auth) {
    return AuthInterceptor.install(new OkHttpClient.Builder(), auth).build();
  }

  private void get(String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      response.body().string();
    }
  }
}
