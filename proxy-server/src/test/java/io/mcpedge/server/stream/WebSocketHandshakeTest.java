package io.mcpedge.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.exchange.Exchange;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recognising a WebSocket handshake never changes the request; the rewrite of an HTTP/2 extended
 * CONNECT (RFC 8441 §4) into an HTTP/1.1 upgrade (RFC 8441 §5) is a step of its own.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WebSocketHandshakeTest {

  private static HttpRequest extendedConnect(String path) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, "/");
    req.headers().set("x-http2-protocol", "websocket");
    if (path != null) {
      req.headers().set("x-http2-path", path);
    }
    return req;
  }

  @Test
  void recognisingAnExtendedConnectLeavesItAsItIs() {
    HttpRequest req = extendedConnect("/ws");
    assertThat(WebSocketHandshake.recognise(req, Exchange.Protocol.HTTP_2)).isTrue();
    assertThat(req.method()).isEqualTo(HttpMethod.CONNECT);
    assertThat(req.headers().contains(HttpHeaderNames.UPGRADE)).isFalse();
    assertThat(req.headers().get("x-http2-path")).isEqualTo("/ws");
  }

  @Test
  void theRewriteTurnsItIntoAnHttp1Upgrade() {
    HttpRequest req = extendedConnect("/ws");
    WebSocketHandshake.rewriteForUpstream(req, Exchange.Protocol.HTTP_2);
    assertThat(req.method()).isEqualTo(HttpMethod.GET);
    assertThat(req.uri()).isEqualTo("/ws");
    assertThat(req.headers().get(HttpHeaderNames.UPGRADE)).isEqualTo("websocket");
    assertThat(req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)).isTrue();
    assertThat(WebSocketHandshake.recognise(req, Exchange.Protocol.HTTP_1_1)).isTrue();
  }

  @Test
  void anExtendedConnectWithoutPathIsNoHandshake() {
    HttpRequest req = extendedConnect(null);
    assertThat(WebSocketHandshake.recognise(req, Exchange.Protocol.HTTP_2)).isFalse();
    assertThat(req.method()).isEqualTo(HttpMethod.CONNECT);
  }

  @Test
  void anHttp1UpgradeIsRecognisedOnHttp1Only() {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
    req.headers().set(HttpHeaderNames.UPGRADE, "websocket");
    req.headers().set(HttpHeaderNames.CONNECTION, "Upgrade");
    assertThat(WebSocketHandshake.recognise(req, Exchange.Protocol.HTTP_1_1)).isTrue();
    assertThat(WebSocketHandshake.recognise(req, Exchange.Protocol.HTTP_2)).isFalse();
    WebSocketHandshake.rewriteForUpstream(req, Exchange.Protocol.HTTP_1_1);
    assertThat(req.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)).isFalse();
  }
}
