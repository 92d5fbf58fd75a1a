package io.mcpedge.server.codec;

import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;

/** Header names and values the proxy sets or removes, interned once. */
public final class HeaderNames {

  private HeaderNames() {}

  public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  public static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
  public static final AsciiString HTTP = AsciiString.cached("http");
  public static final AsciiString TEXT_PLAIN_UTF_8 =
      AsciiString.cached("text/plain; charset=utf-8");
  public static final AsciiString VIA_H1 = AsciiString.cached("1.1 mcp-edge");
  public static final AsciiString VIA_H2 = AsciiString.cached("2 mcp-edge");
  public static final AsciiString X_EDGE_OVERLOADED = AsciiString.cached("x-edge-overloaded");
  public static final AsciiString TRUE = AsciiString.cached("true");
  public static final AsciiString RATE_LIMIT = AsciiString.cached("ratelimit");
  public static final AsciiString RATE_LIMIT_POLICY = AsciiString.cached("ratelimit-policy");

  /** The {@code x-http2-*} headers Netty's HTTP/2 to HTTP/1 conversion adds; never forwarded. */
  public static final AsciiString[] HTTP2_EXTENSIONS = extensionNames();

  private static AsciiString[] extensionNames() {
    HttpConversionUtil.ExtensionHeaderNames[] v = HttpConversionUtil.ExtensionHeaderNames.values();
    AsciiString[] names = new AsciiString[v.length];
    for (int i = 0; i < v.length; i++) {
      names[i] = v[i].text();
    }
    return names;
  }
}
