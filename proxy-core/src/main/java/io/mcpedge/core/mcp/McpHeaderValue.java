package io.mcpedge.core.mcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The value encoding of the MCP headers that mirror the body (specification 2026-07-28,
 * basic/transports, "Value Encoding"): a value that is not plain visible ASCII, has leading or
 * trailing white space, or itself looks like the sentinel, is sent as {@code =?base64?…?=}, the
 * Base64 of its UTF-8 bytes. The proxy decodes the header rather than encoding the body, so that
 * both forms of a plain value compare equal, as the SDK's server does.
 */
public final class McpHeaderValue {

  private static final String PREFIX = "=?base64?";
  private static final String SUFFIX = "?=";

  private McpHeaderValue() {}

  /**
   * The decoded value of a header, with optional white space around it removed (RFC 9110 §5.5);
   * {@code null} when the sentinel holds no canonical Base64 of valid UTF-8.
   */
  public static String decode(String header) {
    String v = header.strip();
    if (v.length() < PREFIX.length() + SUFFIX.length()
        || !v.startsWith(PREFIX)
        || !v.endsWith(SUFFIX)) {
      return v;
    }
    String b64 = v.substring(PREFIX.length(), v.length() - SUFFIX.length());
    if (b64.length() % 4 != 0) {
      return null;
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(b64);
      if (!Base64.getEncoder().encodeToString(bytes).equals(b64)) {
        return null; // not canonical: stray bits in the padding
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }
}
