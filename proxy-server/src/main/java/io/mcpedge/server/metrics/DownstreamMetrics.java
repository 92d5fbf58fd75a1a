package io.mcpedge.server.metrics;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.pipeline.ConnectionMetrics;
import io.mcpedge.server.pipeline.ConnectionMetricsHandler;
import io.mcpedge.server.stream.SseDetector;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpResponse;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The client side's connections and streams: open connections and wire bytes per protocol (kept by
 * the listeners' {@link ConnectionMetricsHandler}s), and the long-lived streams open now by kind:
 * HTTP/2 streams, Server-Sent Events answers and WebSocket tunnels. An event stream counts from its
 * response head to its end; a tunnel from the upstream's {@code 101} (sent on to the client as a
 * {@code 101}, or as the {@code 200} of an HTTP/2 extended CONNECT) until its client channel
 * closes.
 */
public final class DownstreamMetrics implements ExchangeObserver {

  static final String CONNECTIONS = "edge.downstream.active_connections";
  static final String STREAMS = "edge.downstream.active_streams";
  static final String IO = "edge.downstream.io";

  private final LongAdder sse = new LongAdder();
  private final LongAdder websockets = new LongAdder();
  private final ChannelFutureListener tunnelClosed = f -> websockets.decrement();

  public DownstreamMetrics(MeterRegistry registry, ConnectionMetrics connections) {
    register(registry, "1.1", connections.http1());
    register(registry, "2", connections.http2());
    stream(registry, "h2", connections, ConnectionMetrics::h2Streams);
    stream(registry, "sse", sse, LongAdder::sum);
    stream(registry, "websocket", websockets, LongAdder::sum);
  }

  private static void register(MeterRegistry registry, String version, ConnectionMetricsHandler h) {
    Gauge.builder(CONNECTIONS, h, ConnectionMetricsHandler::open)
        .description("Client connections open, by protocol")
        .tag("network.protocol.version", version)
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(IO, h, ConnectionMetricsHandler::bytesIn)
        .description("Bytes on client connections, by direction and protocol")
        .baseUnit("bytes")
        .tag("network.io.direction", "receive")
        .tag("network.protocol.version", version)
        .register(registry);
    FunctionCounter.builder(IO, h, ConnectionMetricsHandler::bytesOut)
        .description("Bytes on client connections, by direction and protocol")
        .baseUnit("bytes")
        .tag("network.io.direction", "transmit")
        .tag("network.protocol.version", version)
        .register(registry);
  }

  private static <T> void stream(
      MeterRegistry registry, String kind, T source, ToDoubleFunction<T> f) {
    Gauge.builder(STREAMS, source, f)
        .description("Client streams open now: HTTP/2 streams, SSE answers, WebSocket tunnels")
        .tag("stream", kind)
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void responseStarted(Exchange ex, HttpResponse head) {
    if (SseDetector.isEventStream(head)) {
      sse.increment();
      ex.record().eventStream(true);
    }
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    if (ex.record().eventStream()) {
      ex.record().eventStream(false);
      sse.decrement();
    }
    if (status == 101 && ex.protocolSwitch() != null) {
      // The upstream switched: the client's connection (or HTTP/2 stream) is now a tunnel.
      websockets.increment();
      ex.channel().closeFuture().addListener(tunnelClosed);
    }
  }
}
