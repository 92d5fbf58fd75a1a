package io.mcpedge.server.mcp;

import io.netty.util.AsciiString;

/**
 * The standard MCP request headers (specification 2026-07-28, basic/transports, "Standard Request
 * Headers"), interned once.
 */
public final class McpHeaders {

  private McpHeaders() {}

  public static final AsciiString PROTOCOL_VERSION = AsciiString.cached("mcp-protocol-version");
  public static final AsciiString METHOD = AsciiString.cached("mcp-method");
  public static final AsciiString NAME = AsciiString.cached("mcp-name");
  public static final AsciiString SESSION_ID = AsciiString.cached("mcp-session-id");
}
