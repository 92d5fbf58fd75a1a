package io.mcpedge.server.policy;

import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.RequestBody;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/** Exchanges without a route or a body on an {@link EmbeddedChannel}, for unit tests. */
final class Exchanges {

  private Exchanges() {}

  static Exchange of(EmbeddedChannel ch, HttpMethod method, String... headers) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/tools");
    for (int i = 0; i < headers.length; i += 2) {
      req.headers().add(headers[i], headers[i + 1]);
    }
    return new Exchange(
        null,
        new NettyRequestHead(req),
        new RequestBody(ch, 0, true),
        ch,
        Exchange.Protocol.HTTP_1_1,
        "c1",
        System::nanoTime);
  }

  static Exchange get(EmbeddedChannel ch, String... headers) {
    return of(ch, HttpMethod.GET, headers);
  }
}
