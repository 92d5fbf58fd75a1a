package io.mcpedge.server.pipeline;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * The checks of an HTTP/1.x request head that decide whether the rest of the connection can be read
 * at all: its version, and the framing its {@code Transfer-Encoding} claims. The decoder parses
 * what it is given; a proxy that forwarded a head its upstream frames differently would let a
 * client smuggle a request past the routes. Used by {@link RequestLimitsHandler}.
 */
final class RequestFraming {

  private RequestFraming() {}

  /** {@code null} when the head may be served, or why not; may rewrite the framing in place. */
  static RequestLimitsHandler.Rejection check(HttpRequest req) {
    HttpVersion v = req.protocolVersion();
    boolean http10 = HttpVersion.HTTP_1_0.equals(v);
    if (!http10 && !HttpVersion.HTTP_1_1.equals(v)) {
      // RFC 9110 §15.6.6: this server speaks HTTP/1.0 and HTTP/1.1 on this connection.
      return RequestLimitsHandler.Rejection.of(
          HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
          "505 HTTP Version Not Supported: HTTP/1.0 and HTTP/1.1 only\n");
    }
    HttpHeaders h = req.headers();
    List<String> codings = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (codings.isEmpty()) {
      return null;
    }
    return transferCodings(h, codings, http10);
  }

  /**
   * RFC 9112 §6.1 and §6.3: chunked must appear once, as the final coding, or the body's length
   * cannot be known (400, and the connection closes); a coding this proxy does not implement is 501
   * (nginx and Envoy answer so); {@code identity}, a no-op from RFC 2616, is dropped. The proxy
   * re-chunks the body, so the head then says only {@code chunked}: the framing it will send.
   */
  private static RequestLimitsHandler.Rejection transferCodings(
      HttpHeaders h, List<String> values, boolean http10) {
    if (http10) {
      return bad("Transfer-Encoding in an HTTP/1.0 request");
    }
    int chunked = 0;
    for (String value : values) {
      for (String token : value.split(",", -1)) {
        String coding = token.strip();
        int params = coding.indexOf(';');
        String name = (params < 0 ? coding : coding.substring(0, params)).strip();
        if (name.isEmpty() || name.equalsIgnoreCase("identity")) {
          continue;
        }
        if (!name.equalsIgnoreCase("chunked")) {
          return RequestLimitsHandler.Rejection.of(
              HttpResponseStatus.NOT_IMPLEMENTED,
              "501 Not Implemented: transfer coding other than chunked\n");
        }
        chunked++;
      }
    }
    if (chunked != 1) {
      return bad("Transfer-Encoding without chunked exactly once");
    }
    h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    return null;
  }

  private static RequestLimitsHandler.Rejection bad(String why) {
    return RequestLimitsHandler.Rejection.of(
        HttpResponseStatus.BAD_REQUEST, "400 Bad Request: " + why + "\n");
  }
}
