package io.mcpedge.server.stream;

import io.mcpedge.server.exchange.Exchange;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Recognises a WebSocket opening handshake and, as a separate step, turns it into the request the
 * upstream receives: on HTTP/1.1 an upgrade (RFC 6455 §4.2.1), which passes as it is; on HTTP/2 an
 * extended CONNECT (RFC 8441 §4), rewritten into the HTTP/1.1 upgrade of RFC 8441 §5.
 */
public final class WebSocketHandshake {

  private WebSocketHandshake() {}

  /** Whether {@code req}, received over {@code protocol}, opens a WebSocket; never changes it. */
  public static boolean recognise(HttpRequest req, Exchange.Protocol protocol) {
    if (protocol == Exchange.Protocol.HTTP_2) {
      return WebSocketRequests.isExtendedConnect(req) && WebSocketRequests.hasPath(req);
    }
    return WebSocketRequests.isUpgrade(req);
  }

  /**
   * Rewrites a recognised handshake in place into the HTTP/1.1 upgrade the upstream will receive
   * (only an HTTP/2 extended CONNECT changes).
   */
  public static void rewriteForUpstream(HttpRequest req, Exchange.Protocol protocol) {
    if (protocol == Exchange.Protocol.HTTP_2) {
      WebSocketRequests.toHttp1Upgrade(req);
    }
  }
}
