package io.mcpedge.server.stream;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.KeepaliveContent;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Keeps quiet SSE streams open through intermediaries that cut idle connections: when a {@code
 * text/event-stream} answer has carried nothing for {@code stream.sseKeepalive}, a comment line
 * ({@code : keepalive}, which clients ignore: WHATWG HTML §9.2.6) goes to the client. It is sent
 * only at an event boundary, never inside an event the origin has begun. Present only on routes
 * that set {@code sseKeepalive}; runs right after edge security, above the rate limit and the cache
 * (see {@code io.mcpedge.server.route.RouteChains}), so the comment reaches the client only and
 * never a cache. Comments are not traffic: they do not reset the route's idle timeout.
 */
public final class SseKeepaliveFilter implements ExchangeFilter {

  private static final byte[] COMMENT = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final long intervalNanos;

  public SseKeepaliveFilter(Duration interval) {
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("sseKeepalive: " + interval + " (expected: > 0)");
    }
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    next.proceed(ex, new KeepaliveSink(ex, sink, intervalNanos));
  }

  private static final class KeepaliveSink implements ResponseSink {
    private final Exchange ex;
    private final ResponseSink next;
    private final long intervalNanos;
    private final EventBoundary boundary = new EventBoundary();
    private long lastNanos;
    private Future<?> timer;
    private boolean ended;

    KeepaliveSink(Exchange ex, ResponseSink next, long intervalNanos) {
      this.ex = ex;
      this.next = next;
      this.intervalNanos = intervalNanos;
    }

    @Override
    public void onInterim(HttpResponse interim) {
      next.onInterim(interim);
    }

    @Override
    public void onHead(HttpResponse head) {
      next.onHead(head);
      if (SseDetector.isEventStream(head) && !ended) {
        lastNanos = ex.nanoTime();
        schedule(intervalNanos);
      }
    }

    @Override
    public void onContent(HttpContent chunk) {
      if (chunk instanceof LastHttpContent) {
        stop();
      } else if (timer != null) {
        lastNanos = ex.nanoTime();
        boundary.update(chunk.content());
      }
      next.onContent(chunk);
    }

    @Override
    public void onError(Throwable cause) {
      stop();
      next.onError(cause);
    }

    private void schedule(long delayNanos) {
      timer = ex.schedule(this::tick, delayNanos);
    }

    private void tick() {
      if (ended || ex.isDone()) {
        return;
      }
      long quiet = ex.nanoTime() - lastNanos;
      if (quiet >= intervalNanos && boundary.atBoundary() && ex.isDownstreamWritable()) {
        next.onContent(new KeepaliveContent(Unpooled.wrappedBuffer(COMMENT)));
        ex.flushDownstream();
        lastNanos = ex.nanoTime();
        quiet = 0;
      }
      schedule(Math.max(intervalNanos - quiet, intervalNanos / 8));
    }

    private void stop() {
      ended = true;
      if (timer != null) {
        timer.cancel(false);
      }
    }
  }
}
