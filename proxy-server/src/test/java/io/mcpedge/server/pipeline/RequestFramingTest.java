package io.mcpedge.server.pipeline;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request heads whose version or framing cannot be served are answered by the decoder's side and
 * never become requests (RFC 9112 §6.1, §6.3; RFC 9110 §15.6.6); accepted chunked heads say only
 * {@code chunked}.
 */
class RequestFramingTest {

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP/1.1 | chunked | 0",
        "HTTP/1.1 | identity, chunked | 0",
        "HTTP/1.1 | Chunked | 0",
        "HTTP/1.1 | chunked, chunked | 400",
        "HTTP/1.1 | gzip, chunked | 501",
        "HTTP/1.1 | chunked, gzip | 400",
        "HTTP/1.1 | identity | 400",
        "HTTP/1.0 | chunked | 400",
        "HTTP/1.2 | | 505",
        "HTTP/2.0 | | 505",
        "HTTP/1.0 | | 0",
        "FOO/1.1 | | 400",
      })
  void versionAndTransferCodings(String version, String te, int status) {
    List<Object> seen = new ArrayList<>();
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new HttpServerCodec(),
            new RequestLimitsHandler(),
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof RequestLimitsHandler.Rejection r) {
                  r.answer(ctx);
                } else if (msg instanceof HttpRequest req) {
                  seen.add(req.headers().get("Transfer-Encoding"));
                }
                ReferenceCountUtil.release(msg);
              }
            });
    String head =
        "POST /x "
            + version
            + "\r\nHost: h\r\n"
            + (te == null ? "Content-Length: 0\r\n" : "Transfer-Encoding: " + te + "\r\n")
            + "\r\n"
            + (te == null ? "" : "0\r\n\r\n");
    ch.writeInbound(Unpooled.copiedBuffer(head, US_ASCII));
    ByteBuf out = ch.readOutbound();
    if (status == 0) {
      assertThat(out).isNull();
      assertThat(seen).containsExactly(te == null ? null : "chunked");
    } else {
      String answer = out.toString(US_ASCII);
      out.release();
      assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
      assertThat(seen).isEmpty();
      assertThat(ch.isOpen()).isFalse();
    }
    assertFalse(ch.finishAndReleaseAll());
  }
}
