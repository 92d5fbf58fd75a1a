package io.mcpedge.server.mcp;

import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.mcp.McpHeaderValue;
import io.mcpedge.core.mcp.McpVersions;
import io.mcpedge.server.exchange.Exchange;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The MCP method and name of an exchange, for the policies that key on them (rate limits, metrics,
 * the access log): from the verified {@link McpCall} when the route read the body, else from the
 * standard headers of a 2026-07-28 request ({@code mcp.verify: false}, which trusts them); {@code
 * null} for any other request: an older revision's method is in a body the proxy does not read, and
 * its headers are not checked against it, so they cannot choose a bucket.
 */
public final class McpKeys {

  /** Longer method and name keys are hashed, so that a bucket key has a bounded size. */
  private static final int MAX_KEY = 256;

  private McpKeys() {}

  /** The MCP method, or {@code null}. */
  public static String method(Exchange ex) {
    McpCall call = ex.get(McpCall.KEY);
    if (call != null) {
      return call.method();
    }
    HttpHeaders h = ex.request().headers();
    if (!McpVersions.isStateless(h.get(McpHeaders.PROTOCOL_VERSION))) {
      return null;
    }
    String m = h.get(McpHeaders.METHOD);
    return m == null ? null : m.strip();
  }

  /** The tool, prompt, resource or task the request names, decoded; or {@code null}. */
  public static String name(Exchange ex) {
    McpCall call = ex.get(McpCall.KEY);
    if (call != null) {
      return call.name() != null ? call.name() : call.uri();
    }
    HttpHeaders h = ex.request().headers();
    if (!McpVersions.isStateless(h.get(McpHeaders.PROTOCOL_VERSION))) {
      return null;
    }
    String n = h.get(McpHeaders.NAME);
    return n == null ? null : McpHeaderValue.decode(n);
  }

  /**
   * {@code method name} ({@code tools/call search}), the method alone when it names nothing, or
   * {@code null}; hashed with {@code credential}'s hash when longer than {@value #MAX_KEY} chars.
   */
  public static String methodAndName(Exchange ex, Credential credential) {
    String method = method(ex);
    if (method == null) {
      return null;
    }
    String name = name(ex);
    String key = name == null ? method : method + ' ' + name;
    return key.length() <= MAX_KEY ? key : credential.hashHeaderValue(key);
  }
}
