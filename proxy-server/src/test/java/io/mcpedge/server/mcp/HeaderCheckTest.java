package io.mcpedge.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MCP 2026-07-28, basic/transports, "Standard Request Headers": which header sets agree with which
 * bodies. Columns: Mcp-Method, Mcp-Name ({@code -} absent), id ({@code -} for a notification),
 * method, params.name, params.uri, whether they agree.
 */
@Timeout(10)
class HeaderCheckTest {

  @ParameterizedTest(name = "[{index}] {0} {1} / {3} {4} {5} -> {6}")
  @CsvSource(
      nullValues = "-",
      value = {
        "tools/call, search, 1, tools/call, search, -, true",
        "tools/call, =?base64?c2VhcmNo?=, 1, tools/call, search, -, true",
        "tools/call, cheap, 1, tools/call, expensive, -, false",
        "tools/call, -, 1, tools/call, expensive, -, false",
        "-, search, 1, tools/call, search, -, false",
        "tools/list, -, 1, tools/call, search, -, false",
        "tools/call, =?base64?!!!!?=, 1, tools/call, search, -, false",
        // a name header on a method without one is not the proxy's business
        "tools/list, anything, 1, tools/list, -, -, true",
        "resources/read, file:///a, 1, resources/read, -, file:///a, true",
        "resources/read, file:///b, 1, resources/read, -, file:///a, false",
        "prompts/get, greet, 1, prompts/get, greet, -, true",
        // notifications need no header, but one they carry must agree
        "-, -, -, notifications/cancelled, -, -, true",
        "tools/list, -, -, notifications/cancelled, -, -, false",
        // a body without the name leaves it to the server, as the SDK's server does
        "tools/call, -, 1, tools/call, -, -, true",
      })
  void agrees(
      String methodHeader,
      String nameHeader,
      String id,
      String method,
      String name,
      String uri,
      boolean agrees) {
    HttpHeaders h = new DefaultHttpHeaders().add(McpHeaders.PROTOCOL_VERSION, "2026-07-28");
    if (methodHeader != null) {
      h.add(McpHeaders.METHOD, methodHeader);
    }
    if (nameHeader != null) {
      h.add(McpHeaders.NAME, nameHeader);
    }
    Envelope e = new Envelope(id, method, name, uri, null, null, false, null, null, null);
    assertThat(HeaderCheck.mismatch(h, e) == null).isEqualTo(agrees);
  }

  @ParameterizedTest
  @CsvSource({"2026-07-28, true", "2025-06-18, false"})
  void theVersionInMetaMustEqualTheHeader(String claimed, boolean agrees) {
    HttpHeaders h =
        new DefaultHttpHeaders()
            .add(McpHeaders.PROTOCOL_VERSION, "2026-07-28")
            .add(McpHeaders.METHOD, "tools/list");
    Envelope e =
        new Envelope("1", "tools/list", null, null, null, null, false, claimed, null, null);
    assertThat(HeaderCheck.mismatch(h, e) == null).isEqualTo(agrees);
  }
}
