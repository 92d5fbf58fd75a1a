package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.route.RouteTable;
import io.mcpedge.server.EmbeddedHttp;
import io.mcpedge.server.TestConfigs;
import io.mcpedge.server.answer.DirectResponseStage;
import io.mcpedge.server.channel.PipelineNames;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.exchange.FilterChain;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The downstream pipeline end to end in memory: HTTP/1.1 exchanges (routing, direct responses, 404,
 * keep-alive, pipelining), the request limits (414, 431, 408), and the switch to HTTP/2 on the
 * prior-knowledge preface.
 */
class DownstreamInitializerTest {

  private final ServerState state = new ServerState();
  private final ServerConfig server =
      new ServerConfig(
          1,
          Duration.ofSeconds(1),
          128,
          ByteSize.ofBytes(512),
          ByteSize.ofBytes(1024),
          Duration.ofSeconds(2));

  private EmbeddedChannel channel() {
    var deny = TestConfigs.direct("deny", "/deny", 403, "no");
    var hello = TestConfigs.direct("hello", "/hello", 200, "hi");
    RouteTableSnapshot routes =
        new RouteTableSnapshot(
            RouteTable.compile(List.of(deny, hello)),
            List.of(
                new FilterChain(List.of(), new DirectResponseStage(deny.directResponse())),
                new FilterChain(List.of(), new DirectResponseStage(hello.directResponse()))));
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.freezeTime();
    // The proxy's clock is the embedded event loop's, which the tests move with advanceTimeBy.
    Ticker loopTime = ((AbstractScheduledEventExecutor) ch.eventLoop()).ticker();
    ch.pipeline()
        .addLast(
            new DownstreamInitializer(
                routes,
                state,
                server,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE),
                loopTime::nanoTime));
    return ch;
  }

  @Test
  void directResponsesAnd404KeepTheConnectionAlive() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /deny/x HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 403 Forbidden")
        .contains("content-length: 3")
        .endsWith("\r\n\r\nno\n");
    EmbeddedHttp.send(ch, "GET /other HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 404 Not Found")
        .contains("no route for this request");
    assertThat(ch.isOpen()).isTrue();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void theUpgradeHandlerLeavesAfterTheFirstPlainRequest() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 200");
    assertThat(ch.pipeline().get(HttpServerUpgradeHandler.class)).isNull();
    EmbeddedHttp.send(ch, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 200").endsWith("hi\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(
        ch,
        "GET /hello HTTP/1.1\r\nHost: a\r\n\r\nGET /deny HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    String out = EmbeddedHttp.drainOutbound(ch);
    assertThat(out.split("HTTP/1.1 ")).hasSize(4);
    assertThat(out.indexOf("200 OK")).isLessThan(out.indexOf("403 Forbidden"));
    assertThat(out.lastIndexOf("200 OK")).isGreaterThan(out.indexOf("403 Forbidden"));
    String last = out.substring(out.lastIndexOf("HTTP/1.1 "));
    assertThat(last).startsWith("HTTP/1.1 200").contains("connection: close").endsWith("hi\n");
    assertThat(ch.isOpen()).as("closed after Connection: close").isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void tooLongRequestLineIs414AndCloses() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /" + "x".repeat(200) + " HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 414");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void tooLargeHeaderBlockIs431AndCloses() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "y".repeat(600) + "\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 431");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aPartialHeadPastTheHeaderTimeoutIs408() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /hello HTTP/1.1\r\nHost:");
    ch.advanceTimeBy(3, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 408");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void afterAnAnsweredRequestAnIdleConnectionIsClosedWithout408() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 200");
    ch.advanceTimeBy(3, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEmpty();
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void theHeaderTimeoutCountsFromTheLatestResponse() {
    EmbeddedChannel ch = channel();
    ch.advanceTimeBy(1500, TimeUnit.MILLISECONDS);
    EmbeddedHttp.send(ch, "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 200");
    ch.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(ch.isOpen()).as("2.5 s after connecting, 1 s after the response").isTrue();
    ch.advanceTimeBy(1100, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEmpty();
    assertThat(ch.isOpen()).as("2.1 s after the response").isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedSilently() {
    EmbeddedChannel ch = channel();
    ch.advanceTimeBy(3, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEmpty();
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void theHttp2PrefaceSwitchesTheConnectionToHttp2() {
    EmbeddedChannel ch = channel();
    ch.writeInbound(Http2CodecUtil.connectionPrefaceBuf());
    assertThat(ch.pipeline().get(Http2FrameCodec.class)).isNotNull();
    assertThat(ch.pipeline().get(PipelineNames.EXCHANGE)).isNull();
    assertThat(ch.pipeline().get(PipelineNames.HEADER_TIMEOUT)).isNull();
    assertThat(ch.config().isAutoRead()).isTrue();
    assertThat(EmbeddedHttp.drainOutbound(ch)).as("the server's SETTINGS").isNotEmpty();
    ch.close();
    EmbeddedHttp.drainOutbound(ch);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void anHttp10ClientGetsAnHttp11AnswerAndTheConnectionCloses() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /hello HTTP/1.0\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 200")
        .contains("connection: close")
        .endsWith("hi\n");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void expectContinueOnADeniedRouteIsAnsweredWithoutContinueAndCloses() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(
        ch,
        "POST /deny HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n"
            + "Expect: 100-continue\r\n\r\n");
    String out = EmbeddedHttp.drainOutbound(ch);
    assertThat(out).startsWith("HTTP/1.1 403").contains("connection: close").doesNotContain("100");
    assertThat(ch.isOpen()).as("the unread body makes the connection unusable").isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void drainClosesAnIdleHttp1Connection() {
    EmbeddedChannel ch = channel();
    ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }
}
