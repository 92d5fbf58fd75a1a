package io.mcpedge.server.stream;

import io.mcpedge.server.codec.UriRedaction;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket tunnel after the {@code 101}: relays bytes between the client (an HTTP/1.1
 * connection, or an HTTP/2 stream whose DATA frames carry them, RFC 8441 §5) and the upstream
 * connection. Neither side is read while the other cannot take more (both channels read on demand),
 * so a slow reader slows the writer down instead of filling memory. The exchange's timers still
 * run: its idle timer sees every byte in either direction, its request timer is the tunnel's
 * lifetime, and either closes both sides. Confined to the exchange's event loop.
 */
final class Tunnel {

  private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

  /** Which end of the tunnel a channel is. */
  enum Side {
    CLIENT,
    UPSTREAM
  }

  private final Exchange ex;
  private final Channel client;
  private final Channel upstream;
  private final boolean http2;
  private final String target;
  private ArrayDeque<ByteBuf> early;
  private ArrayDeque<Side> earlyFrom;
  private boolean started;
  private boolean clientPaused;
  private boolean upstreamPaused;
  private boolean closed;

  Tunnel(Exchange ex, Channel client, Channel upstream) {
    this.ex = ex;
    this.client = client;
    this.upstream = upstream;
    this.http2 = ex.protocol() == Exchange.Protocol.HTTP_2;
    this.target = UriRedaction.redact(ex.request().uri());
  }

  /** Both pipelines are ready: arms the exchange's canceller and starts reading both sides. */
  void start() {
    started = true;
    if (!client.isActive() || !upstream.isActive()) {
      close(null, null);
      return;
    }
    ex.setCanceller(cause -> close(null, cause));
    if (early != null) {
      ByteBuf b;
      while ((b = early.poll()) != null) {
        relay(earlyFrom.poll(), b);
      }
    }
    log.debug("{} route={} websocket open: {}", ex.connectionId(), ex.routeName(), target);
    client.flush(); // the 101 (or 200) head
    client.read();
    upstream.read();
  }

  Channel channel(Side side) {
    return side == Side.CLIENT ? client : upstream;
  }

  private Channel peer(Side side) {
    return side == Side.CLIENT ? upstream : client;
  }

  /** Bytes read on {@code from}; ownership passes here. */
  void relay(Side from, ByteBuf bytes) {
    if (!started) {
      // Bytes a codec held when it was removed: they wait until both pipelines are switched.
      if (early == null) {
        early = new ArrayDeque<>(2);
        earlyFrom = new ArrayDeque<>(2);
      }
      early.add(bytes);
      earlyFrom.add(from);
      return;
    }
    Channel to = peer(from);
    if (closed || !to.isActive()) {
      bytes.release();
      return;
    }
    ex.touch();
    Object msg = http2 && from == Side.UPSTREAM ? new DefaultHttp2DataFrame(bytes) : bytes;
    to.write(msg, to.voidPromise());
  }

  /** {@code from} finished a read batch: flush it onward, and read on while the peer keeps up. */
  void readComplete(Side from) {
    if (closed || !started) {
      return;
    }
    Channel to = peer(from);
    to.flush();
    if (to.isWritable()) {
      channel(from).read();
    } else if (from == Side.CLIENT) {
      clientPaused = true;
    } else {
      upstreamPaused = true;
    }
  }

  /** {@code side}'s channel may take more: resume reading the other side if it was paused. */
  void writabilityChanged(Side side) {
    if (closed || !channel(side).isWritable()) {
      return;
    }
    if (side == Side.UPSTREAM && clientPaused) {
      clientPaused = false;
      client.read();
    } else if (side == Side.CLIENT && upstreamPaused) {
      upstreamPaused = false;
      upstream.read();
    }
  }

  /**
   * The HTTP/2 client ended its stream (END_STREAM, the equivalent of a TCP FIN, RFC 8441 §4): what
   * it sent is flushed and the upstream connection's output is shut down.
   */
  void clientFinished() {
    if (closed) {
      return;
    }
    if (upstream instanceof DuplexChannel d) {
      upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> d.shutdownOutput());
    } else {
      close(Side.CLIENT, null);
    }
  }

  /**
   * Ends the tunnel: {@code from} closed (or failed with {@code cause}), or, with {@code from}
   * null, a timer expired or the exchange was cancelled. An orderly close by one side lets the
   * other receive what was already relayed before it is closed; a failure closes it at once.
   */
  void close(Side from, Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    ex.finish();
    ex.body().release(); // the handshake's empty body, still held by the exchange
    if (early != null) {
      early.forEach(ByteBuf::release);
      early.clear();
    }
    if (from == null) {
      log.info(
          "{} route={} websocket closed: {} ({})",
          ex.connectionId(),
          ex.routeName(),
          cause == null ? "closed" : cause.getMessage(),
          target);
      closeAtOnce(client);
      closeAtOnce(upstream);
      return;
    }
    log.debug(
        "{} route={} websocket closed by the {}{} ({})",
        ex.connectionId(),
        ex.routeName(),
        from == Side.CLIENT ? "client" : "upstream",
        cause == null ? "" : ": " + Failure.classify(cause).reason() + ", " + cause,
        target);
    Channel other = peer(from);
    if (cause != null) {
      closeAtOnce(other);
    } else if (http2 && from == Side.UPSTREAM) {
      // END_STREAM after the relayed bytes, then RST_STREAM(NO_ERROR): nothing more is wanted.
      other
          .writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true))
          .addListener(
              f ->
                  other
                      .writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR))
                      .addListener(ChannelFutureListener.CLOSE));
    } else {
      other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static void closeAtOnce(Channel ch) {
    if (ch.isOpen()) {
      ch.close();
    }
  }
}
