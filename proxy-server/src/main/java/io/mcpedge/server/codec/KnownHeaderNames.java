package io.mcpedge.server.codec;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Header names a decoder can return as shared constants instead of copying them out of each
 * message: an immutable table, looked up by the exact bytes of a name. Each name is known in the
 * case it is listed in and in lower case (what HTTP/2 requires and servers such as uvicorn send),
 * so a match never changes the case the peer sent; a name in any other case is not found, and the
 * caller decodes it as before.
 */
public final class KnownHeaderNames {

  /** The fields of responses from the gateway and the usual servers in front of it. */
  public static final KnownHeaderNames RESPONSES =
      new KnownHeaderNames(
          "Server",
          "Date",
          "Content-Type",
          "Content-Length",
          "Content-Encoding",
          "Last-Modified",
          "Connection",
          "Keep-Alive",
          "Transfer-Encoding",
          "ETag",
          "Cache-Control",
          "Expires",
          "Age",
          "Vary",
          "Accept-Ranges",
          "Location",
          "Set-Cookie",
          "Retry-After",
          "WWW-Authenticate",
          "Access-Control-Allow-Origin",
          "Access-Control-Allow-Credentials",
          "X-Content-Type-Options",
          "X-Frame-Options",
          "Strict-Transport-Security",
          "Content-Security-Policy",
          "Referrer-Policy",
          "Mcp-Session-Id",
          "X-Request-ID",
          "Upgrade",
          "Sec-WebSocket-Accept",
          "Sec-WebSocket-Protocol",
          "Sec-WebSocket-Extensions");

  /** The fields of requests from MCP clients, browsers, load balancers and tracing agents. */
  public static final KnownHeaderNames REQUESTS =
      new KnownHeaderNames(
          "Host",
          "User-Agent",
          "Accept",
          "Accept-Encoding",
          "Accept-Language",
          "Authorization",
          "Content-Type",
          "Content-Length",
          "Connection",
          "Keep-Alive",
          "Transfer-Encoding",
          "TE",
          "Expect",
          "Cookie",
          "Cache-Control",
          "Pragma",
          "If-None-Match",
          "If-Modified-Since",
          "Range",
          "If-Range",
          "Origin",
          "Referer",
          "Upgrade",
          "HTTP2-Settings",
          "Sec-WebSocket-Key",
          "Sec-WebSocket-Version",
          "Sec-WebSocket-Protocol",
          "Sec-WebSocket-Extensions",
          "Mcp-Session-Id",
          "Mcp-Protocol-Version",
          "Last-Event-ID",
          "X-Api-Key",
          "X-Request-ID",
          "X-Forwarded-For",
          "X-Forwarded-Proto",
          "X-Forwarded-Host",
          "X-Real-IP",
          "Forwarded",
          "Via",
          "Proxy-Connection",
          "traceparent",
          "tracestate");

  private static final int SLOTS = 128; // a power of two

  /** Per slot, the names whose length, first and last byte lead there. */
  private final AsciiString[][] slots = new AsciiString[SLOTS][];

  KnownHeaderNames(String... names) {
    List<List<AsciiString>> table = new ArrayList<>(SLOTS);
    for (int i = 0; i < SLOTS; i++) {
      table.add(new ArrayList<>(2));
    }
    for (String name : names) {
      for (String form : new String[] {name, name.toLowerCase(Locale.ROOT)}) {
        AsciiString known = AsciiString.cached(form);
        byte[] b = known.array();
        List<AsciiString> slot = table.get(slot(b.length, b[0], b[b.length - 1]));
        if (!slot.contains(known)) {
          slot.add(known);
        }
      }
    }
    for (int i = 0; i < SLOTS; i++) {
      List<AsciiString> slot = table.get(i);
      slots[i] = slot.isEmpty() ? null : slot.toArray(new AsciiString[0]);
    }
  }

  /** The known name whose bytes are exactly {@code sb[start, start + length)}, or null. */
  AsciiString find(byte[] sb, int start, int length) {
    if (length == 0) {
      return null;
    }
    AsciiString[] candidates = slots[slot(length, sb[start], sb[start + length - 1])];
    if (candidates == null) {
      return null;
    }
    for (AsciiString known : candidates) {
      byte[] b = known.array(); // cached(): the array is exactly the name
      if (Arrays.equals(b, 0, b.length, sb, start, start + length)) {
        return known;
      }
    }
    return null;
  }

  private static int slot(int length, byte first, byte last) {
    return (length * 31 + first * 7 + last) & (SLOTS - 1);
  }
}
