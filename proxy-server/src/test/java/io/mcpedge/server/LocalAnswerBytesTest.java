package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.AdminConfig;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.policy.ratelimit.RateLimitDecision;
import io.mcpedge.core.policy.ratelimit.RateLimitQuota;
import io.mcpedge.core.policy.ratelimit.RateLimiter;
import io.mcpedge.core.route.RouteTable;
import io.mcpedge.server.admin.AdminInitializer;
import io.mcpedge.server.admin.AdminPages;
import io.mcpedge.server.admin.CacheAdminEndpoint;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.FilterChain;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.pipeline.DownstreamInitializer;
import io.mcpedge.server.policy.RateLimitFilter;
import io.mcpedge.server.policy.RejectionCounters;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.mcpedge.server.time.Scheduler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exact bytes of the answers the proxy gives itself (status line, headers in order, body), as a
 * client reads them from the downstream pipeline: a refactoring of where answers are built must not
 * change a byte of them.
 */
@Timeout(10)
class LocalAnswerBytesTest {

  private static final String CLOSE_408 =
      "HTTP/1.1 408 Request Timeout\r\n"
          + "content-type: text/plain; charset=utf-8\r\n"
          + "content-length: 20\r\n"
          + "cache-control: no-store\r\n"
          + "connection: close\r\n\r\n"
          + "408 Request Timeout\n";

  private final ServerConfig server =
      new ServerConfig(
          1,
          Duration.ofSeconds(1),
          128,
          ByteSize.ofBytes(512),
          ByteSize.ofBytes(1024),
          Duration.ofSeconds(2));

  private static Next failing(Failure failure) {
    return (ex, sink) -> {
      ex.body().release();
      sink.onError(new ProxyException(failure, "pinned"));
    };
  }

  private static RateLimiter refusing() {
    RateLimitQuota quota = new RateLimitQuota("tools", 5, 10);
    return new RateLimiter() {
      @Override
      public RateLimitDecision tryAcquire(String key) {
        return new RateLimitDecision(false, 0, 3, 3, quota);
      }

      @Override
      public RateLimitQuota quota() {
        return quota;
      }

      @Override
      public long rejections() {
        return 0;
      }
    };
  }

  private EmbeddedChannel channel() {
    var limited = TestConfigs.route("limited", MatchType.PATH_PREFIX, "/limited", "u");
    var down = TestConfigs.route("down", MatchType.PATH_PREFIX, "/down", "u");
    var slow = TestConfigs.route("slow", MatchType.PATH_PREFIX, "/slow", "u");
    var deny = TestConfigs.direct("deny", "/deny", 403, "no");
    RouteTableSnapshot routes =
        new RouteTableSnapshot(
            RouteTable.compile(List.of(limited, down, slow, deny)),
            List.of(
                new FilterChain(
                    List.of(new RateLimitFilter(refusing(), ex -> null, new RejectionCounters())),
                    failing(Failure.INTERNAL)),
                new FilterChain(List.of(), failing(Failure.CONNECT_FAILED)),
                new FilterChain(List.of(), failing(Failure.UPSTREAM_TIMEOUT)),
                new FilterChain(
                    List.of(),
                    new io.mcpedge.server.answer.DirectResponseStage(deny.directResponse()))));
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    // The proxy's clock is the embedded event loop's, which headerTimeout408Closes moves.
    Ticker loopTime = ((AbstractScheduledEventExecutor) ch.eventLoop()).ticker();
    ch.pipeline()
        .addLast(
            new DownstreamInitializer(
                routes,
                new ServerState(),
                server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE),
                loopTime::nanoTime));
    return ch;
  }

  private static String exchange(EmbeddedChannel ch, String request) {
    EmbeddedHttp.send(ch, request);
    return EmbeddedHttp.drainOutbound(ch);
  }

  @Test
  void rateLimited429WithRetryAfterAndRateLimitHeaders() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "GET /limited HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 429 Too Many Requests\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 52\r\n"
                + "cache-control: no-store\r\n"
                + "retry-after: 3\r\n"
                + "ratelimit-policy: \"tools\";q=5;w=1\r\n"
                + "ratelimit: \"tools\";r=0;t=3\r\n\r\n"
                + "429 Too Many Requests: rate limited (route limited)\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void upstreamFailure502AndTimeout504() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "GET /down HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 502 Bad Gateway\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 57\r\n"
                + "cache-control: no-store\r\n\r\n"
                + "502 Bad Gateway: upstream connection failed (route down)\n");
    assertThat(exchange(ch, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 504 Gateway Timeout\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 59\r\n"
                + "cache-control: no-store\r\n\r\n"
                + "504 Gateway Timeout: upstream attempt timeout (route slow)\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void headAnswerHasTheHeadersAndNoBody() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "HEAD /down HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 502 Bad Gateway\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 57\r\n"
                + "cache-control: no-store\r\n\r\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void http10ClientGetsCloseOnAFailure() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "GET /down HTTP/1.0\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 502 Bad Gateway\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 57\r\n"
                + "cache-control: no-store\r\n"
                + "connection: close\r\n\r\n"
                + "502 Bad Gateway: upstream connection failed (route down)\n");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void badTarget400ClosesAndNoRoute404() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "GET nope HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 400 Bad Request\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 40\r\n"
                + "cache-control: no-store\r\n"
                + "connection: close\r\n\r\n"
                + "400 Bad Request: invalid request target\n");
    assertFalse(ch.finishAndReleaseAll());
    ch = channel();
    assertThat(exchange(ch, "GET /other HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 404 Not Found\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 41\r\n"
                + "cache-control: no-store\r\n\r\n"
                + "404 Not Found: no route for this request\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void directResponse() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "GET /deny HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 403 Forbidden\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 3\r\n"
                + "cache-control: no-store\r\n\r\n"
                + "no\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void malformedRequest400AndOversizedHead431Close() {
    EmbeddedChannel ch = channel();
    assertThat(exchange(ch, "GET / HTTP/1.1\r\nHost a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 400 Bad Request\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 35\r\n"
                + "cache-control: no-store\r\n"
                + "connection: close\r\n\r\n"
                + "400 Bad Request: malformed request\n");
    assertFalse(ch.finishAndReleaseAll());
    EmbeddedChannel big = channel();
    assertThat(exchange(big, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "y".repeat(600) + "\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 36\r\n"
                + "cache-control: no-store\r\n"
                + "connection: close\r\n\r\n"
                + "431 Request Header Fields Too Large\n");
    assertFalse(big.finishAndReleaseAll());
  }

  @Test
  void headerTimeout408Closes() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /deny HTTP/1.1\r\nHost:");
    ch.advanceTimeBy(3, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEqualTo(CLOSE_408);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void adminAnswers() {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new AdminInitializer(
                new ServerState(),
                new AdminConfig(new HostPort("127.0.0.1", 0), "secret"),
                TestConfigs.server(),
                Scheduler.system(),
                new AdminPages(new CacheAdminEndpoint(null), null, null, null)));
    assertThat(exchange(ch, "POST /cache/purge?url=http://a/ HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 401 Unauthorized\r\n"
                + "content-type: application/json\r\n"
                + "content-length: 100\r\n"
                + "cache-control: no-store\r\n"
                + "www-authenticate: Bearer realm=\"mcp-edge admin\"\r\n\r\n"
                + "{\"error\":\"this page needs the admin token as a bearer token"
                + " (Authorization: Bearer <admin.token>)\"}\n");
    assertThat(exchange(ch, "GET /health HTTP/1.0\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 3\r\n"
                + "cache-control: no-store\r\n"
                + "connection: close\r\n\r\n"
                + "ok\n");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }
}
