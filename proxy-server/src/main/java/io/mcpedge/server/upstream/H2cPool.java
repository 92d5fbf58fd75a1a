package io.mcpedge.server.upstream;

import io.mcpedge.core.config.PoolConfig;
import io.mcpedge.core.policy.overload.OverloadGuard;
import io.mcpedge.server.time.Scheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiplexed h2c connections to one endpoint from one event loop. Streams go to the first
 * connection with room under the peer's {@code SETTINGS_MAX_CONCURRENT_STREAMS}; a new connection
 * opens only when every one is full, up to {@code maxH2Connections}. A connection that receives
 * {@code GOAWAY} takes no new streams and closes when its last stream ends.
 */
final class H2cPool implements ConnectionPool {

  /** One upstream HTTP/2 connection and what the pool knows of it. */
  final class Conn {
    final Channel channel;
    long maxStreams = Long.MAX_VALUE;
    int active;
    boolean ready;
    boolean draining;
    long idleSince;
    private Http2FrameCodec codec;

    Conn(Channel channel) {
      this.channel = channel;
    }

    /** Whether the codec itself would accept one more local stream now. */
    boolean canOpenStream() {
      if (codec == null) {
        codec = channel.pipeline().get(Http2FrameCodec.class);
      }
      return codec != null && codec.connection().local().canOpenStream();
    }

    void onSettings(Long maxConcurrentStreams) {
      if (maxConcurrentStreams != null) {
        maxStreams = maxConcurrentStreams;
      }
      ready = true;
      serveWaiters();
    }

    void onGoAway() {
      draining = true;
      if (active == 0) {
        channel.close();
      }
      serveWaiters();
    }
  }

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final ChannelHandler streamInitializer;
  private final int maxConnections;
  private final long idleTimeoutNanos;
  private final Scheduler scheduler;
  private final OverloadGuard guard;
  private final UpstreamObserver observer;
  private final List<Conn> conns = new ArrayList<>(2);
  private final ArrayDeque<LeaseCallback> waiters = new ArrayDeque<>();
  private boolean closed;

  H2cPool(
      EventLoop loop,
      Bootstrap bootstrap,
      ChannelHandler streamInitializer,
      PoolConfig config,
      Scheduler scheduler,
      OverloadGuard guard,
      UpstreamObserver observer) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.streamInitializer = streamInitializer;
    this.maxConnections = Math.max(1, config.maxH2Connections());
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
    this.scheduler = scheduler;
    this.guard = guard;
    this.observer = observer;
  }

  /** Connections open or opening, for tests and metrics. */
  int connections() {
    return conns.size();
  }

  @Override
  public void acquire(LeaseCallback cb) {
    Conn c = available();
    if (c != null) {
      openStream(c, cb);
      return;
    }
    waiters.add(cb);
    maybeConnect();
  }

  private Conn available() {
    for (int i = 0; i < conns.size(); i++) {
      Conn c = conns.get(i);
      if (c.ready
          && !c.draining
          && c.active < c.maxStreams
          && c.channel.isActive()
          && c.canOpenStream()) {
        return c;
      }
    }
    return null;
  }

  private void maybeConnect() {
    // A closed pool still connects for its waiters (exchanges that started before the close);
    // the connection closes when its last stream ends.
    if (conns.size() >= maxConnections) {
      return;
    }
    for (Conn c : conns) {
      if (!c.ready) {
        return; // one connection at a time is being opened
      }
    }
    if (guard != null && !guard.tryAcquireConnection()) {
      if (conns.isEmpty()) {
        failWaiters(Overload.CONNECTIONS); // nothing here to wait for
      }
      return;
    }
    ChannelFuture f = bootstrap.connect();
    Conn c = new Conn(f.channel());
    f.channel().attr(H2cConnectionHandler.CONN).set(c);
    conns.add(c);
    f.channel().closeFuture().addListener(x -> onClosed(c));
    f.addListener(
        x -> {
          if (!x.isSuccess()) {
            failWaiters(x.cause());
          }
        });
    // To an https:// endpoint the connection is usable only after its handshake: a refused
    // certificate closes it before any SETTINGS, which the waiters must hear about.
    SslHandler tls = f.channel().pipeline().get(SslHandler.class);
    if (tls != null) {
      tls.handshakeFuture()
          .addListener(
              h -> {
                if (!h.isSuccess() && f.isSuccess()) {
                  failWaiters(h.cause());
                }
              });
    }
  }

  private void openStream(Conn c, LeaseCallback cb) {
    c.active++;
    observer.streams(1);
    new Http2StreamChannelBootstrap(c.channel)
        .option(ChannelOption.AUTO_READ, false)
        .handler(streamInitializer)
        .open()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                streamEnded(c);
                cb.onLeaseFailed(f.cause());
                return;
              }
              Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
              stream.closeFuture().addListener(x -> streamEnded(c));
              if (cb.isCancelled()) {
                stream.close();
              } else {
                cb.onLease(new H2Lease(stream));
              }
            });
  }

  private void streamEnded(Conn c) {
    c.active--;
    observer.streams(-1);
    if (c.active == 0) {
      if (c.draining || closed) {
        c.channel.close();
      } else {
        c.idleSince = scheduler.getAsLong();
        scheduler.schedule(loop, () -> closeIfIdle(c), idleTimeoutNanos);
      }
    }
    if (!waiters.isEmpty()) {
      // The codec counts the stream as active until this close notification returns.
      loop.execute(this::serveWaiters);
    }
  }

  private void closeIfIdle(Conn c) {
    if (c.active == 0 && scheduler.getAsLong() - c.idleSince >= idleTimeoutNanos) {
      c.channel.close();
    }
  }

  private void serveWaiters() {
    LeaseCallback w;
    while ((w = waiters.peek()) != null) {
      if (w.isCancelled()) {
        waiters.poll();
        continue;
      }
      Conn c = available();
      if (c == null) {
        maybeConnect();
        return;
      }
      waiters.poll();
      openStream(c, w);
    }
  }

  private void onClosed(Conn c) {
    conns.remove(c);
    if (guard != null) {
      guard.releaseConnection();
    }
    if (!c.ready) {
      return; // the connect listener reports the failure
    }
    serveWaiters();
  }

  private void failWaiters(Throwable cause) {
    LeaseCallback w;
    while ((w = waiters.poll()) != null) {
      if (!w.isCancelled()) {
        w.onLeaseFailed(cause);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Conn c : List.copyOf(conns)) {
      if (c.active == 0) {
        c.channel.close();
      }
    }
  }

  private static final class H2Lease implements Lease {
    private final Http2StreamChannel stream;

    H2Lease(Http2StreamChannel stream) {
      this.stream = stream;
    }

    @Override
    public Channel channel() {
      return stream;
    }

    @Override
    public void release(boolean reusable) {
      // A finished stream is already closed; an unfinished one is reset (RST_STREAM CANCEL).
      stream.close();
    }
  }
}
