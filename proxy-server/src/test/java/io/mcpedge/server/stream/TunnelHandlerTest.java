package io.mcpedge.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tunnel's handlers on both channels, HTTP/1.1 and HTTP/2 clients, with embedded channels. */
@Timeout(10)
class TunnelHandlerTest {

  private static final ResponseSink NO_SINK =
      new ResponseSink() {
        @Override
        public void onHead(HttpResponse head) {}

        @Override
        public void onContent(HttpContent chunk) {
          chunk.release();
        }

        @Override
        public void onError(Throwable cause) {}
      };

  private final EmbeddedChannel client = new EmbeddedChannel();
  private final EmbeddedChannel upstream = new EmbeddedChannel();

  private Tunnel tunnel(boolean http2) {
    Exchange ex =
        new Exchange(
            null,
            new NettyRequestHead(
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws?token=t")),
            new RequestBody(client, 0, true),
            client,
            http2 ? Exchange.Protocol.HTTP_2 : Exchange.Protocol.HTTP_1_1,
            "c1",
            System::nanoTime);
    ex.start(NO_SINK, null);
    Tunnel t = new Tunnel(ex, client, upstream);
    client.pipeline().addLast(new TunnelHandler(t, Tunnel.Side.CLIENT));
    upstream.pipeline().addLast(new TunnelHandler(t, Tunnel.Side.UPSTREAM));
    return t;
  }

  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String text(ByteBuf b) {
    try {
      return b.toString(StandardCharsets.US_ASCII);
    } finally {
      b.release();
    }
  }

  /** An orderly close flushes what was relayed (an empty write) before it closes. */
  private static void assertOnlyTheClosingFlushIsLeft(EmbeddedChannel ch) {
    ByteBuf b = ch.readOutbound();
    assertThat(b).isNotNull();
    assertThat(b.isReadable()).isFalse();
    b.release();
  }

  @Test
  void bytesPassBothWaysAndHttpLeftoversAreDropped() {
    Tunnel t = tunnel(false);
    // A frame the upstream's codec still held when it was removed waits for the start.
    t.relay(Tunnel.Side.UPSTREAM, bytes("early"));
    assertThat((Object) client.readOutbound()).isNull();
    t.start();
    assertThat(text(client.readOutbound())).isEqualTo("early");
    client.writeInbound(bytes("from client"));
    assertThat(text(upstream.readOutbound())).isEqualTo("from client");
    upstream.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT, bytes("from upstream"));
    assertThat(text(client.readOutbound())).isEqualTo("from upstream");
    assertThat((Object) client.readOutbound()).isNull();
    upstream.close();
    assertThat(client.isOpen()).as("an upstream close closes the client").isFalse();
    assertOnlyTheClosingFlushIsLeft(client);
    assertFalse(client.finishAndReleaseAll());
    assertFalse(upstream.finishAndReleaseAll());
  }

  @Test
  void aClientCloseClosesTheUpstream() {
    tunnel(false).start();
    client.close();
    assertThat(upstream.isOpen()).isFalse();
    assertOnlyTheClosingFlushIsLeft(upstream);
    assertFalse(client.finishAndReleaseAll());
    assertFalse(upstream.finishAndReleaseAll());
  }

  @Test
  void http2ClientsExchangeDataFramesAndEndStreamEndsTheTunnel() {
    tunnel(true).start();
    upstream.writeInbound(bytes("to h2"));
    Http2DataFrame out = client.readOutbound();
    assertThat(out.isEndStream()).isFalse();
    assertThat(text(out.content())).isEqualTo("to h2");
    client.writeInbound(new DefaultHttp2DataFrame(bytes("to upstream"), true));
    assertThat(text(upstream.readOutbound())).isEqualTo("to upstream");
    // An embedded channel cannot half-close its output: END_STREAM closes it instead.
    assertThat(upstream.isOpen()).isFalse();
    assertOnlyTheClosingFlushIsLeft(upstream);
    assertFalse(client.finishAndReleaseAll());
    assertFalse(upstream.finishAndReleaseAll());
  }

  @Test
  void anExpiredTimerClosesBothSidesAtOnce() {
    Tunnel t = tunnel(false);
    t.start();
    t.close(null, new IllegalStateException("idle timeout"));
    assertThat(client.isOpen()).isFalse();
    assertThat(upstream.isOpen()).isFalse();
    assertFalse(client.finishAndReleaseAll());
    assertFalse(upstream.finishAndReleaseAll());
  }
}
