package io.mcpedge.server.stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Recognises WebSocket opening handshakes and translates RFC 8441's extended CONNECT into the
 * HTTP/1.1 upgrade (RFC 6455 §4.1) that the upstream understands, and its {@code 101} back.
 */
public final class WebSocketRequests {

  private static final AsciiString PROTOCOL_HEADER =
      HttpConversionUtil.ExtensionHeaderNames.PROTOCOL.text();
  private static final AsciiString PATH_HEADER =
      HttpConversionUtil.ExtensionHeaderNames.PATH.text();

  private WebSocketRequests() {}

  /**
   * An HTTP/1.1 WebSocket opening handshake: {@code GET} with {@code Upgrade: websocket} and an
   * {@code upgrade} token in {@code Connection} (RFC 6455 §4.2.1).
   */
  public static boolean isUpgrade(HttpRequest req) {
    HttpHeaders h = req.headers();
    return HttpMethod.GET.equals(req.method())
        && h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /**
   * An HTTP/2 extended CONNECT for WebSocket (RFC 8441 §4) as Netty's stream codec presents it:
   * method {@code CONNECT} with the {@code :protocol} pseudo-header in {@code x-http2-protocol}.
   */
  public static boolean isExtendedConnect(HttpRequest req) {
    return HttpMethod.CONNECT.equals(req.method())
        && HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(req.headers().get(PROTOCOL_HEADER));
  }

  /** Whether an extended CONNECT names its {@code :path}, without which it cannot be rewritten. */
  static boolean hasPath(HttpRequest req) {
    String path = req.headers().get(PATH_HEADER);
    return path != null && !path.isEmpty();
  }

  /**
   * Rewrites an extended CONNECT in place into the HTTP/1.1 upgrade request of RFC 8441 §5: {@code
   * GET} of {@code :path}, {@code Upgrade: websocket}, {@code Connection: Upgrade} and a fresh
   * {@code Sec-WebSocket-Key}; {@code Sec-WebSocket-Version}, {@code -Protocol} and {@code
   * -Extensions} pass as the client sent them. Returns false when {@code :path} is missing.
   */
  public static boolean toHttp1Upgrade(HttpRequest req) {
    HttpHeaders h = req.headers();
    String path = h.get(PATH_HEADER);
    if (!hasPath(req)) {
      return false;
    }
    req.setMethod(HttpMethod.GET);
    req.setUri(path);
    h.remove(PROTOCOL_HEADER);
    h.remove(PATH_HEADER);
    h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    h.set(HttpHeaderNames.SEC_WEBSOCKET_KEY, newKey());
    if (!h.contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION)) {
      h.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
    }
    return true;
  }

  /**
   * The HTTP/2 answer to an extended CONNECT for the upstream's {@code 101}: {@code 200} with the
   * upstream's headers minus those that belong to the HTTP/1.1 handshake (RFC 8441 §5).
   */
  public static HttpResponse toExtendedConnectAnswer(HttpResponse switching) {
    switching.setStatus(HttpResponseStatus.OK);
    HttpHeaders h = switching.headers();
    h.remove(HttpHeaderNames.UPGRADE);
    h.remove(HttpHeaderNames.CONNECTION);
    h.remove(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
    h.remove(HttpHeaderNames.CONTENT_LENGTH);
    h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    return switching;
  }

  /** A random 16-byte nonce, base64-encoded (RFC 6455 §4.1). */
  static String newKey() {
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    return Base64.getEncoder().encodeToString(nonce);
  }
}
