package io.ollamalan.testkit.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.ollamalan.testkit.Fault;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response on a connection. Lives on the channel's event loop; all methods must
 * be called there. Runs cleanups exactly once, whether the response completes or the client goes
 * away.
 */
public final class Exchange {

  public static final AsciiString JSON_UTF8 = AsciiString.cached("application/json; charset=utf-8");
  public static final AsciiString JSON = AsciiString.cached("application/json");
  public static final AsciiString NDJSON = AsciiString.cached("application/x-ndjson");
  public static final AsciiString TEXT_UTF8 = AsciiString.cached("text/plain; charset=utf-8");
  public static final AsciiString TEXT = AsciiString.cached("text/plain");
  private static final byte[] NEWLINE = {'\n'};

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);
  private static volatile long dateSecond;
  private static volatile String dateValue = "";

  /** A producer of NDJSON lines paced in simulated time. */
  public interface LineSource {
    /**
     * Simulated time before which the next line must not be sent; {@code Long.MIN_VALUE} for now.
     */
    long nextDue();

    /** The next line without its newline, or null when the stream is complete. */
    @Nullable ByteBuf next(ChannelHandlerContext ctx);
  }

  final ChannelHandlerContext ctx;
  final FullHttpRequest request;
  final String path;
  final HttpMethod method;
  final boolean keepAlive;
  final boolean head;
  private final OllamaHandler owner;
  private final List<Runnable> cleanups = new ArrayList<>(2);
  private boolean finished;
  private boolean headersSent;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable LineSource source;
  private @Nullable ScaledClock clock;
  private boolean waitingWritable;
  private long slowNanos;
  private @Nullable Fault streamFault;
  private int linesSent;
  private long lastLineWall;

  Exchange(ChannelHandlerContext ctx, FullHttpRequest request, String path, OllamaHandler owner) {
    this.ctx = ctx;
    this.request = request;
    this.path = path;
    this.method = request.method();
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.head = HttpMethod.HEAD.equals(method);
    this.owner = owner;
  }

  public ChannelHandlerContext ctx() {
    return ctx;
  }

  public ByteBuf body() {
    return request.content();
  }

  public String path() {
    return path;
  }

  public HttpMethod method() {
    return method;
  }

  public HttpHeaders headers() {
    return request.headers();
  }

  /** True once the response is complete or the client has gone. */
  public boolean finished() {
    return finished;
  }

  /** Registers work to run when the exchange ends; cleanups run in reverse registration order. */
  public void onEnd(Runnable cleanup) {
    if (finished) {
      cleanup.run();
    } else {
      cleanups.add(cleanup);
    }
  }

  /** Runs {@code action} on the event loop when the future completes, unless the exchange ended. */
  public <T> void when(CompletableFuture<T> future, BiConsumer<T, Throwable> action) {
    if (future.isDone() && ctx.executor().inEventLoop()) {
      complete(future, action);
      return;
    }
    future.whenComplete((v, e) -> ctx.executor().execute(() -> complete(future, action)));
  }

  private <T> void complete(CompletableFuture<T> future, BiConsumer<T, Throwable> action) {
    if (finished) {
      return;
    }
    T value = null;
    Throwable error = null;
    try {
      value = future.join();
    } catch (java.util.concurrent.CompletionException e) {
      error = e.getCause();
    } catch (java.util.concurrent.CancellationException e) {
      error = e;
    }
    try {
      action.accept(value, error);
    } catch (ApiError e) {
      sendError(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Runs {@code task} on the event loop after a wall-clock delay, unless the exchange ended. */
  public void after(long wallNanos, Runnable task) {
    if (wallNanos <= 0) {
      task.run();
      return;
    }
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  timer = null;
                  if (!finished) {
                    try {
                      task.run();
                    } catch (ApiError e) {
                      sendError(e.status(), e.getMessage());
                    } catch (RuntimeException e) {
                      fail(e);
                    }
                  }
                },
                wallNanos,
                TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} once the simulated clock reaches {@code simDue}. */
  public void at(ScaledClock clock, long simDue, Runnable task) {
    after(clock.toWall(simDue - clock.now()), task);
  }

  void fail(Throwable e) {
    OllamaHandler.LOG.warn("Fake Ollama node failed on {} {}", method, path, e);
    if (headersSent) {
      reset();
    } else {
      sendError(500, String.valueOf(e.getMessage()));
    }
  }

  /** {@code {"error":"..."}} as {@code application/json; charset=utf-8}. */
  public void sendError(int status, String message) {
    send(status, JSON_UTF8, errorBody(message));
  }

  /**
   * {@code {"error":"..."}} as {@code application/json}, for errors before the first streamed byte.
   */
  public void sendStreamError(int status, String message) {
    send(status, JSON, errorBody(message));
  }

  private ByteBuf errorBody(String message) {
    ByteBuf buf = ctx.alloc().buffer(message.length() + 16);
    try (var g = GoJson.generator(buf)) {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return buf;
  }

  public void sendJson(int status, ByteBuf body) {
    send(status, JSON_UTF8, body);
  }

  public void sendText(int status, AsciiString contentType, String text) {
    send(status, contentType, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** A response without body and without content type (Go's {@code c.Status}). */
  public void sendEmpty(int status) {
    send(status, null, Unpooled.EMPTY_BUFFER);
  }

  /** Sends a complete response; for HEAD only the headers. */
  public void send(int status, @Nullable CharSequence contentType, ByteBuf body) {
    if (finished || headersSent) {
      body.release();
      return;
    }
    headersSent = true;
    int length = body.readableBytes();
    FullHttpResponse res;
    if (head) {
      body.release();
      res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.EMPTY_BUFFER);
    } else {
      res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
    }
    HttpHeaders h = res.headers();
    if (contentType != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    h.set(HttpHeaderNames.DATE, date());
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    if (!keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(res);
    end(!keepAlive);
  }

  private static String date() {
    long now = System.currentTimeMillis() / 1000;
    if (now != dateSecond) {
      dateValue =
          HTTP_DATE.format(
              ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(now), ZoneOffset.UTC));
      dateSecond = now;
    }
    return dateValue;
  }

  /**
   * Starts an NDJSON stream paced by {@code clock}, applying stream-phase faults. The source is
   * pulled until it returns null, the client goes or a fault ends the stream.
   */
  public void stream(ScaledClock clock, LineSource source, List<Fault> faults) {
    if (finished) {
      return;
    }
    for (Fault f : faults) {
      if (f.kind() == Fault.Kind.SLOW_STREAM) {
        slowNanos += f.delay().toNanos();
      } else if (f.kind().terminal() && streamFault == null) {
        streamFault = f;
      }
    }
    this.clock = clock;
    this.source = source;
    headersSent = true;
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders h = res.headers();
    h.set(HttpHeaderNames.CONTENT_TYPE, NDJSON);
    h.set(HttpHeaderNames.DATE, date());
    h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    if (!keepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.write(res);
    lastLineWall = System.nanoTime();
    pump();
  }

  void writabilityChanged() {
    if (waitingWritable && ctx.channel().isWritable()) {
      waitingWritable = false;
      pump();
    }
  }

  private void pump() {
    LineSource src = source;
    ScaledClock simClock = clock;
    if (src == null || simClock == null) {
      throw new IllegalStateException("no stream to send: stream() was not called");
    }
    while (!finished) {
      if (!ctx.channel().isWritable()) {
        waitingWritable = true;
        ctx.flush();
        return;
      }
      long delay = 0;
      long wallNow = System.nanoTime();
      if (slowNanos > 0) {
        delay = lastLineWall + slowNanos - wallNow;
      }
      long due = src.nextDue();
      if (due != Long.MIN_VALUE) {
        long simDelay = due - simClock.now();
        if (simDelay > 0) {
          delay = Math.max(delay, simClock.toWall(simDelay));
        }
      }
      if (delay > 0) {
        ctx.flush();
        after(delay, this::pump);
        return;
      }
      if (streamFault != null && linesSent == streamFault.chunks() && actOnStreamFault()) {
        return;
      }
      ByteBuf line = src.next(ctx);
      if (line == null) {
        endStream();
        return;
      }
      line.writeBytes(NEWLINE);
      ctx.write(new DefaultHttpContent(line));
      linesSent++;
      lastLineWall = System.nanoTime();
    }
  }

  /** Applies the pending stream fault; returns true if it ended the exchange. */
  private boolean actOnStreamFault() {
    Fault f = streamFault;
    streamFault = null;
    if (f == null) {
      return false;
    }
    switch (f.kind()) {
      case RESET_AFTER_CHUNKS:
        resetAfterFlush();
        return true;
      case MALFORMED_LINE_AFTER_CHUNKS:
        ctx.write(
            new DefaultHttpContent(
                Unpooled.copiedBuffer(
                    "{\"model\":\"fake\",\"created_at\":<malformed\n", StandardCharsets.UTF_8)));
        closeStream(true);
        return true;
      case ERROR_LINE_AFTER_CHUNKS:
        ctx.write(
            new DefaultHttpContent(Unpooled.copiedBuffer(f.body() + "\n", StandardCharsets.UTF_8)));
        closeStream(false);
        return true;
      case TRUNCATE_AFTER_CHUNKS:
        closeStream(true);
        return true;
      default:
        return false;
    }
  }

  private void endStream() {
    if (streamFault != null && linesSent == streamFault.chunks() && actOnStreamFault()) {
      return;
    }
    closeStream(false);
  }

  private void closeStream(boolean closeConnection) {
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    end(closeConnection || !keepAlive);
  }

  /**
   * Flushes what was written, then resets shortly after: a reset that overtakes unread data makes
   * the client's kernel discard it, and the point of this fault is that the client sees the chunks.
   */
  private void resetAfterFlush() {
    ctx.channel().config().setAutoRead(false);
    abort();
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(f -> ctx.executor().schedule(this::rst, 20, TimeUnit.MILLISECONDS));
  }

  private void rst() {
    if (ctx.channel().isActive()) {
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
    }
    ctx.channel().close();
  }

  /** Resets the connection with a TCP RST. */
  public void reset() {
    rst();
    abort();
  }

  private void end(boolean close) {
    if (finished) {
      return;
    }
    runCleanups();
    if (close) {
      ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    owner.finished(this, close);
  }

  /** The client went away or the connection was reset: stop work and release everything. */
  void abort() {
    if (finished) {
      return;
    }
    runCleanups();
    owner.finished(this, true);
  }

  private void runCleanups() {
    finished = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    for (int i = cleanups.size() - 1; i >= 0; i--) {
      Runnable r = cleanups.get(i);
      try {
        r.run();
      } catch (RuntimeException e) {
        OllamaHandler.LOG.warn("Cleanup failed for {} {}", method, path, e);
      }
    }
    cleanups.clear();
    request.release();
  }
}
