package io.mcpedge.server.codec;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Hides credentials that clients put in a request target before it is logged. The gateway accepts a
 * WebSocket token as the {@code token} query parameter (and OAuth clients may send {@code
 * access_token}, RFC 6750 §2.3); a log line must never carry either. Every log statement that
 * prints a request target passes it through {@link #redact}.
 */
public final class UriRedaction {

  /** What a redacted value is replaced with. */
  public static final String MASK = "REDACTED";

  private UriRedaction() {}

  /**
   * The target with the value of every {@code token} and {@code access_token} query parameter
   * (names compared case-insensitively, after percent-decoding) replaced by {@link #MASK}; anything
   * else, including the fragment, is left as it was. {@code null} stays {@code null}.
   */
  public static String redact(String uri) {
    if (uri == null) {
      return null;
    }
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    int hash = uri.indexOf('#', q);
    int end = hash < 0 ? uri.length() : hash;
    StringBuilder out = null;
    int copied = 0; // uri[0, copied) is already in out
    int start = q + 1;
    while (start < end) {
      int amp = uri.indexOf('&', start);
      int stop = amp < 0 || amp > end ? end : amp;
      int eq = uri.indexOf('=', start);
      if (eq >= 0 && eq < stop && isSecret(uri.substring(start, eq))) {
        if (out == null) {
          out = new StringBuilder(uri.length());
        }
        out.append(uri, copied, eq + 1).append(MASK);
        copied = stop;
      }
      start = stop + 1;
    }
    return out == null ? uri : out.append(uri, copied, uri.length()).toString();
  }

  private static boolean isSecret(String encodedName) {
    String name;
    try {
      name = QueryStringDecoder.decodeComponent(encodedName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      name = encodedName;
    }
    return name.equalsIgnoreCase("token") || name.equalsIgnoreCase("access_token");
  }
}
