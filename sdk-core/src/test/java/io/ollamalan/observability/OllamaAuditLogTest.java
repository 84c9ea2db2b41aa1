package io.ollamalan.observability;

import static io.ollamalan.observability.Fixtures.MODEL;
import static io.ollamalan.observability.Fixtures.chat;
import static io.ollamalan.observability.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.ResponseStream;
import io.ollamalan.model.ChatRequest;
import io.ollamalan.model.ChatResponse;
import io.ollamalan.model.GenerateRequest;
import io.ollamalan.testkit.FakeOllamaNode;
import io.ollamalan.testkit.Fault;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;

@Timeout(60)
class OllamaAuditLogTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private FakeOllamaNode node;
  private final List<OllamaClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    node = Fixtures.node();
  }

  @AfterEach
  void stop() {
    clients.forEach(OllamaClient::close);
    node.close();
    MDC.clear();
  }

  private OllamaClient client(OllamaAuditLog audit, int maxAttempts) {
    OllamaClient c =
        OllamaClient.builder()
            .healthChecksEnabled(false)
            .nodes(node.baseUrl())
            .maxAttempts(maxAttempts)
            .listener(audit)
            .build();
    clients.add(c);
    return c;
  }

  private OllamaAuditLog.Builder audit() {
    return OllamaAuditLog.builder().sink(events::add).clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void oneEventPerCallWithPrincipalModelNodeOutcomeTokensAndDuration() {
    OllamaClient client = client(audit().build(), 3);

    ChatResponse r =
        client
            .withOptions(CallOptions.DEFAULT.withPrincipal("alice"))
            .chat(chat("Why is the sky blue?"));

    assertThat(events).hasSize(1);
    AuditEvent e = events.get(0);
    assertThat(e.time()).isEqualTo(NOW);
    assertThat(e.principal()).isEqualTo("alice");
    assertThat(e.operation()).isEqualTo("chat");
    assertThat(e.model()).isEqualTo(MODEL);
    assertThat(e.nodeId()).isEqualTo(id(node));
    assertThat(e.outcome()).isEqualTo("success");
    assertThat(e.succeeded()).isTrue();
    assertThat(e.promptTokens()).isEqualTo(r.promptEvalCount());
    assertThat(e.completionTokens()).isEqualTo(r.evalCount());
    assertThat(e.totalTokens()).isEqualTo(r.promptEvalCount() + r.evalCount());
    assertThat(e.duration()).isPositive();
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.streamed()).isFalse();
    assertThat(e.requestId())
        .isEqualTo(
            node.recordedRequests().get(node.recordedRequests().size() - 1).header("X-Request-Id"));
  }

  @Test
  void promptsAreLeftOutByDefault() {
    OllamaClient client = client(audit().build(), 3);

    client.chat(chat("my card number is 4111-1111-1111-1111"));

    assertThat(events.get(0).prompt()).isNull();
    // The whole number with its dashes: a duration's digits may contain "4111" by chance.
    assertThat(events.get(0).toString()).doesNotContain("4111-1111");
  }

  @Test
  void promptsAreIncludedWhenEnabled() {
    OllamaClient client = client(audit().includePrompts(true).build(), 3);

    client.chat(
        ChatRequest.builder(MODEL).system("Be brief.").user("Why is the sky blue?").build());
    client.generate(GenerateRequest.builder(MODEL).prompt("Once upon a time").build());

    assertThat(events)
        .extracting(AuditEvent::prompt)
        .containsExactly("system: Be brief.\nuser: Why is the sky blue?", "Once upon a time");
  }

  @Test
  void includedPromptsAreCutToTheLimit() {
    OllamaClient client = client(audit().includePrompts(true).maxPromptChars(8).build(), 3);

    client.generate(GenerateRequest.builder(MODEL).prompt("0123456789abcdef").build());

    assertThat(events.get(0).prompt()).isEqualTo("01234567...[truncated]");
  }

  @Test
  void failedCallIsAuditedWithItsOutcome() {
    OllamaClient client = client(audit().build(), 1);
    node.faults().add(Fault.busy());

    assertThatThrownBy(() -> client.chat(chat("hi"))).isInstanceOf(OllamaException.class);

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo("server_busy");
              assertThat(e.succeeded()).isFalse();
              assertThat(e.nodeId()).isEqualTo(id(node));
              assertThat(e.principal()).isNull();
            });
  }

  @Test
  void streamedCallIsAuditedOnceWhenItEnds() {
    OllamaClient client = client(audit().build(), 3);

    try (ResponseStream<ChatResponse> s = client.chatStream(chat("Count"))) {
      s.next();
      assertThat(events).isEmpty();
      s.forEachRemaining(c -> {});
    }

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.streamed()).isTrue();
              assertThat(e.completionTokens()).isPositive();
            });
  }

  @Test
  void slf4jSinkLogsOneLineWithTheFieldsInTheMdcAndRestoresTheMdc() {
    List<String> lines = new ArrayList<>();
    List<Map<String, String>> mdcs = new ArrayList<>();
    BasicMDCAdapter mdc = new BasicMDCAdapter();
    Logger logger = capturing(lines, mdcs, mdc);
    OllamaClient client = client(audit().sink(OllamaAuditLog.slf4j(logger, mdc)).build(), 3);
    mdc.put(OllamaAuditLog.MDC_REQUEST_ID, "the application's own");

    client.withOptions(CallOptions.DEFAULT.withPrincipal("bob")).chat(chat("hi"));

    assertThat(lines)
        .singleElement()
        .asString()
        .startsWith("ollama chat request_id=")
        .contains(" principal=bob model=" + MODEL + " node=" + id(node) + " outcome=success ")
        .contains(" prompt_tokens=", " completion_tokens=", " duration_ms=", " attempts=1")
        .doesNotContain("prompt=");
    Map<String, String> during = mdcs.get(0);
    assertThat(during)
        .containsEntry(OllamaAuditLog.MDC_PRINCIPAL, "bob")
        .containsEntry(OllamaAuditLog.MDC_MODEL, MODEL)
        .containsEntry(OllamaAuditLog.MDC_NODE, id(node))
        .containsEntry(OllamaAuditLog.MDC_OUTCOME, "success")
        .containsKeys(
            OllamaAuditLog.MDC_TOKENS,
            OllamaAuditLog.MDC_DURATION_MS,
            OllamaAuditLog.MDC_PROMPT_TOKENS,
            OllamaAuditLog.MDC_COMPLETION_TOKENS);
    assertThat(during.get(OllamaAuditLog.MDC_REQUEST_ID)).hasSize(16);
    assertThat(mdc.get(OllamaAuditLog.MDC_REQUEST_ID)).isEqualTo("the application's own");
    assertThat(mdc.get(OllamaAuditLog.MDC_PRINCIPAL)).isNull();
  }

  @Test
  void callerControlledValuesCannotForgeALogLine() {
    AuditEvent e =
        new AuditEvent(
            NOW,
            "r1",
            "eve\nollama chat principal=admin",
            "chat",
            MODEL,
            "",
            "success",
            1,
            2,
            Duration.ofMillis(5),
            1,
            false,
            "say \"hi\"\r\n");

    String line = OllamaAuditLog.line(e);

    assertThat(line)
        .doesNotContain("\n", "\r")
        .contains("principal=\"eve\\nollama chat principal=admin\"")
        .contains("prompt=\"say \\\"hi\\\"\\r\\n\"")
        .doesNotContain("node=");
  }

  @Test
  void defaultSinkLogsThroughSlf4jWithoutFailingTheCall() {
    OllamaClient client = client(OllamaAuditLog.create(), 3);

    assertThat(client.chat(chat("hi")).done()).isTrue();
    assertThat(MDC.get(OllamaAuditLog.MDC_OUTCOME)).isNull();
  }

  @Test
  void maxPromptCharsRejectsNegativeValues() {
    assertThatThrownBy(() -> OllamaAuditLog.builder().maxPromptChars(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPromptChars");
  }

  /** An SLF4J logger that keeps each INFO message with the MDC as it was during the call. */
  private static Logger capturing(
      List<String> lines, List<Map<String, String>> mdcs, BasicMDCAdapter mdc) {
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "isInfoEnabled":
                  return true;
                case "info":
                  lines.add((String) args[0]);
                  Map<String, String> m = mdc.getCopyOfContextMap();
                  mdcs.add(m == null ? Map.of() : new HashMap<>(m));
                  return null;
                case "getName":
                  return OllamaAuditLog.LOGGER_NAME;
                default:
                  return method.getReturnType() == boolean.class ? false : null;
              }
            });
  }
}
