package io.mcpedge.server.pipeline;

import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.concurrent.atomic.LongAdder;

/**
 * The downstream connection counts of one server, kept by the listeners' pipelines for the metrics
 * to read: a {@link ConnectionMetricsHandler} per protocol and the HTTP/2 streams open across all
 * connections. It exists only with metrics on; without it the initializer adds no handler.
 */
public final class ConnectionMetrics {

  private final ConnectionMetricsHandler http1 = new ConnectionMetricsHandler();
  private final ConnectionMetricsHandler http2 = new ConnectionMetricsHandler();
  private final LongAdder h2Streams = new LongAdder();

  /** Told by every downstream HTTP/2 connection as its streams open and close. */
  private final Http2ConnectionAdapter streamListener =
      new Http2ConnectionAdapter() {
        @Override
        public void onStreamActive(Http2Stream stream) {
          h2Streams.increment();
        }

        @Override
        public void onStreamClosed(Http2Stream stream) {
          h2Streams.decrement();
        }
      };

  /** The handler of connections that speak HTTP/1.1 (every connection starts as one). */
  public ConnectionMetricsHandler http1() {
    return http1;
  }

  /** The handler of connections that turned into HTTP/2. */
  public ConnectionMetricsHandler http2() {
    return http2;
  }

  /** HTTP/2 streams open now, on all downstream connections. */
  public long h2Streams() {
    return h2Streams.sum();
  }

  Http2ConnectionAdapter streamListener() {
    return streamListener;
  }
}
