package io.mcpedge.server.codec;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The request methods of RFC 9110 §9 as shared strings, found by the exact bytes of a request
 * line's first word, so that a decoder does not copy them out of each request (Netty's request
 * decoder knows only {@code GET} and {@code POST}). Methods are case-sensitive (RFC 9110 §9.1): any
 * other spelling is not found, and the caller decodes it as before.
 */
final class KnownMethods {

  private static final HttpMethod[] METHODS = {
    HttpMethod.GET,
    HttpMethod.POST,
    HttpMethod.HEAD,
    HttpMethod.PUT,
    HttpMethod.DELETE,
    HttpMethod.OPTIONS,
    HttpMethod.PATCH,
    HttpMethod.CONNECT,
    HttpMethod.TRACE
  };
  private static final String[] NAMES = new String[METHODS.length];
  private static final byte[][] BYTES = new byte[METHODS.length][];

  static {
    for (int i = 0; i < METHODS.length; i++) {
      NAMES[i] = METHODS[i].name();
      BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private KnownMethods() {}

  /** The method whose name is exactly {@code sb[start, start + length)}, or null. */
  static String find(byte[] sb, int start, int length) {
    for (int i = 0; i < BYTES.length; i++) {
      byte[] b = BYTES[i];
      if (b.length == length && Arrays.equals(b, 0, length, sb, start, start + length)) {
        return NAMES[i];
      }
    }
    return null;
  }
}
