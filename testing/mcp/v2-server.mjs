// An MCP server of the 2026-07-28 revision, built with the TypeScript SDK v2, for the tests of the
// proxy's MCP envelope check. It binds 127.0.0.1 only and counts the requests it answers by method
// and name, which GET /stats returns as JSON (so a test can prove a request never reached it).
// Usage: PORT=NNNN node v2-server.mjs [json|sse]
import { createServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { z } from 'zod';

const mode = process.argv[2] ?? 'json';
const port = Number(process.env.PORT ?? 0);
const counts = {};

function count(key) {
  counts[key] = (counts[key] ?? 0) + 1;
}

function factory() {
  const server = new McpServer({ name: 'mcp-edge-v2-test', version: '1.0.0' });
  const text = (t) => ({ content: [{ type: 'text', text: t }] });
  server.registerTool(
    'cheap',
    { description: 'answers at once', inputSchema: z.object({ n: z.number().optional() }) },
    async ({ n }) => text(`cheap ${n ?? 0}`)
  );
  server.registerTool(
    'expensive',
    { description: 'pretends to cost a lot', inputSchema: z.object({ n: z.number().optional() }) },
    async ({ n }) => text(`expensive ${n ?? 0}`)
  );
  server.registerTool(
    'search',
    { description: 'searches', inputSchema: z.object({ q: z.string() }) },
    async ({ q }) => text(`found ${q}`)
  );
  server.registerTool(
    'héllo',
    { description: 'a tool whose name is not ASCII', inputSchema: z.object({}) },
    async () => text('bonjour')
  );
  server.registerPrompt(
    'greet',
    { description: 'a greeting', argsSchema: z.object({ who: z.string() }) },
    async ({ who }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Hello, ${who}` } }]
    })
  );
  server.registerResource(
    'readme',
    'mem://readme',
    { description: 'a text resource', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'read me' }] })
  );
  return server;
}

const handler = createMcpHandler(factory, { responseMode: mode, keepAliveMs: 0 });
const node = toNodeHandler(handler);

const http = createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(counts));
    return;
  }
  if (req.method === 'POST') {
    const method = req.headers['mcp-method'] ?? '(none)';
    const name = req.headers['mcp-name'];
    count(name ? `${method} ${name}` : method);
    count('total');
  }
  await node(req, res);
});

http.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: http.address().port, mode }));
});
