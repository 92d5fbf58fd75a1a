-- An MCP tools/list request of the 2026-07-28 revision, as the v2 SDK client sends it: a POST with
-- the standard headers (MCP-Protocol-Version, Mcp-Method) and the _meta envelope, one credential.
-- Formatted once in init(); prints the same summary line as report.lua.
local req

function init(args)
  local body = '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{'
    .. '"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
    .. '"io.modelcontextprotocol/clientCapabilities":{}}}}'
  req = wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["MCP-Protocol-Version"] = "2026-07-28",
    ["Mcp-Method"] = "tools/list",
    ["Authorization"] = "Bearer bench-token-1",
  }, body)
end

function request()
  return req
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50=%d p99=%d p999=%d\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
