package io.mcpedge.core.mcp;

/**
 * MCP revision identifiers (specification 2026-07-28, basic/versioning): dates in {@code
 * YYYY-MM-DD} form, which compare as strings; the stateless rules begin with 2026-07-28.
 */
public final class McpVersions {

  /** The first stateless revision. */
  public static final String FIRST_STATELESS = "2026-07-28";

  private McpVersions() {}

  /** True when {@code version} (an {@code MCP-Protocol-Version} value) is 2026-07-28 or later. */
  public static boolean isStateless(String version) {
    if (version == null) {
      return false;
    }
    String v = version.strip();
    return isDate(v) && v.compareTo(FIRST_STATELESS) >= 0;
  }

  /** {@code YYYY-MM-DD}, the form of every revision identifier. */
  public static boolean isDate(String v) {
    if (v.length() != 10 || v.charAt(4) != '-' || v.charAt(7) != '-') {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      char c = v.charAt(i);
      if (i != 4 && i != 7 && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }
}
