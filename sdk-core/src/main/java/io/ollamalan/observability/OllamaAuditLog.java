package io.ollamalan.observability;

import io.ollamalan.CallRecord;
import io.ollamalan.CallStart;
import io.ollamalan.ClientListener;
import io.ollamalan.OllamaClient;
import io.ollamalan.internal.observability.Prompts;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * An audit trail of an {@link OllamaClient}'s calls: one {@link AuditEvent} per call, when it ends,
 * with who asked (the caller-supplied {@link io.ollamalan.CallOptions#principal() principal}),
 * which model, which node answered, the outcome, tokens and duration. Prompts are left out unless
 * {@link Builder#includePrompts(boolean) explicitly included}; answers are never recorded.
 *
 * <p>By default each event is one SLF4J INFO line on the logger {@value #LOGGER_NAME}, with the
 * fields also in the MDC (keys {@code ollama.*}, below) while the line is logged, so a JSON encoder
 * can ship them as fields. Route that logger to its own appender to keep audit apart from
 * diagnostics.
 *
 * <pre>{@code
 * OllamaClient client = OllamaClient.builder()
 *     .nodes("http://10.0.0.11:11434")
 *     .listener(OllamaAuditLog.create())
 *     .build();
 * client.withOptions(CallOptions.DEFAULT.withPrincipal("alice")).chat(request);
 * }</pre>
 */
public final class OllamaAuditLog implements ClientListener {

  /** The SLF4J logger of the default sink. */
  public static final String LOGGER_NAME = "io.ollamalan.audit";

  /** Default {@link Builder#maxPromptChars}: 4096 characters. */
  public static final int DEFAULT_MAX_PROMPT_CHARS = 4096;

  /** MDC key: the call's request id. */
  public static final String MDC_REQUEST_ID = "ollama.requestId";

  /** MDC key: the caller-supplied principal; absent when none was given. */
  public static final String MDC_PRINCIPAL = "ollama.principal";

  /** MDC key: the endpoint, e.g. {@code chat}. */
  public static final String MDC_OPERATION = "ollama.operation";

  /** MDC key: the model; absent for calls without one. */
  public static final String MDC_MODEL = "ollama.model";

  /** MDC key: the node's id; absent when no node was reached. */
  public static final String MDC_NODE = "ollama.node";

  /** MDC key: {@code success} or the failure's kind. */
  public static final String MDC_OUTCOME = "ollama.outcome";

  /** MDC key: prompt plus completion tokens. */
  public static final String MDC_TOKENS = "ollama.tokens";

  /** MDC key: prompt tokens. */
  public static final String MDC_PROMPT_TOKENS = "ollama.promptTokens";

  /** MDC key: completion tokens. */
  public static final String MDC_COMPLETION_TOKENS = "ollama.completionTokens";

  /** MDC key: the call's duration in milliseconds. */
  public static final String MDC_DURATION_MS = "ollama.durationMs";

  private static final String[] MDC_KEYS = {
    MDC_REQUEST_ID,
    MDC_PRINCIPAL,
    MDC_OPERATION,
    MDC_MODEL,
    MDC_NODE,
    MDC_OUTCOME,
    MDC_TOKENS,
    MDC_PROMPT_TOKENS,
    MDC_COMPLETION_TOKENS,
    MDC_DURATION_MS
  };

  private final Consumer<AuditEvent> sink;
  private final boolean includePrompts;
  private final int maxPromptChars;
  private final Clock clock;
  private final String promptKey =
      OllamaAuditLog.class.getName()
          + "@"
          + Integer.toHexString(System.identityHashCode(this))
          + ".prompt";

  private OllamaAuditLog(Builder b) {
    this.sink = b.sink != null ? b.sink : slf4j();
    this.includePrompts = b.includePrompts;
    this.maxPromptChars = b.maxPromptChars;
    this.clock = b.clock;
  }

  /** An audit log to SLF4J without prompts. */
  public static OllamaAuditLog create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default sink: one INFO line per event on {@value #LOGGER_NAME}, fields in the MDC during
   * the call (earlier MDC values of the same keys are restored afterwards).
   */
  public static Consumer<AuditEvent> slf4j() {
    return slf4j(LoggerFactory.getLogger(LOGGER_NAME));
  }

  static Consumer<AuditEvent> slf4j(Logger logger) {
    return slf4j(logger, MDC.getMDCAdapter());
  }

  static Consumer<AuditEvent> slf4j(Logger logger, MDCAdapter mdc) {
    return e -> {
      if (!logger.isInfoEnabled()) {
        return;
      }
      String[] previous = new String[MDC_KEYS.length];
      for (int i = 0; i < MDC_KEYS.length; i++) {
        previous[i] = mdc.get(MDC_KEYS[i]);
      }
      try {
        put(mdc, MDC_REQUEST_ID, e.requestId());
        put(mdc, MDC_PRINCIPAL, e.principal());
        put(mdc, MDC_OPERATION, e.operation());
        put(mdc, MDC_MODEL, e.model());
        put(mdc, MDC_NODE, e.nodeId().isEmpty() ? null : e.nodeId());
        put(mdc, MDC_OUTCOME, e.outcome());
        put(mdc, MDC_TOKENS, Long.toString(e.totalTokens()));
        put(mdc, MDC_PROMPT_TOKENS, Long.toString(e.promptTokens()));
        put(mdc, MDC_COMPLETION_TOKENS, Long.toString(e.completionTokens()));
        put(mdc, MDC_DURATION_MS, Long.toString(e.duration().toMillis()));
        logger.info(line(e));
      } finally {
        for (int i = 0; i < MDC_KEYS.length; i++) {
          put(mdc, MDC_KEYS[i], previous[i]);
        }
      }
    };
  }

  private static void put(MDCAdapter mdc, String key, @Nullable String value) {
    if (value == null) {
      mdc.remove(key);
    } else {
      mdc.put(key, value);
    }
  }

  /**
   * The event as one logfmt line. Values a caller controls (principal, model, prompt) are quoted
   * and escaped, so none can forge a second line.
   */
  static String line(AuditEvent e) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("ollama ").append(e.operation());
    field(sb, "request_id", e.requestId());
    field(sb, "principal", e.principal());
    field(sb, "model", e.model());
    field(sb, "node", e.nodeId().isEmpty() ? null : e.nodeId());
    field(sb, "outcome", e.outcome());
    sb.append(" prompt_tokens=").append(e.promptTokens());
    sb.append(" completion_tokens=").append(e.completionTokens());
    sb.append(" duration_ms=").append(e.duration().toMillis());
    sb.append(" attempts=").append(e.attempts());
    if (e.streamed()) {
      sb.append(" streamed=true");
    }
    field(sb, "prompt", e.prompt());
    return sb.toString();
  }

  private static void field(StringBuilder sb, String key, @Nullable String value) {
    if (value == null) {
      return;
    }
    sb.append(' ').append(key).append('=');
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = c > ' ' && c < 0x7f && c != '"' && c != '\\' && c != '=';
    }
    if (plain) {
      sb.append(value);
      return;
    }
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  @Override
  public void onCallStart(CallStart call) {
    if (includePrompts) {
      String prompt = Prompts.of(call.request(), maxPromptChars);
      if (prompt != null) {
        call.setAttribute(promptKey, prompt);
      }
    }
  }

  @Override
  public void onCallEnd(CallRecord r) {
    Object prompt = includePrompts ? r.attribute(promptKey) : null;
    sink.accept(
        new AuditEvent(
            clock.instant(),
            r.requestId(),
            r.principal(),
            r.operation(),
            r.model(),
            r.nodeId(),
            r.outcome(),
            r.promptTokens(),
            r.completionTokens(),
            Duration.ofNanos(r.durationNanos()),
            r.attempts(),
            r.streamed(),
            prompt instanceof String s ? s : null));
  }

  @Override
  public String toString() {
    return "OllamaAuditLog{includePrompts=" + includePrompts + "}";
  }

  /** Configures {@link OllamaAuditLog}. */
  public static final class Builder {
    private @Nullable Consumer<AuditEvent> sink;
    private boolean includePrompts;
    private int maxPromptChars = DEFAULT_MAX_PROMPT_CHARS;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Where events go; default {@link #slf4j()}. Called on the thread that ended the call (the
     * caller's, or the one draining a stream): hand slow work, like a database insert, to a queue.
     */
    public Builder sink(Consumer<AuditEvent> sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Whether events carry the prompt text (chat messages, generate prompt and system prompt,
     * embedding inputs; never images); default false. Prompts may hold personal or confidential
     * data: enable only where the audit store is cleared for it.
     */
    public Builder includePrompts(boolean include) {
      this.includePrompts = include;
      return this;
    }

    /**
     * Longest prompt text kept per event, in characters, when prompts are included; longer ones are
     * cut and marked {@code ...[truncated]}. Default {@link #DEFAULT_MAX_PROMPT_CHARS}.
     */
    public Builder maxPromptChars(int chars) {
      if (chars < 0) {
        throw new IllegalArgumentException("maxPromptChars must be 0 or more, was " + chars);
      }
      this.maxPromptChars = chars;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public OllamaAuditLog build() {
      return new OllamaAuditLog(this);
    }
  }
}
