package io.mcpedge.server.policy;

import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.exchange.Exchange;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the header work every proxied request pays before it goes upstream, over Netty's {@link
 * DefaultHttpHeaders} as the HTTP/1.1 decoder fills them: edge security (dropping {@code
 * x-contextforge-*} and {@code X-Authenticated-User}) and header hygiene (hop-by-hop removal, the
 * forwarding headers, {@code Via}) on a realistic MCP gateway request, and the response half of
 * hygiene on a typical gateway answer. Each invocation builds the headers afresh, since both halves
 * change them; {@code buildOnly} is that building alone, to subtract.
 *
 * <p>In this package because the request and response halves are package-private statics of the
 * filters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeaderHandlingBenchmark {

  private static final String[] REQUEST = {
    "Host", "gateway.example.com",
    "User-Agent", "mcp-client/1.4 (python-httpx 0.28)",
    "Accept", "application/json, text/event-stream",
    "Accept-Encoding", "gzip, deflate",
    "Authorization",
        "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbkBleGFtcGxlLmNvbSJ9.c2lnbmF0dXJl",
    "Content-Type", "application/json",
    "Content-Length", "87",
    "Mcp-Session-Id", "4f2a9c1e7b3d4e8f9a0b1c2d3e4f5a6b",
    "Mcp-Protocol-Version", "2025-06-18",
    "X-Forwarded-For", "203.0.113.7",
    "Connection", "keep-alive",
  };

  private static final String[] RESPONSE = {
    "Date", "Mon, 30 Nov 2026 07:00:00 GMT",
    "Server", "uvicorn",
    "Content-Type", "application/json",
    "Content-Length", "2048",
    "Cache-Control", "no-store, private",
    "Vary", "Authorization",
    "Connection", "keep-alive",
  };

  private final AsciiString client = new AsciiString("127.0.0.1");

  private static HttpHeaders build(String[] namesAndValues) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  @Benchmark
  public HttpHeaders buildOnly() {
    return build(REQUEST);
  }

  @Benchmark
  public HttpHeaders request() {
    HttpHeaders h = build(REQUEST);
    EdgeSecurityFilter.strip(h);
    HeaderHygieneFilter.forwardRequest(h, client, Exchange.Protocol.HTTP_1_1, false);
    return h;
  }

  @Benchmark
  public HttpHeaders response() {
    HttpHeaders h = build(RESPONSE);
    HeaderHygieneFilter.forwardResponse(h, false, HeaderNames.VIA_H1);
    return h;
  }
}
