package io.mcpedge.server.codec;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 status lines of the statuses Netty names ({@code "HTTP/1.1 200 OK\r\n"}), encoded
 * once, so that an encoder writes a response's first line as one copy instead of version, code and
 * reason piece by piece. Only the shared status constants are matched (by identity): a status with
 * another reason phrase, or another version, is encoded as before.
 */
final class StatusLines {

  private static final int FIRST = 100;
  private static final HttpResponseStatus[] STATUSES = new HttpResponseStatus[500];
  private static final byte[][] LINES = new byte[500][];

  static {
    for (int code = FIRST; code < FIRST + STATUSES.length; code++) {
      HttpResponseStatus status = HttpResponseStatus.valueOf(code);
      if (status == HttpResponseStatus.valueOf(code)) { // a constant, not made for this call
        STATUSES[code - FIRST] = status;
        LINES[code - FIRST] =
            ("HTTP/1.1 " + code + " " + status.reasonPhrase() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
      }
    }
  }

  private StatusLines() {}

  /** The encoded line of {@code status} in {@code version}, or null when none is prepared. */
  static byte[] of(HttpVersion version, HttpResponseStatus status) {
    if (version != HttpVersion.HTTP_1_1) {
      return null;
    }
    int i = status.code() - FIRST;
    return i >= 0 && i < STATUSES.length && STATUSES[i] == status ? LINES[i] : null;
  }
}
