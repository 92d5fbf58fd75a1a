// A stateless MCP server of the 2026-07-28 revision (the v2 SDK) for the edge's MCP cache tests.
// Listens on 127.0.0.1 only, on the port given (0: any free one), and prints {"port": N} first.
// Serves MCP on /mcp and every path under it (a test may take a path of its own). Besides it has:
//   GET  /_count    {"total": n, "byMethod": {"tools/list": n, ...}}: what reached the server
//   POST /_config   {"mode": "json"|"sse", "hints": {"tools/list": {"ttlMs", "cacheScope"}},
//                    "delayMs": n}: how the next answers look (hints per method)
//   POST /_reset    forget the counts
//   POST /tools     a REST write: 201, and the tool list changes (its version goes up)
// Each tool list names the caller's Authorization, so a private result read by another caller
// would show.
import http from 'node:http';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';

const port = Number(process.argv[2] ?? 0);
let config = { mode: 'json', hints: {}, delayMs: 0 };
let counts = { total: 0, byMethod: {} };
let version = 1;

function factory(ctx) {
  const auth = ctx.requestInfo?.headers.get('authorization') ?? 'anonymous';
  const server = new McpServer(
    { name: 'v2-cache-server', version: '1.0.0' },
    { cacheHints: config.hints },
  );
  server.registerTool(
    `tool-v${version}`,
    { description: `a tool for ${auth}` },
    async () => ({ content: [{ type: 'text', text: `called by ${auth}` }] }),
  );
  server.registerPrompt('greet', { description: `a prompt for ${auth}` }, async () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }],
  }));
  server.registerResource(
    'readme',
    'file:///readme',
    { mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, text: `readme for ${auth}` }] }),
  );
  return server;
}

const handlers = {
  json: toNodeHandler(createMcpHandler(factory, { legacy: 'reject', responseMode: 'json' })),
  sse: toNodeHandler(createMcpHandler(factory, { legacy: 'reject', responseMode: 'sse' })),
};

function body(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(text));
  });
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const server = http.createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/_count') return json(res, 200, counts);
  if (path === '/_reset') {
    counts = { total: 0, byMethod: {} };
    return json(res, 200, counts);
  }
  if (path === '/_config') {
    config = { mode: 'json', hints: {}, delayMs: 0, ...JSON.parse(await body(req)) };
    return json(res, 200, config);
  }
  if (path === '/tools' && req.method === 'POST') {
    await body(req);
    version++;
    return json(res, 201, { version });
  }
  if (path === '/mcp' || path.startsWith('/mcp/')) {
    const method = req.headers['mcp-method'] ?? 'none';
    counts.total++;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    if (config.delayMs > 0) await new Promise((r) => setTimeout(r, config.delayMs));
    return handlers[config.mode](req, res);
  }
  json(res, 404, { error: 'not found' });
});

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
