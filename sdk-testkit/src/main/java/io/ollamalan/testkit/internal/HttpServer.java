package io.ollamalan.testkit.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The Netty listener of one node: HTTP/1.1 keep-alive, bounded aggregation, connection tracking.
 */
public final class HttpServer {

  /** Largest accepted request body. */
  public static final int MAX_CONTENT = 64 * 1024 * 1024;

  private static final long RELEASE_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long RELEASE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final NodeContext node;
  private final EventLoopGroup group;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private @Nullable Channel listener;

  public HttpServer(NodeContext node, EventLoopGroup group) {
    this.node = node;
    this.group = group;
  }

  /** Binds and returns the bound address; rethrows the bind failure's cause. */
  public InetSocketAddress start(InetSocketAddress address) throws Exception {
    Api api = new Api(node);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.pipeline()
                        .addLast("codec", new HttpServerCodec())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_CONTENT))
                        .addLast("ollama", new OllamaHandler(node, api));
                  }
                });
    Channel ch = b.bind(address).sync().channel();
    listener = ch;
    return (InetSocketAddress) ch.localAddress();
  }

  /** Closes the listener and every open connection, and waits for them to close. */
  public void stop() {
    Channel l = listener;
    listener = null;
    if (l != null) {
      SocketAddress bound = l.localAddress();
      l.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      awaitReleased(bound);
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /**
   * Waits until the kernel no longer listens on {@code address}. NIO closes a listener registered
   * with a selector only when its event loop next selects, which on a busy machine can come after
   * the close has returned; until then the kernel completes connections to it, and resets them when
   * the socket closes, after the client may have sent its request. A stopped node refuses
   * connections, as a stopped Ollama does.
   */
  private static void awaitReleased(@Nullable SocketAddress address) {
    if (!(address instanceof InetSocketAddress a)) {
      return;
    }
    long deadline = System.nanoTime() + RELEASE_PATIENCE_NANOS;
    while (true) {
      // Binding without listening fails while another socket listens there (SO_REUSEADDR lets it
      // pass connections in TIME_WAIT), and accepts no connection of its own.
      try (Socket probe = new Socket()) {
        probe.setReuseAddress(true);
        probe.bind(a);
        return;
      } catch (BindException e) {
        if (System.nanoTime() - deadline >= 0) {
          return;
        }
        LockSupport.parkNanos(RELEASE_PAUSE_NANOS);
      } catch (IOException e) {
        return;
      }
    }
  }

  public boolean running() {
    Channel l = listener;
    return l != null && l.isActive();
  }

  /** Open client connections. */
  public int openConnections() {
    return connections.size();
  }

  /**
   * Open client connections by an identity unique in this JVM, each described by the client's
   * address and port.
   */
  public Map<String, String> connectionsById() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Channel c : connections) {
      if (c.isOpen()) {
        out.put(c.id().asLongText(), "connection from " + c.remoteAddress());
      }
    }
    return out;
  }

  /**
   * Requests being served now (a response not yet complete), by an identity unique in this JVM,
   * each described by its request number, method, path and client address.
   */
  public Map<String, String> exchangesById() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Channel c : connections) {
      String ex = c.attr(OllamaHandler.EXCHANGE).get();
      if (ex != null && c.isOpen()) {
        out.put(c.id().asLongText() + ex, "request " + ex + " from " + c.remoteAddress());
      }
    }
    return out;
  }
}
