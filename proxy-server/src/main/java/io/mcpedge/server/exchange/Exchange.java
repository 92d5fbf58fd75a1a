package io.mcpedge.server.exchange;

import io.mcpedge.core.config.TimeoutsConfig;
import io.mcpedge.core.http.TrustedProxies;
import io.mcpedge.core.route.RequestHead;
import io.mcpedge.core.route.Route;
import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.time.Scheduler;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AsciiString;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One request and its response as they pass through the proxy: the matched route, the request head
 * and body, the downstream channel, flow control between the two sides, cancellation and the
 * route's timers. Created by the exchange driver for each request; confined to the downstream
 * channel's event loop, which is also the event loop of every upstream channel it uses.
 */
public final class Exchange {

  /** The protocol the client speaks on this exchange. */
  public enum Protocol {
    HTTP_1_1,
    HTTP_2
  }

  private static final AttributeKey<AsciiString> CLIENT_ADDRESS_TEXT =
      AttributeKey.valueOf("mcp-edge.client-address-text");

  private final Route route;
  private final HttpRequest request;
  private final NettyRequestHead head;
  private final RequestBody body;
  private final Channel downstream;
  private final Protocol protocol;
  private final String connectionId;
  private final Scheduler scheduler;
  private final long startNanos;
  private final ExchangeRecord record = new ExchangeRecord();

  private ResponseSink terminal;
  private Consumer<Throwable> canceller;
  private Runnable onWritable;
  private boolean done;
  private ExchangeTimers timers;
  private boolean detached;
  private Object[] attrs; // keys and values, see get and set
  private ProtocolSwitch protocolSwitch;
  private InetAddress forwardedClient; // named by a trusted proxy; null: the peer is the client
  private String forwardedChain; // the X-Forwarded-For a trusted peer sent

  public Exchange(
      Route route,
      NettyRequestHead head,
      RequestBody body,
      Channel downstream,
      Protocol protocol,
      String connectionId,
      Scheduler scheduler) {
    this.route = route;
    this.request = head.request();
    this.head = head;
    this.body = body;
    this.downstream = downstream;
    this.protocol = protocol;
    this.connectionId = connectionId;
    this.scheduler = scheduler;
    this.startNanos = scheduler.getAsLong();
  }

  /**
   * An exchange the proxy runs on its own behalf (a cache refresh) for {@code parent}'s route, on
   * its event loop, that may outlive it: the client's channel lends only its event loop and
   * allocator. It has an empty body and timers of its own ({@link #start}), and never waits for the
   * client's writability, since none of its response goes to the client.
   */
  public static Exchange background(Exchange parent, HttpRequest request) {
    Exchange ex =
        new Exchange(
            parent.route,
            new NettyRequestHead(request),
            new RequestBody(parent.downstream, 0, true),
            parent.downstream,
            parent.protocol,
            parent.connectionId,
            parent.scheduler);
    ex.detached = true;
    return ex;
  }

  public Route route() {
    return route;
  }

  public String routeName() {
    return route == null ? null : route.name();
  }

  /** The request head; filters may change its headers before it goes upstream. */
  public HttpRequest request() {
    return request;
  }

  public RequestHead head() {
    return head;
  }

  public RequestBody body() {
    return body;
  }

  public Channel channel() {
    return downstream;
  }

  public EventLoop eventLoop() {
    return downstream.eventLoop();
  }

  public ByteBufAllocator alloc() {
    return downstream.alloc();
  }

  public Protocol protocol() {
    return protocol;
  }

  public String connectionId() {
    return connectionId;
  }

  public long startNanos() {
    return startNanos;
  }

  /** What the policies and the upstream learned about this exchange, for its reporters. */
  public ExchangeRecord record() {
    return record;
  }

  /** The proxy's clock (the injected ticker), in nanoseconds. */
  public long nanoTime() {
    return scheduler.getAsLong();
  }

  /**
   * Runs {@code task} on this exchange's event loop after {@code delayNanos} of the proxy's clock:
   * every timer of an exchange goes through here, so tests move the clock instead of waiting.
   */
  public Future<?> schedule(Runnable task, long delayNanos) {
    return scheduler.schedule(downstream.eventLoop(), task, delayNanos);
  }

  /**
   * Per-exchange state shared between filters and the upstream stage across attempts (for example
   * the endpoint of the previous attempt, which a retry avoids): the value set for {@code key}, or
   * {@code null}.
   */
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    Object[] a = attrs;
    if (a != null) {
      for (int i = 0; i < a.length && a[i] != null; i += 2) {
        if (a[i] == key) {
          return (T) a[i + 1];
        }
      }
    }
    return null;
  }

  /**
   * Sets per-exchange state (see {@link #get}). The exchange is confined to its event loop, so the
   * keys and values are a plain array, made on first use, rather than a concurrent attribute map.
   */
  public <T> void set(AttributeKey<T> key, T value) {
    Object[] a = attrs;
    if (a == null) {
      attrs = a = new Object[4];
    }
    int i = 0;
    for (; i < a.length && a[i] != null; i += 2) {
      if (a[i] == key) {
        a[i + 1] = value;
        return;
      }
    }
    if (i == a.length) {
      attrs = a = Arrays.copyOf(a, 2 * a.length);
    }
    a[i] = key;
    a[i + 1] = value;
  }

  /**
   * Marks this exchange as a request to switch protocols (a WebSocket upgrade): a {@code 101}
   * answer hands both channels to {@code s}; any other answer is an ordinary response.
   */
  public void setProtocolSwitch(ProtocolSwitch s) {
    this.protocolSwitch = s;
  }

  /** How to turn into a tunnel on a {@code 101}; {@code null} for ordinary exchanges. */
  public ProtocolSwitch protocolSwitch() {
    return protocolSwitch;
  }

  /**
   * Believes what a trusted proxy says of the client ({@code server.trustedProxies}): when the peer
   * is trusted and sent {@code X-Forwarded-For}, the client is the address {@link TrustedProxies}
   * finds in it, and the list is extended rather than replaced upstream. Called by the exchange
   * driver before the chain runs (whose first filter drops the field); not at all when no proxy is
   * trusted, so the default costs nothing.
   */
  public void trustForwarding(TrustedProxies trusted) {
    InetSocketAddress peer = peerAddress();
    if (peer == null || !trusted.trusts(peer.getAddress())) {
      return;
    }
    List<String> chain = request.headers().getAll(HeaderNames.X_FORWARDED_FOR);
    if (chain.isEmpty()) {
      return;
    }
    forwardedChain = String.join(", ", chain);
    forwardedClient = trusted.client(peer.getAddress(), chain);
  }

  /** The connection's peer: the client, or the proxy in front of it (for HTTP/2 streams too). */
  public InetSocketAddress peerAddress() {
    SocketAddress a = connection().remoteAddress();
    return a instanceof InetSocketAddress isa ? isa : null;
  }

  /**
   * The client's address: the peer's, or the one a trusted proxy named (see {@link
   * #trustForwarding}, port 0 then). The one source for rate limits, hashing and logs.
   */
  public InetSocketAddress clientAddress() {
    return forwardedClient != null ? new InetSocketAddress(forwardedClient, 0) : peerAddress();
  }

  /**
   * The client's IP address as text (see {@link #clientAddress}); the peer's is formatted once per
   * connection rather than once per request. {@code null} when the client has no IP address.
   */
  public AsciiString clientAddressText() {
    return forwardedClient != null
        ? new AsciiString(forwardedClient.getHostAddress())
        : peerAddressText();
  }

  /**
   * The {@code X-Forwarded-For} value to send upstream: the peer's address, appended to the list a
   * trusted peer sent (as nginx's {@code $proxy_add_x_forwarded_for} and Envoy do); {@code null}
   * when the peer has no IP address.
   */
  public CharSequence forwardedFor() {
    AsciiString peer = peerAddressText();
    if (forwardedChain == null || peer == null) {
      return peer;
    }
    return forwardedChain + ", " + peer;
  }

  private AsciiString peerAddressText() {
    Attribute<AsciiString> cached = connection().attr(CLIENT_ADDRESS_TEXT);
    AsciiString text = cached.get();
    if (text == null) {
      InetSocketAddress a = peerAddress();
      if (a == null) {
        return null;
      }
      text = new AsciiString(a.getAddress().getHostAddress());
      cached.set(text);
    }
    return text;
  }

  private Channel connection() {
    return downstream instanceof Http2StreamChannel ? downstream.parent() : downstream;
  }

  /** Answers the exchange from a filter, without going upstream. */
  public void respond(ResponseSink sink, FullHttpResponse res) {
    sink.onHead(new DefaultHttpResponse(res.protocolVersion(), res.status(), res.headers()));
    sink.onContent(new DefaultLastHttpContent(res.content(), res.trailingHeaders()));
  }

  // ---- flow control -------------------------------------------------------------------------

  public boolean isDownstreamWritable() {
    return detached || downstream.isWritable();
  }

  /** Runs {@code r} once, as soon as the client can take more bytes (at once when it can now). */
  public void whenDownstreamWritable(Runnable r) {
    if (detached || downstream.isWritable()) {
      r.run();
    } else {
      onWritable = r;
    }
  }

  /** Called by the exchange driver when the downstream channel's writability changed. */
  public void downstreamWritabilityChanged() {
    Runnable r = onWritable;
    if (r != null && downstream.isWritable()) {
      onWritable = null;
      r.run();
    }
  }

  /** Flushes what was written to the client; the upstream calls it at the end of a read batch. */
  public void flushDownstream() {
    if (!detached) {
      downstream.flush();
    }
  }

  /** Records traffic in either direction, for the idle timeout. */
  public void touch() {
    ExchangeTimers t = timers;
    if (t != null) {
      t.touch();
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /**
   * Called before the chain runs: where failures end up, and the timers (on a timer of their own).
   */
  public void start(ResponseSink terminalSink, TimeoutsConfig timeouts) {
    start(terminalSink, timeouts, null);
  }

  /**
   * Called by the exchange driver before the chain runs: where failures end up, and the timers, on
   * {@code timer} (shared with the connection's other exchanges; {@code null} for one of their
   * own).
   */
  public void start(ResponseSink terminalSink, TimeoutsConfig timeouts, DeadlineTimer timer) {
    this.terminal = terminalSink;
    this.timers = ExchangeTimers.start(this, timeouts, scheduler, timer);
  }

  /**
   * Registers how to abort the current upstream attempt; cleared with {@code null} when the attempt
   * ends. The canceller reports the cause through its sink.
   */
  public void setCanceller(Consumer<Throwable> canceller) {
    this.canceller = canceller;
  }

  /** Aborts the exchange: the current attempt (if any) is cancelled and the cause reported. */
  public void cancel(Throwable cause) {
    if (done) {
      return;
    }
    Consumer<Throwable> c = canceller;
    canceller = null;
    if (c != null) {
      c.accept(cause);
    } else if (terminal != null) {
      terminal.onError(cause);
    }
  }

  /** True once the whole-exchange timer or the idle timer fired; filters must not retry then. */
  public boolean isTimedOut() {
    return timers != null && timers.fired();
  }

  public boolean isDone() {
    return done;
  }

  /** Called by the downstream end when the response finished or failed: stops the timers. */
  public void finish() {
    if (done) {
      return;
    }
    done = true;
    canceller = null;
    onWritable = null;
    if (timers != null) {
      timers.stop();
    }
  }
}
