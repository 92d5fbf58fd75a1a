package io.mcpedge.server.upstream;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

/** Recognises responses that are long-lived streams rather than ordinary answers. */
final class Streams {

  private static final AsciiString EVENT_STREAM = AsciiString.cached("text/event-stream");

  private Streams() {}

  /** A {@code text/event-stream} answer (parameters allowed), whatever its status. */
  static boolean isEventStream(HttpResponse res) {
    String type = res.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null || type.length() < EVENT_STREAM.length()) {
      return false;
    }
    return EVENT_STREAM.regionMatches(true, 0, type, 0, EVENT_STREAM.length())
        && (type.length() == EVENT_STREAM.length()
            || type.charAt(EVENT_STREAM.length()) == ';'
            || type.charAt(EVENT_STREAM.length()) == ' ');
  }
}
