package io.ollamalan.internal.http;

import java.util.Locale;

/** Every Ollama endpoint the client calls, with how it is called. */
public enum Operation {
  CHAT("POST", "api/chat", true, true),
  GENERATE("POST", "api/generate", true, true),
  EMBED("POST", "api/embed", false, true),
  EMBEDDINGS("POST", "api/embeddings", false, true),
  TAGS("GET", "api/tags", false, false),
  SHOW("POST", "api/show", false, false),
  PS("GET", "api/ps", false, false),
  VERSION("GET", "api/version", false, false),
  PULL("POST", "api/pull", true, false),
  PUSH("POST", "api/push", true, false),
  CREATE("POST", "api/create", true, false),
  COPY("POST", "api/copy", false, false),
  DELETE("DELETE", "api/delete", false, false),
  BLOB_EXISTS("HEAD", "api/blobs", false, false),
  BLOB_CREATE("POST", "api/blobs", false, false);

  private final String method;
  private final String path;
  private final boolean streams;
  private final boolean inference;
  private final String metricName;

  Operation(String method, String path, boolean streams, boolean inference) {
    this.method = method;
    this.path = path;
    this.streams = streams;
    this.inference = inference;
    this.metricName = name().toLowerCase(Locale.ROOT);
  }

  public String method() {
    return method;
  }

  /** The path below the node's base URL, without a leading slash. */
  public String path() {
    return path;
  }

  /** Whether the endpoint can answer as an NDJSON stream. */
  public boolean streams() {
    return streams;
  }

  /** Whether the call runs a model (routed by model, subject to admission). */
  public boolean inference() {
    return inference;
  }

  /** Lower-case name for logs, metrics and traces. */
  public String metricName() {
    return metricName;
  }
}
