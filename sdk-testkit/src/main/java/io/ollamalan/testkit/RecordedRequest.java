package io.ollamalan.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request received by a {@link FakeOllamaNode}, as the server saw it. Header names are
 * lower-cased; values keep their order of arrival.
 */
public final class RecordedRequest {

  private final long sequence;
  private final String method;
  private final String uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /** Creates a record; used by the server. */
  public RecordedRequest(
      long sequence, String method, String uri, Map<String, List<String>> headers, byte[] body) {
    this.sequence = sequence;
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
  }

  /** 1-based arrival number on this node (across restarts). */
  public long sequence() {
    return sequence;
  }

  /** HTTP method, e.g. {@code POST}. */
  public String method() {
    return method;
  }

  /** Request target including any query string, e.g. {@code /api/tags?x=1}. */
  public String uri() {
    return uri;
  }

  /** Request path without query string. */
  public String path() {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  /** All headers, names lower-cased, unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** First value of a header (case-insensitive), or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Body bytes (a copy). */
  public byte[] bodyBytes() {
    return body.clone();
  }

  /** Body decoded as UTF-8. */
  public String body() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return method + " " + uri + " (" + body.length + " bytes)";
  }
}
