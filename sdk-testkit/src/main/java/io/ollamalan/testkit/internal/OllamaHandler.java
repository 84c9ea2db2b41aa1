package io.ollamalan.testkit.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.ollamalan.testkit.Fault;
import io.ollamalan.testkit.RecordedRequest;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection handler: one exchange at a time (pipelined requests wait their turn), request
 * recording, request-phase faults, then routing to {@link Api}.
 */
public final class OllamaHandler extends ChannelInboundHandlerAdapter {

  static final Logger LOG = LoggerFactory.getLogger("io.ollamalan.testkit.FakeOllamaNode");

  /**
   * The exchange a connection is serving now, as "request number, method and path", so that a leak
   * check can name a call a client left open.
   */
  static final AttributeKey<String> EXCHANGE = AttributeKey.valueOf("ollamalan.exchange");

  private final NodeContext node;
  private final Api api;
  private @Nullable Exchange current;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

  public OllamaHandler(NodeContext node, Api api) {
    this.node = node;
    this.api = api;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    FullHttpRequest req = (FullHttpRequest) msg;
    if (current != null) {
      waiting.add(req);
      return;
    }
    begin(ctx, req);
  }

  private void begin(ChannelHandlerContext ctx, FullHttpRequest req) {
    long seq = node.nextRequest();
    String path = new QueryStringDecoder(req.uri()).rawPath();
    // Named before it is counted: whoever sees the count can find the exchange.
    ctx.channel().attr(EXCHANGE).set("#" + seq + " " + req.method().name() + " " + path);
    node.inFlight().incrementAndGet();
    Exchange ex = new Exchange(ctx, req, path, this);
    current = ex;
    if (node.recording()) {
      node.record(record(seq, req));
    }
    if (!req.decoderResult().isSuccess()) {
      ex.sendText(400, Exchange.TEXT, "400 Bad Request");
      return;
    }
    List<Fault> faults = node.faults().take(path, false);
    if (faults.isEmpty()) {
      dispatch(ex);
      return;
    }
    long latency = 0;
    Fault terminal = null;
    for (Fault f : faults) {
      if (f.kind() == Fault.Kind.LATENCY) {
        latency += f.delay().toNanos();
      } else if (terminal == null) {
        terminal = f;
      }
    }
    Fault act = terminal;
    ex.after(latency, () -> applyRequestFault(ex, act));
  }

  private void applyRequestFault(Exchange ex, @Nullable Fault f) {
    if (f == null) {
      dispatch(ex);
      return;
    }
    switch (f.kind()) {
      case BUSY:
        ex.sendError(503, SchedulerException.QUEUE_FULL);
        break;
      case RESPOND:
        ex.send(
            f.status(),
            f.contentType(),
            io.netty.buffer.Unpooled.copiedBuffer(
                String.valueOf(f.body()), java.nio.charset.StandardCharsets.UTF_8));
        break;
      case RESET_BEFORE_HEADERS:
        ex.reset();
        break;
      case HANG:
        break;
      default:
        dispatch(ex);
        break;
    }
  }

  private void dispatch(Exchange ex) {
    try {
      api.handle(ex);
    } catch (ApiError e) {
      ex.sendError(e.status(), e.getMessage());
    } catch (RuntimeException e) {
      ex.fail(e);
    }
  }

  private static RecordedRequest record(long seq, FullHttpRequest req) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : req.headers()) {
      headers
          .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
          .add(h.getValue());
    }
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      e.setValue(Collections.unmodifiableList(e.getValue()));
    }
    return new RecordedRequest(
        seq,
        req.method().name(),
        req.uri(),
        Collections.unmodifiableMap(headers),
        ByteBufUtil.getBytes(req.content()));
  }

  /** Called by the exchange when its response is complete or abandoned. */
  void finished(Exchange ex, boolean closing) {
    if (current != ex) {
      return;
    }
    current = null;
    ex.ctx.channel().attr(EXCHANGE).set(null);
    node.inFlight().decrementAndGet();
    if (closing) {
      releaseWaiting();
      return;
    }
    FullHttpRequest next = waiting.poll();
    if (next != null) {
      ChannelHandlerContext ctx = ex.ctx;
      ctx.executor()
          .execute(
              () -> {
                if (ctx.channel().isActive()) {
                  begin(ctx, next);
                } else {
                  next.release();
                }
              });
    }
  }

  private void releaseWaiting() {
    FullHttpRequest r;
    while ((r = waiting.poll()) != null) {
      r.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      current.abort();
    }
    releaseWaiting();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof SocketException) && !(cause instanceof IOException)) {
      LOG.debug("Closing connection after error", cause);
    }
    ctx.close();
  }
}
