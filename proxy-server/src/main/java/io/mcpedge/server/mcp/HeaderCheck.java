package io.mcpedge.server.mcp;

import io.mcpedge.core.mcp.McpHeaderValue;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;

/**
 * Checks the standard headers of a 2026-07-28 request against its JSON-RPC envelope (specification
 * 2026-07-28, basic/transports, "Standard Request Headers"): a request must carry {@code
 * Mcp-Method} equal to its {@code method}, and {@code Mcp-Name} equal to the body's name for the
 * methods that have one ({@code tools/call} and {@code prompts/get}: {@code params.name}; {@code
 * resources/read}: {@code params.uri}; {@code tasks/get}, {@code tasks/update}, {@code
 * tasks/cancel}: {@code params.taskId}), decoded from its Base64 form when sent so. A version named
 * in {@code _meta} must equal {@code MCP-Protocol-Version}. Notifications need no headers, as in
 * the SDK's server, but one they carry must agree.
 *
 * <p>A disagreement is what the spec's servers answer {@code 400} with JSON-RPC {@code -32020}
 * (HeaderMismatch): an intermediary that routes or limits by the headers must refuse it too, or
 * {@code Mcp-Name: cheap} on a call of {@code expensive} would walk around a per-tool limit.
 */
public final class HeaderCheck {

  /** JSON-RPC error code of a header that disagrees with the body, or a missing one. */
  public static final int HEADER_MISMATCH = -32020;

  /** Which field of {@code params} {@code Mcp-Name} mirrors, by method. */
  private static final Map<String, String> NAME_SOURCE =
      Map.of(
          "tools/call", "name",
          "prompts/get", "name",
          "resources/read", "uri",
          "tasks/get", "taskId",
          "tasks/update", "taskId",
          "tasks/cancel", "taskId");

  private HeaderCheck() {}

  /** The field {@code Mcp-Name} mirrors for {@code method}, or {@code null} when none. */
  static String nameSource(String method) {
    return NAME_SOURCE.get(method);
  }

  /** The value {@code Mcp-Name} must carry for {@code e}, or {@code null} when it has none. */
  static String expectedName(Envelope e) {
    String source = NAME_SOURCE.get(e.method());
    if (source == null) {
      return null;
    }
    return switch (source) {
      case "name" -> e.name();
      case "uri" -> e.uri();
      default -> e.taskId();
    };
  }

  /** Why the headers disagree with {@code e}, or {@code null} when they agree. */
  public static String mismatch(HttpHeaders headers, Envelope e) {
    boolean request = e.id() != null;
    String version = headers.get(McpHeaders.PROTOCOL_VERSION);
    if (e.claimedVersion() != null
        && (version == null || !e.claimedVersion().equals(version.strip()))) {
      return "the body names protocol version "
          + e.claimedVersion()
          + " but MCP-Protocol-Version is "
          + version;
    }
    String method = headers.get(McpHeaders.METHOD);
    if (method == null) {
      return request ? "the required Mcp-Method header is absent" : null;
    }
    if (!e.method().equals(method.strip())) {
      return "the body calls " + e.method() + " but Mcp-Method names " + method.strip();
    }
    String source = NAME_SOURCE.get(e.method());
    if (source == null) {
      return null;
    }
    String expected = expectedName(e);
    String name = headers.get(McpHeaders.NAME);
    if (name == null) {
      return request && expected != null
          ? "the body carries params." + source + " but the required Mcp-Name header is absent"
          : null;
    }
    String decoded = McpHeaderValue.decode(name);
    if (decoded == null) {
      return "Mcp-Name holds an invalid Base64 value";
    }
    if (expected != null && !expected.equals(decoded)) {
      return "the body carries params."
          + source
          + " "
          + expected
          + " but Mcp-Name names "
          + decoded;
    }
    return null;
  }
}
