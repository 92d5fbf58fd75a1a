package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 6797 §6.1: the header on final responses, the upstream's own value kept. */
@Timeout(5)
class HstsHandlerTest {

  @Test
  void addsTheHeaderToFinalResponsesOnly() {
    EmbeddedChannel ch = new EmbeddedChannel(new HstsHandler("max-age=60"));
    ch.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    ch.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    HttpResponse own = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    own.headers().set("Strict-Transport-Security", "max-age=5");
    ch.writeOutbound(own);
    HttpResponse interim = ch.readOutbound();
    HttpResponse ok = ch.readOutbound();
    HttpResponse kept = ch.readOutbound();
    assertThat(interim.headers().contains("strict-transport-security")).isFalse();
    assertThat(ok.headers().get("strict-transport-security")).isEqualTo("max-age=60");
    assertThat(kept.headers().getAll("strict-transport-security")).containsExactly("max-age=5");
    assertFalse(ch.finishAndReleaseAll());
  }
}
