package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.McpMatch;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.RouteMatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code mcp} condition of a route's match (MCP 2026-07-28, basic/transports, "Standard Request
 * Headers"): read from {@code Mcp-Method} and {@code Mcp-Name} (Base64 form decoded), and only for
 * requests of the stateless revision. Columns: MCP-Protocol-Version, Mcp-Method, Mcp-Name ({@code
 * -} absent), the route that takes the request.
 */
@Timeout(10)
class McpMatchTest {

  private static final RouteTable TABLE =
      RouteTable.compile(
          List.of(
              RouteTableTest.route("search", match(Set.of("tools/call"), Set.of("search"))),
              RouteTableTest.route("lists", match(Set.of("tools/list", "prompts/list"), Set.of())),
              RouteTableTest.route("mcp", match(Set.of(), Set.of()))));

  private static RouteMatch match(Set<String> methods, Set<String> names) {
    return new RouteMatch(
        new PathMatch(MatchType.EXACT, "/mcp"),
        Set.of(),
        List.of(),
        List.of(),
        methods.isEmpty() && names.isEmpty() ? McpMatch.ANY : new McpMatch(methods, names));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "2026-07-28, tools/call, search, search",
        "2026-07-28, tools/call, ' search ', search",
        "2026-07-28, tools/call, =?base64?c2VhcmNo?=, search",
        "2026-07-28, tools/call, other, mcp",
        "2026-07-28, prompts/get, search, mcp",
        "2026-07-28, tools/call, -, mcp",
        "2026-07-28, tools/call, =?base64?!!?=, mcp",
        "2026-07-28, tools/list, -, lists",
        "2026-07-28, prompts/list, -, lists",
        "2027-03-01, tools/list, -, lists",
        // older revisions and unversioned requests never match an MCP condition
        "2025-06-18, tools/call, search, mcp",
        "-, tools/call, search, mcp",
        "garbage, tools/list, -, mcp",
      })
  void routes(String version, String method, String name, String expected) {
    Map<String, String> headers = new HashMap<>();
    if (version != null) {
      headers.put("MCP-Protocol-Version", version);
    }
    if (method != null) {
      headers.put("Mcp-Method", method);
    }
    if (name != null) {
      headers.put("Mcp-Name", name);
    }
    RequestHead req = new RouteTableTest.Req("POST", "/mcp", "", headers);
    assertThat(RouteTableTest.matched(TABLE, req)).isEqualTo(expected);
  }
}
