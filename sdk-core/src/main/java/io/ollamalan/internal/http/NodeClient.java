package io.ollamalan.internal.http;

import io.ollamalan.Node;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaServerException;
import io.ollamalan.internal.json.Json;
import io.ollamalan.internal.json.JsonMappingFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The HTTP side of one node: its OkHttp client (with its own keep-alive pool, TLS and auth), its
 * precomputed endpoint URLs, and the mapping of HTTP answers to typed results and errors.
 */
public final class NodeClient implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_ERROR_TEXT = 512;

  /** Kept-alive connections found closed by the node, per call, before a fresh one is used. */
  private static final int MAX_STALE_RETRIES = 2;

  private final Node node;
  private final String nodeId;
  private final OkHttpClient http;
  private final ConnectionPool pool;
  private final TransportSettings settings;
  private final LongSupplier ticker;
  private final Map<Operation, HttpUrl> urls = new EnumMap<>(Operation.class);

  /**
   * @param http a client built for this node alone (its pool is not shared with other nodes)
   */
  public NodeClient(Node node, OkHttpClient http, TransportSettings settings, LongSupplier ticker) {
    this.node = node;
    this.nodeId = node.id();
    this.http = http;
    this.pool = http.connectionPool();
    this.settings = settings;
    this.ticker = ticker;
    HttpUrl base = HttpUrl.get(node.baseUri().toString());
    for (Operation op : Operation.values()) {
      urls.put(op, base.newBuilder().addPathSegments(op.path()).build());
    }
  }

  /** A JSON request body. */
  public static RequestBody json(byte[] body) {
    return RequestBody.create(body, JSON);
  }

  public Node node() {
    return node;
  }

  public String nodeId() {
    return nodeId;
  }

  public OkHttpClient http() {
    return http;
  }

  /** Connections in the pool: total and idle. Equal totals mean nothing is in use. */
  public int connectionCount() {
    return pool.connectionCount();
  }

  public int idleConnectionCount() {
    return pool.idleConnectionCount();
  }

  /**
   * Sends one request and returns the response once its headers arrived with a 2xx status. An error
   * status is read (bounded), closed and thrown as {@link OllamaServerException}.
   *
   * @param pathSuffix appended to the operation's path (a blob digest), or null
   * @param rb the body, or null for none (see {@link #json(byte[])})
   * @param streaming whether the caller will read the body as an NDJSON stream
   */
  public Exchange send(
      Operation op, String pathSuffix, RequestBody rb, boolean streaming, CallContext ctx) {
    HttpUrl url = urls.get(op);
    if (pathSuffix != null) {
      url = url.newBuilder().addPathSegment(pathSuffix).build();
    }
    for (int stale = 0; ; stale++) {
      AttemptTracker tracker = new AttemptTracker();
      Request.Builder builder =
          new Request.Builder()
              .url(url)
              .method(op.method(), rb)
              .header("Accept", streaming ? "application/x-ndjson" : "application/json")
              .header("X-Request-Id", ctx.requestId())
              .header("User-Agent", settings.userAgent())
              .tag(AttemptTracker.class, tracker)
              .tag(CallContext.class, ctx);
      for (var h : ctx.extraHeaders().entrySet()) {
        builder.header(h.getKey(), h.getValue());
      }
      Request request = builder.build();
      Call call = http.newCall(request);
      long remaining = ctx.remainingNanos(ticker.getAsLong());
      if (remaining != Long.MAX_VALUE) {
        if (remaining <= 0) {
          throw Failures.classify(
              new java.io.InterruptedIOException("deadline elapsed"),
              nodeId,
              ctx,
              settings,
              AttemptTracker.CREATED,
              false,
              ticker.getAsLong());
        }
        call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      }
      ctx.attach(call);
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        // A kept-alive connection the node had already closed fails before any byte of the
        // answer. The node never saw the request: send it once more on a fresh connection.
        if (stale < MAX_STALE_RETRIES
            && tracker.reusedConnection()
            && resendable(op)
            && !ctx.isCanceled()
            && !(e instanceof java.io.InterruptedIOException)) {
          continue;
        }
        throw Failures.classify(
            e, nodeId, ctx, settings, tracker.phase(), false, ticker.getAsLong());
      }
      if (!response.isSuccessful()) {
        throw errorOf(response, ctx);
      }
      return new Exchange(this, call, response, tracker, ctx);
    }
  }

  private static boolean resendable(Operation op) {
    return op != Operation.CREATE && op != Operation.PUSH && op != Operation.BLOB_CREATE;
  }

  /** Reads a non-streamed JSON body into {@code type}, bounded by the body limit. */
  public <T> T readBody(Exchange exchange, Class<T> type) {
    Response response = exchange.response();
    byte[] bytes;
    try (ResponseBody rb = response.body()) {
      BufferedSource s = rb.source();
      if (s.request(settings.maxBodyBytes() + 1)) {
        throw OllamaProtocolException.of(
            OllamaProtocolException.Problem.TOO_LARGE,
            nodeId,
            response.code(),
            exchange.context().requestId(),
            "the body is larger than "
                + "maxBodyBytes ("
                + settings.maxBodyBytes()
                + " bytes); raise it if such answers "
                + "are expected",
            null);
      }
      bytes = s.getBuffer().readByteArray();
    } catch (IOException e) {
      throw Failures.classify(
          e,
          nodeId,
          exchange.context(),
          settings,
          exchange.tracker().phase(),
          true,
          ticker.getAsLong());
    }
    try {
      return Json.read(bytes, 0, bytes.length, type);
    } catch (JsonMappingFailure e) {
      throw OllamaProtocolException.of(
          e.isTruncated()
              ? OllamaProtocolException.Problem.TRUNCATED
              : OllamaProtocolException.Problem.MALFORMED,
          nodeId,
          response.code(),
          exchange.context().requestId(),
          "the body is not the expected JSON (" + e.getMessage() + ")",
          e);
    }
  }

  /** Reads and discards a body the caller does not need (copy, delete, blobs). */
  public void discardBody(Exchange exchange) {
    try (ResponseBody rb = exchange.response().body()) {
      BufferedSource s = rb.source();
      s.skip(Math.min(s.getBuffer().size(), Long.MAX_VALUE));
      while (!s.exhausted()) {
        s.skip(s.getBuffer().size());
      }
    } catch (IOException e) {
      throw Failures.classify(
          e,
          nodeId,
          exchange.context(),
          settings,
          exchange.tracker().phase(),
          true,
          ticker.getAsLong());
    }
  }

  /** Opens the response body as an NDJSON stream of {@code decoder}'s chunks. */
  public <T> NdjsonResponseStream<T> openStream(
      Exchange exchange,
      ChunkDecoder<T> decoder,
      java.util.function.Predicate<T> isLast,
      java.util.function.Function<java.util.List<T>, T> aggregator,
      StreamObserver observer) {
    return new NdjsonResponseStream<>(
        this, exchange, decoder, isLast, aggregator, observer, settings, ticker);
  }

  private OllamaException errorOf(Response response, CallContext ctx) {
    int code = response.code();
    String text;
    try (ResponseBody rb = response.body()) {
      BufferedSource s = rb.source();
      s.request(MAX_ERROR_BODY);
      long n = Math.min(s.getBuffer().size(), MAX_ERROR_BODY);
      byte[] bytes = s.readByteArray(n);
      String msg = Json.errorMessage(bytes, 0, bytes.length);
      if (msg == null) {
        msg = new String(bytes, StandardCharsets.UTF_8).strip();
        if (msg.length() > MAX_ERROR_TEXT) {
          msg = msg.substring(0, MAX_ERROR_TEXT) + "...";
        }
      }
      text = msg;
    } catch (IOException e) {
      text = "";
    }
    return OllamaServerException.of(nodeId, code, text, ctx.requestId());
  }

  @Override
  public void close() {
    pool.evictAll();
  }

  @Override
  public String toString() {
    return "NodeClient{" + nodeId + "}";
  }
}
