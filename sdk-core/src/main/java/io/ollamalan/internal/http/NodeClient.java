package io.ollamalan.internal.http;

import io.ollamalan.Node;
import io.ollamalan.OllamaException;
import io.ollamalan.OllamaProtocolException;
import io.ollamalan.OllamaServerException;
import io.ollamalan.internal.Errors;
import io.ollamalan.internal.json.Json;
import io.ollamalan.internal.json.JsonErrorBody;
import io.ollamalan.internal.json.JsonMappingFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
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
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of one node: its OkHttp client (its TLS and auth, and its share of the client's
 * keep-alive pool), its precomputed endpoint URLs, and the mapping of HTTP answers to typed results
 * and errors.
 */
public final class NodeClient implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_ERROR_TEXT = 512;
  private static final long ERROR_PROBE_BYTES = 64;

  /**
   * Bodies of a known length up to this size are read whole before they are decoded; longer ones,
   * and those of unknown length, are decoded as they arrive.
   */
  private static final long WHOLE_BODY_BYTES = 16 * 1024;

  private static final byte[] ERROR_KEY = "\"error\"".getBytes(StandardCharsets.US_ASCII);

  /** Kept-alive connections found closed by the node, per call, before a fresh one is used. */
  private static final int MAX_STALE_RETRIES = 2;

  private final Node node;
  private final String nodeId;
  private final OkHttpClient http;
  private final ConnectionPool pool;
  private final @Nullable NodeConnections connections;
  private final TransportSettings settings;
  private final LongSupplier ticker;
  private final Map<Operation, HttpUrl> urls = new EnumMap<>(Operation.class);
  private final Watchdog watchdog = Watchdog.SHARED;

  /**
   * @param http a client built for this node by {@link Transport#forNode} (its connections are told
   *     apart from other nodes' in the shared pool), or any client with a pool of its own
   */
  public NodeClient(Node node, OkHttpClient http, TransportSettings settings, LongSupplier ticker) {
    this.node = node;
    this.nodeId = node.id();
    this.http = http;
    this.pool = http.connectionPool();
    this.connections = NodeConnections.of(http);
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

  /** The node's open connections: total and idle. Equal totals mean nothing is in use. */
  public int connectionCount() {
    NodeConnections n = connections;
    return n != null ? n.connectionCount() : pool.connectionCount();
  }

  public int idleConnectionCount() {
    NodeConnections n = connections;
    return n != null ? n.idleConnectionCount() : pool.idleConnectionCount();
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
      Operation op,
      @Nullable String pathSuffix,
      @Nullable RequestBody rb,
      boolean streaming,
      CallContext ctx) {
    // The constructor made a URL for every operation.
    HttpUrl url = Objects.requireNonNull(urls.get(op), "url");
    if (pathSuffix != null) {
      url = url.newBuilder().addPathSegment(pathSuffix).build();
    }
    long responseLimit =
        streaming ? settings.streamIdleTimeout().toNanos() : settings.responseTimeout().toNanos();
    for (int stale = 0; ; stale++) {
      AttemptTracker tracker =
          new AttemptTracker(ticker, responseLimit, settings.writeTimeout().toNanos());
      Request.Builder builder =
          new Request.Builder()
              .url(url)
              .method(op.method(), rb)
              // A new builder holds no header yet: add, not header(), which looks for one to
              // replace.
              .addHeader("Accept", streaming ? "application/x-ndjson" : "application/json")
              .addHeader("X-Request-Id", ctx.requestId())
              .addHeader("User-Agent", settings.userAgent())
              .tag(AttemptTracker.class, tracker)
              .tag(CallContext.class, ctx);
      Map<String, String> extra = ctx.extraHeaders();
      if (!extra.isEmpty()) {
        for (var h : extra.entrySet()) {
          builder.header(h.getKey(), h.getValue());
        }
      }
      Request request = builder.build();
      Call call = http.newCall(request);
      tracker.call(call);
      long remaining = ctx.remainingNanos(ticker.getAsLong());
      if (remaining != Long.MAX_VALUE) {
        if (remaining <= 0) {
          throw Failures.classify(
              new java.io.InterruptedIOException("deadline elapsed"),
              nodeId,
              ctx,
              settings,
              tracker,
              false,
              ticker.getAsLong());
        }
        call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      }
      if (Thread.currentThread().isInterrupted()) {
        ctx.cancel();
        throw Errors.canceled(nodeId, ctx.requestId(), null);
      }
      ctx.attach(call);
      Response response = null;
      tracker.enter(watchdog);
      try {
        response = call.execute();
      } catch (IOException e) {
        if (stale < MAX_STALE_RETRIES
            && tracker.reusedConnection()
            && !tracker.answerStarted()
            && (!tracker.requestWritten() || safeMethod(op))
            && tracker.fired() == AttemptTracker.NOT_FIRED
            && resendable(op)
            && !ctx.isCanceled()
            && !Thread.currentThread().isInterrupted()
            && Failures.closedBeforeAnswer(e)) {
          // A kept-alive connection the node had closed while idle, found when writing the request:
          // the node never saw it. (A GET may have been read: sending it again changes nothing.)
          // Its other idle connections are as dead: drop them and send once more.
          evictConnections();
          continue;
        }
        OllamaException failure =
            Failures.classify(e, nodeId, ctx, settings, tracker, false, ticker.getAsLong());
        evictAfter(failure);
        throw failure;
      } catch (RuntimeException | Error e) {
        call.cancel();
        throw e;
      } catch (Exception e) {
        // OkHttp throws InterruptedException without declaring it, from the wait for a connection
        // it opens on another thread; the wait cleared the thread's interrupt flag.
        call.cancel();
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          ctx.cancel();
          throw Errors.canceled(nodeId, ctx.requestId(), e);
        }
        throw Failures.classify(
            new IOException(e), nodeId, ctx, settings, tracker, false, ticker.getAsLong());
      } finally {
        if (streaming || response == null || !response.isSuccessful()) {
          tracker.exit(watchdog);
        }
      }
      if (!response.isSuccessful()) {
        throw errorOf(response, ctx);
      }
      return new Exchange(this, call, response, tracker, ctx);
    }
  }

  /** GET and HEAD: safe in HTTP's sense, so that a node receiving one twice changes nothing. */
  private static boolean safeMethod(Operation op) {
    String m = op.method();
    return "GET".equals(m) || "HEAD".equals(m);
  }

  private static boolean resendable(Operation op) {
    return op != Operation.CREATE && op != Operation.PUSH && op != Operation.BLOB_CREATE;
  }

  /**
   * A failed connection says the node's other idle connections are likely dead too (it restarted or
   * went away): drop them so that the next call connects afresh. The same holds for a stream that
   * breaks after its answer started, and for one cut short with its HTTP framing whole, whose own
   * connection went back to the pool while the node closed it.
   */
  void evictAfter(OllamaException failure) {
    if (failure.kind() == OllamaException.Kind.TRANSPORT
        || failure.kind() == OllamaException.Kind.TLS
        || (failure instanceof io.ollamalan.OllamaTransportException t
            && t.timeout() == io.ollamalan.OllamaTransportException.Timeout.CONNECT)
        || (failure instanceof OllamaProtocolException p
            && p.problem() == OllamaProtocolException.Problem.TRUNCATED)) {
      evictConnections();
    }
  }

  /** Drops the node's idle connections, e.g. when its health check found it down. */
  public void evictConnections() {
    NodeConnections n = connections;
    if (n != null) {
      n.evictIdle();
    } else {
      pool.evictAll();
    }
  }

  /**
   * Reads a non-streamed JSON body into {@code type}, bounded by the body limit: one of a known
   * length up to {@value #WHOLE_BODY_BYTES} bytes whole, any other as it arrives from the socket.
   * An {@code {"error": ...}} body is the node's error even with status 200.
   */
  public <T> T readBody(Exchange exchange, Class<T> type) {
    Response response = exchange.response();
    CallContext ctx = exchange.context();
    AttemptTracker tracker = exchange.tracker();
    boolean complete = false;
    try (ResponseBody rb = response.body()) {
      BufferedSource s = rb.source();
      String error = errorIn200(s);
      if (error != null) {
        throw Errors.errorIn200(nodeId, error, ctx.requestId(), false, false);
      }
      long length = rb.contentLength();
      T value =
          length >= 0 && length <= WHOLE_BODY_BYTES && length <= settings.maxBodyBytes()
              // A small body of known length, the usual answer: read whole into one array and
              // decoded from it, which costs less per call than a parser reading a stream.
              ? Json.read(s.readByteArray(length), type)
              : Json.read(new BoundedInput(s, settings.maxBodyBytes()), type);
      complete = true;
      return value;
    } catch (JsonErrorBody e) {
      // Ollama's error object with a success status, its "error" field not first.
      throw Errors.errorIn200(nodeId, e.error(), ctx.requestId(), false, false);
    } catch (UncheckedIOException e) {
      // Never null: UncheckedIOException refuses a null cause.
      throw bodyFailure(exchange, Objects.requireNonNull(e.getCause(), "cause"));
    } catch (JsonMappingFailure e) {
      // A decoder reading from the socket may wrap the socket's failure; the parser's own
      // complaints are IOExceptions too, but they are about the JSON.
      IOException io = cause(e, IOException.class);
      if (io != null && !(io instanceof com.fasterxml.jackson.core.JacksonException)) {
        throw bodyFailure(exchange, io);
      }
      throw Errors.protocol(
          e.isTruncated()
              ? OllamaProtocolException.Problem.TRUNCATED
              : OllamaProtocolException.Problem.MALFORMED,
          nodeId,
          response.code(),
          ctx.requestId(),
          "the body is not the expected JSON (" + e.getMessage() + ")",
          e);
    } catch (IOException e) {
      throw bodyFailure(exchange, e);
    } finally {
      tracker.exit(watchdog);
      if (!complete) {
        // Whatever failed (an Error too), the connection must not go back to the pool half read.
        exchange.cancel();
      }
    }
  }

  private OllamaException bodyFailure(Exchange exchange, IOException e) {
    CallContext ctx = exchange.context();
    if (e instanceof BodyTooLarge) {
      return Errors.protocol(
          OllamaProtocolException.Problem.TOO_LARGE,
          nodeId,
          exchange.response().code(),
          ctx.requestId(),
          "the body is larger than maxBodyBytes ("
              + settings.maxBodyBytes()
              + " bytes); raise it if such answers are expected",
          null);
    }
    exchange.cancel();
    OllamaException failure =
        Failures.classify(e, nodeId, ctx, settings, exchange.tracker(), true, ticker.getAsLong());
    evictAfter(failure);
    return failure;
  }

  /**
   * The message of a body that starts as Ollama's {@code {"error": ...}} object, else null. Looks
   * only at the bytes already buffered (a body's first segment), so a result costs nothing.
   */
  private static @Nullable String errorIn200(BufferedSource s) throws IOException {
    s.request(ERROR_PROBE_BYTES);
    Buffer buf = s.getBuffer();
    long n = Math.min(buf.size(), ERROR_PROBE_BYTES);
    long i = skipSpace(buf, 0, n);
    if (i >= n || buf.getByte(i) != '{') {
      return null;
    }
    i = skipSpace(buf, i + 1, n);
    if (n - i < ERROR_KEY.length) {
      return null;
    }
    for (int k = 0; k < ERROR_KEY.length; k++) {
      if (buf.getByte(i + k) != ERROR_KEY[k]) {
        return null;
      }
    }
    s.request(MAX_ERROR_BODY);
    byte[] bytes = s.peek().readByteArray(Math.min(s.getBuffer().size(), MAX_ERROR_BODY));
    return Json.errorMessage(bytes, 0, bytes.length);
  }

  private static long skipSpace(Buffer buf, long i, long n) {
    while (i < n) {
      byte b = buf.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        break;
      }
      i++;
    }
    return i;
  }

  private static <X extends Throwable> @Nullable X cause(Throwable t, Class<X> type) {
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** Reads and discards a body the caller does not need (copy, delete, blobs). */
  public void discardBody(Exchange exchange) {
    AttemptTracker tracker = exchange.tracker();
    boolean complete = false;
    try (ResponseBody rb = exchange.response().body()) {
      BufferedSource s = rb.source();
      long total = 0;
      while (!s.exhausted()) {
        total += s.getBuffer().size();
        if (total > settings.maxBodyBytes()) {
          throw new BodyTooLarge();
        }
        s.skip(s.getBuffer().size());
      }
      complete = true;
    } catch (IOException e) {
      throw bodyFailure(exchange, e);
    } finally {
      tracker.exit(watchdog);
      if (!complete) {
        exchange.cancel();
      }
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
    boolean json = false;
    try (ResponseBody rb = response.body()) {
      BufferedSource s = rb.source();
      s.request(MAX_ERROR_BODY);
      long n = Math.min(s.getBuffer().size(), MAX_ERROR_BODY);
      byte[] bytes = s.readByteArray(n);
      String msg = Json.errorMessage(bytes, 0, bytes.length);
      json = msg != null;
      if (msg == null) {
        msg = new String(bytes, StandardCharsets.UTF_8).strip();
        if (msg.length() > MAX_ERROR_TEXT) {
          msg = msg.substring(0, MAX_ERROR_TEXT) + "...";
        }
      }
      text = msg;
    } catch (IOException e) {
      text = "";
      response.close();
    }
    return Errors.server(nodeId, code, text, ctx.requestId(), json);
  }

  @Override
  public void close() {
    evictConnections();
  }

  @Override
  public String toString() {
    return "NodeClient{" + nodeId + "}";
  }

  /** A body past the limit: thrown from inside the decoder, mapped to TOO_LARGE. */
  static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("the body is larger than maxBodyBytes", null);
    }
  }

  /**
   * The body as the decoder's input: bytes pass from okio's buffer straight into the decoder's own,
   * and the count fails the read once it passes the limit, whatever the decoder holds by then.
   */
  private static final class BoundedInput extends InputStream {
    private final BufferedSource source;
    private final long limit;
    private long count;

    BoundedInput(BufferedSource source, long limit) {
      this.source = source;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      if (source.exhausted()) {
        return -1;
      }
      count(1);
      return source.readByte() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = source.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new BodyTooLarge();
      }
    }

    /**
     * The whole body in one array of its size: what a decoder that wants the body at once gets,
     * without the intermediate chunks of the default implementation.
     */
    @Override
    public byte[] readAllBytes() throws IOException {
      if (source.request(limit - count + 1)) {
        throw new BodyTooLarge();
      }
      byte[] all = source.readByteArray();
      count += all.length;
      return all;
    }

    @Override
    public int available() {
      return (int) Math.min(source.getBuffer().size(), Integer.MAX_VALUE);
    }
  }
}
