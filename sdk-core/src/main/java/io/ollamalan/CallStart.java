package io.ollamalan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call about to be routed, as {@link ClientListener#onCallStart} sees it. A listener may add
 * headers to every HTTP request of the call (e.g. W3C {@code traceparent}) and keep its own state
 * for the call in attributes, which it finds again in {@link CallRecord#attribute(String)}.
 *
 * <p>Used on the calling thread only, before the call's first request.
 */
public final class CallStart {
  private final String requestId;
  private final String operation;
  private final @Nullable String model;
  private final @Nullable String principal;
  private final boolean streamed;
  private final @Nullable Object request;
  private @Nullable Map<String, String> headers;
  private @Nullable Map<String, Object> attributes;

  /** Made by the client; public for listener tests. */
  public CallStart(
      String requestId,
      String operation,
      @Nullable String model,
      @Nullable String principal,
      boolean streamed,
      @Nullable Object request) {
    this.requestId = requestId;
    this.operation = operation;
    this.model = model;
    this.principal = principal;
    this.streamed = streamed;
    this.request = request;
  }

  /** The {@code X-Request-Id} the call sends. */
  public String requestId() {
    return requestId;
  }

  /** The endpoint, e.g. {@code chat}. */
  public String operation() {
    return operation;
  }

  /** The model, or null. */
  public @Nullable String model() {
    return model;
  }

  /** The caller-supplied principal ({@link CallOptions#principal()}), or null. */
  public @Nullable String principal() {
    return principal;
  }

  /** Whether the answer is streamed. */
  public boolean streamed() {
    return streamed;
  }

  /**
   * The request object ({@code ChatRequest}, {@code GenerateRequest}, ...), or null for calls
   * without a body. Contains prompts: listeners must not log it unless told to.
   */
  public @Nullable Object request() {
    return request;
  }

  /** Adds a header to every HTTP request of this call; replaces an earlier value. */
  public void setHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (headers == null) {
      headers = new LinkedHashMap<>(4);
    }
    headers.put(name, value);
  }

  /** Keeps listener state for this call; a null value reads back as absent. */
  public void setAttribute(String key, @Nullable Object value) {
    Objects.requireNonNull(key, "key");
    if (attributes == null) {
      attributes = new LinkedHashMap<>(4);
    }
    attributes.put(key, value);
  }

  /** Headers added by listeners; never null. */
  public Map<String, String> headers() {
    return headers == null ? Map.of() : headers;
  }

  /** Attributes set by listeners; never null. */
  public Map<String, Object> attributes() {
    return attributes == null ? Map.of() : attributes;
  }
}
