package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.ServerConfig;
import io.mcpedge.core.route.RouteTable;
import io.mcpedge.server.EmbeddedHttp;
import io.mcpedge.server.TestConfigs;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.FilterChain;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.route.RouteTableSnapshot;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the downstream end writes a response's head: with a declared length, together with the
 * body's first content (one message for a whole short answer); without one (streams), at once.
 * Which interim answers it writes ahead of it, and to whom.
 */
class DownstreamSinkTest {

  /** The last exchange's sink, driven by the test. */
  private ResponseSink sink;

  private EmbeddedChannel channel() {
    var route = TestConfigs.direct("any", "/", 200, "unused");
    Next stage = (Exchange ex, ResponseSink s) -> sink = s;
    RouteTableSnapshot routes =
        new RouteTableSnapshot(
            RouteTable.compile(List.of(route)), List.of(new FilterChain(List.of(), stage)));
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline()
        .addLast(
            new DownstreamInitializer(
                routes,
                new ServerState(),
                new ServerConfig(
                    1,
                    Duration.ofSeconds(30),
                    128,
                    ByteSize.ofBytes(4096),
                    ByteSize.ofBytes(4096),
                    Duration.ofSeconds(30)),
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE),
                System::nanoTime));
    return ch;
  }

  private static DefaultHttpResponse head(String contentLength) {
    DefaultHttpResponse h = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    if (contentLength != null) {
      h.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    }
    return h;
  }

  private static LastHttpContent last(String text) {
    return new DefaultLastHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
  }

  @Test
  void aHeadWithALengthWaitsForItsBodyAndGoesWithIt() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    sink.onHead(head("5"));
    ch.flush();
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEmpty();
    sink.onContent(last("hello"));
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("content-length: 5\r\n")
        .endsWith("\r\n\r\nhello");
    assertThat(ch.isOpen()).isTrue();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aBodyInPiecesFollowsTheHeadWrittenWithTheFirstPiece() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    sink.onHead(head("10"));
    sink.onContent(
        new DefaultHttpContent(Unpooled.copiedBuffer("01234", StandardCharsets.US_ASCII)));
    ch.flush();
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .endsWith("\r\n\r\n01234");
    sink.onContent(last("56789"));
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEqualTo("56789");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aStreamsHeadIsWrittenAtOnce() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /events HTTP/1.1\r\nHost: a\r\n\r\n");
    DefaultHttpResponse h = head(null);
    h.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
    sink.onHead(h);
    ch.flush();
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("transfer-encoding: chunked\r\n")
        .endsWith("\r\n\r\n");
    sink.onContent(last("data: x\n\n"));
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEqualTo("9\r\ndata: x\n\n\r\n0\r\n\r\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  private static DefaultHttpResponse interim(int code) {
    DefaultHttpResponse h =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code));
    h.headers().set("link", "</a.css>; rel=preload");
    return h;
  }

  /** RFC 9110 §15.2: 103 goes ahead of the final answer; 100 and 102 end here. */
  @Test
  void earlyHintsAreWrittenAheadOfTheFinalAnswerAndContinueAndProcessingAreNot() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    sink.onInterim(interim(100));
    sink.onInterim(interim(102));
    sink.onInterim(interim(103));
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .isEqualTo("HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n\r\n");
    sink.onHead(head("5"));
    sink.onInterim(interim(103)); // too late: the final answer has started
    sink.onContent(last("hello"));
    assertThat(EmbeddedHttp.drainOutbound(ch))
        .startsWith("HTTP/1.1 200 OK\r\n")
        .doesNotContain("link")
        .endsWith("\r\n\r\nhello");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void anHttp10ClientGetsNoInterimAnswer() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /a HTTP/1.0\r\nHost: a\r\n\r\n");
    sink.onInterim(interim(103));
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEmpty();
    sink.onHead(head("5"));
    sink.onContent(last("hello"));
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 200 OK\r\n");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aFailureBeforeTheBodyOfAHeldHeadClosesTheConnection() {
    EmbeddedChannel ch = channel();
    EmbeddedHttp.send(ch, "GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    sink.onHead(head("5"));
    sink.onError(new java.io.IOException("upstream reset"));
    assertThat(EmbeddedHttp.drainOutbound(ch)).isEmpty();
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }
}
