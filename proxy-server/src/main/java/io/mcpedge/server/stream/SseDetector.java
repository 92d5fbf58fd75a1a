package io.mcpedge.server.stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/**
 * The one test of whether an answer is a Server-Sent Events stream, for every place that treats
 * streams apart from ordinary answers: the upstream call (an HTTP/1.1 stream is not pooled after
 * it) and the keep-alive filter (only streams get comments). Its media type is {@code
 * text/event-stream} (WHATWG HTML §9.2), matched case-insensitively as media types are (RFC 9110
 * §8.3.1), parameters allowed; the status does not matter.
 */
public final class SseDetector {

  private static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream");

  private SseDetector() {}

  /** Whether {@code res} declares a {@code text/event-stream} body. */
  public static boolean isEventStream(HttpResponse res) {
    return isEventStream(res.headers().get(HttpHeaderNames.CONTENT_TYPE));
  }

  /** Whether the {@code Content-Type} value {@code type} is {@code text/event-stream}. */
  public static boolean isEventStream(String type) {
    int n = EVENT_STREAM.length();
    if (type == null || !EVENT_STREAM.regionMatches(true, 0, type, 0, n)) {
      return false;
    }
    return type.length() == n || type.charAt(n) == ';' || type.charAt(n) == ' ';
  }
}
