package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that resets before ALPN has decided costs a close, not a logged stack trace. */
@Timeout(5)
class TlsProtocolHandlerTest {

  @Test
  void aResetDuringTheHandshakeClosesQuietly() {
    AtomicInteger built = new AtomicInteger();
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new TlsProtocolHandler(ctx -> built.incrementAndGet(), ctx -> built.incrementAndGet()));
    ch.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
    assertThat(ch.isOpen()).isFalse();
    assertThatCode(ch::checkException).doesNotThrowAnyException();
    assertThat(built).hasValue(0);
    assertFalse(ch.finishAndReleaseAll());
  }
}
