package io.ollamalan.observability;

import static io.ollamalan.observability.Fixtures.MODEL;
import static io.ollamalan.observability.Fixtures.chat;
import static io.ollamalan.observability.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.internal.observability.ClientInternals;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.routing.RoutingConfig;
import io.ollamalan.testkit.FakeModel;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alert rules and the dashboard in {@code docs/observability/} parse, and every metric and
 * every exact label value they select is in a real Prometheus scrape after traffic to fake nodes.
 */
@Timeout(120)
class DashboardAndAlertsTest {
  static final String EMBED_MODEL = "all-minilm:latest";
  static final Path DOCS = findDocs();

  /** A metric name, then optional label matchers. */
  static final Pattern SELECTOR =
      Pattern.compile("\\b((?:ollama|resilience4j)_[a-z0-9_]+)\\b(\\{([^}]*)})?");

  static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");
  static final Pattern DURATION = Pattern.compile("\\d+[smhd]");

  /** Each sample name with the label sets it was scraped with. */
  static final Map<String, List<Map<String, String>>> samples = new HashMap<>();

  static final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void scrapeAfterTraffic() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FakeOllamaNode down = node();
    FakeOllamaNode b = node();
    FakeOllamaNode c = node();
    down.stop();

    // Failover from a down node, streams, embeddings, and a busy answer on a pinned node.
    OllamaMetrics metrics = OllamaMetrics.create(registry);
    OllamaClient client =
        client(
            metrics,
            RoutingConfig.builder()
                .balancer(() -> Fixtures.preferring(id(down), id(b), id(c)))
                .build(),
            down,
            b,
            c);
    metrics.bindTo(client);
    closeables.add(metrics);
    client.chat(chat("hi"));
    try (ResponseStream<ChatResponse> s = client.chatStream(chat("Count"))) {
      s.forEachRemaining(x -> {});
    }
    client.embed(EmbedRequest.builder(EMBED_MODEL).input("a sentence").build());
    b.faults().add(Fault.busy());
    OllamaClient pinned = client.withOptions(CallOptions.DEFAULT.withNode(id(b)));
    assertThatThrownBy(() -> pinned.chat(chat("hi"))).isInstanceOf(OllamaException.class);

    // A hedge, from a client sharing the registry's request meters.
    b.faults().add(Fault.latency(Duration.ofSeconds(2)));
    OllamaClient hedging =
        client(
            OllamaMetrics.create(registry),
            RoutingConfig.builder()
                .balancer(() -> Fixtures.preferring(id(b), id(c)))
                .hedgeAfter(Duration.ofMillis(20))
                .build(),
            b,
            c);
    try (ResponseStream<ChatResponse> s = hedging.chatStream(chat("hi"))) {
      s.forEachRemaining(x -> {});
    }

    // A call that waits for admission.
    OllamaClient narrow =
        client(
            OllamaMetrics.create(registry),
            RoutingConfig.builder()
                .initialConcurrency(1)
                .maxConcurrency(1)
                .adaptiveConcurrency(false)
                .build(),
            c);
    CompletableFuture<ChatResponse> queued;
    try (ResponseStream<ChatResponse> s = narrow.chatStream(chat("hold the slot"))) {
      assertThat(s.nodeId()).isEqualTo(id(c));
      queued = narrow.chatAsync(chat("wait"));
      ClientInternals internals = ClientInternals.of(narrow);
      await().atMost(Duration.ofSeconds(10)).until(() -> internals.queued() == 1);
    }
    queued.get(30, TimeUnit.SECONDS);

    for (String line : registry.scrape().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
      Map<String, String> labels = new HashMap<>();
      if (brace >= 0 && brace < space) {
        Matcher m = MATCHER.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          labels.put(m.group(1), m.group(3));
        }
      }
      samples.computeIfAbsent(name, k -> new ArrayList<>()).add(labels);
    }
  }

  @AfterAll
  static void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void alertRulesParseAndSelectOnlyExportedSeries() throws IOException {
    JsonNode root =
        new ObjectMapper(new YAMLFactory()).readTree(DOCS.resolve("ollama-alerts.yml").toFile());
    List<String> exprs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode group : root.required("groups")) {
      assertThat(group.required("name").asText()).isNotBlank();
      for (JsonNode rule : group.required("rules")) {
        String alert = rule.required("alert").asText();
        assertThat(names.add(alert)).as("alert names are unique: %s", alert).isTrue();
        assertThat(alert).matches("[A-Z][A-Za-z0-9]+");
        assertThat(rule.required("for").asText()).as(alert).matches(DURATION);
        assertThat(rule.required("labels").required("severity").asText())
            .as(alert)
            .isIn("critical", "warning", "info");
        assertThat(rule.required("annotations").required("summary").asText())
            .as(alert)
            .isNotBlank();
        exprs.add(rule.required("expr").asText());
      }
    }
    assertThat(names)
        .contains("OllamaEmbeddingLatencyHigh", "OllamaNodeDown", "OllamaCircuitBreakerOpen");
    assertSelectorsExist(exprs);
  }

  @Test
  void dashboardParsesAndQueriesOnlyExportedSeries() throws IOException {
    JsonNode root = new ObjectMapper().readTree(DOCS.resolve("grafana-dashboard.json").toFile());
    assertThat(root.required("title").asText()).isNotBlank();
    assertThat(root.required("uid").asText()).isNotBlank();
    List<String> exprs = new ArrayList<>();
    collect(root, exprs);
    assertThat(exprs).hasSizeGreaterThan(10);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : root.required("panels")) {
      assertThat(ids.add(panel.required("id").asInt())).as("panel ids are unique").isTrue();
      assertThat(panel.required("gridPos").required("w").asInt()).isBetween(1, 24);
    }
    assertSelectorsExist(exprs);
  }

  @Test
  void latencyQuantileTheIssueAsksForIsExported() {
    assertThat(samples.get("ollama_request_latency_seconds"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .containsEntry("quantile", "0.99")
                    .containsEntry("model", MODEL)
                    .containsEntry("operation", "chat")
                    .containsEntry("outcome", "success")
                    .containsKey("node"));
  }

  private static void assertSelectorsExist(List<String> exprs) {
    Set<String> checked = new LinkedHashSet<>();
    for (String expr : exprs) {
      Matcher m = SELECTOR.matcher(expr);
      while (m.find()) {
        String name = m.group(1);
        checked.add(name);
        assertThat(samples).as("series of %s (in %s)", name, expr).containsKey(name);
        Map<String, String> exact = new HashMap<>();
        if (m.group(3) != null) {
          Matcher lm = MATCHER.matcher(m.group(3));
          while (lm.find()) {
            if (lm.group(2).equals("=")) {
              exact.put(lm.group(1), lm.group(3));
            }
          }
        }
        assertThat(samples.get(name))
            .as("a series %s%s (in %s)", name, exact, expr)
            .anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(exact));
      }
    }
    assertThat(checked).isNotEmpty();
  }

  /** Every PromQL string of a dashboard: panel targets and template variable queries. */
  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if ((e.getKey().equals("expr") || e.getKey().equals("definition"))
                    && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                } else {
                  collect(e.getValue(), out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }

  private static FakeOllamaNode node() {
    FakeOllamaNode n =
        FakeOllamaNode.builder()
            .host("127.0.0.1")
            .port(0)
            .model(FakeModel.chat(MODEL))
            .model(FakeModel.embedding(EMBED_MODEL))
            .loaded(MODEL)
            .build()
            .start();
    closeables.add(n);
    return n;
  }

  private static OllamaClient client(
      OllamaMetrics metrics, RoutingConfig routing, FakeOllamaNode... nodes) {
    var builder =
        OllamaClient.builder().healthChecksEnabled(false).routing(routing).listener(metrics);
    for (FakeOllamaNode n : nodes) {
      builder.nodes(n.baseUrl());
    }
    OllamaClient c = builder.build();
    closeables.add(c);
    return c;
  }

  private static Path findDocs() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path docs = p.resolve("docs/observability");
      if (Files.isDirectory(docs)) {
        return docs;
      }
    }
    throw new IllegalStateException(
        "docs/observability not found above " + Path.of("").toAbsolutePath());
  }
}
