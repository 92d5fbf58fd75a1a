package io.mcpedge.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The last handlers of upstream pipelines, in memory. */
class UpstreamHandlerTest {

  @Test
  void anIdlePooledConnectionThatReceivesAnythingIsClosed() {
    EmbeddedChannel ch = new EmbeddedChannel(new UpstreamHandler());
    ch.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n", StandardCharsets.US_ASCII));
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void connectionHandlerReleasesFramesWithoutAPool() {
    EmbeddedChannel ch = new EmbeddedChannel(new H2cConnectionHandler());
    DefaultHttp2GoAwayFrame goAway =
        new DefaultHttp2GoAwayFrame(
            Http2Error.NO_ERROR, Unpooled.copiedBuffer("bye", StandardCharsets.US_ASCII));
    ch.writeInbound(goAway);
    assertThat(goAway.refCnt()).isZero();
    assertFalse(ch.finishAndReleaseAll());
  }
}
