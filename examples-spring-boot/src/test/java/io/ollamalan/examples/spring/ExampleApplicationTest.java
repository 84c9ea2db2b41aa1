package io.ollamalan.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ollamalan.testkit.AllowLeaks;
import io.ollamalan.testkit.FakeFleet;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example application on a random port against its embedded fake fleet: health, a chat streamed
 * through Spring AI's ChatClient, and a node killed while the application runs.
 */
@AllowLeaks("Spring's test context cache keeps the application context and its client open")
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "example.ask-on-startup=false",
      "ollama.lan.health.interval=200ms",
      "ollama.lan.health.timeout=1s",
      "ollama.lan.health.tags-interval=1s"
    })
class ExampleApplicationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired Environment environment;
  @Autowired FakeFleet fleet;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode fleetHealth() throws Exception {
    HttpResponse<String> r = get("/actuator/health");
    return JSON.readTree(r.body()).path("components").path("ollamaLan");
  }

  private String nodeStatus(int i) throws Exception {
    return fleetHealth()
        .path("details")
        .path("nodes")
        .path(fleet.node(i).baseUrl())
        .path("status")
        .asText();
  }

  @Test
  void healthChatAndANodeKilledMidTest() throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "UP".equals(nodeStatus(0)) && "UP".equals(nodeStatus(1)));
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    assertThat(
            fleetHealth()
                .path("details")
                .path("nodes")
                .path(fleet.node(0).baseUrl())
                .path("loadedModels")
                .toString())
        .contains("llama3.2");

    HttpResponse<String> streamed =
        get("/chat/stream?q=" + URLEncoder.encode("Why is the sky blue?", StandardCharsets.UTF_8));
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    long events = streamed.body().lines().filter(l -> l.startsWith("data:")).count();
    assertThat(events).as("streamed chunks").isGreaterThan(1);

    fleet.node(1).stop();
    await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(nodeStatus(1)));
    assertThat(nodeStatus(0)).isEqualTo("UP");
    assertThat(JSON.readTree(get("/actuator/health").body()).path("status").asText())
        .isEqualTo("UP");

    long before = fleet.node(0).requestCount();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> answer = get("/chat?q=question-" + i);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isNotBlank();
    }
    assertThat(fleet.node(0).requestCount() - before).isGreaterThanOrEqualTo(6);
  }
}
