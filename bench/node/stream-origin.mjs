// The streaming half of the benchmark's origin, behind the origin nginx: a legacy-transport SSE
// endpoint that holds streams open and broadcasts an event on a fixed interval, a WebSocket echo,
// and a slow endpoint that counts how often each key reached the origin (for the miss stampede).
//
// Usage: node stream-origin.mjs PORT SSE_INTERVAL_MS SLOW_DELAY_MS
import http from 'node:http';
import { WebSocketServer } from 'ws';

const [port, intervalMs, delayMs] = process.argv.slice(2).map(Number);
if (!port || !intervalMs || !delayMs) {
  console.error('usage: stream-origin.mjs PORT SSE_INTERVAL_MS SLOW_DELAY_MS');
  process.exit(2);
}

const body = JSON.stringify({ tools: Array.from({ length: 16 }, (_, i) => ({
  name: `tool_${i}`, description: 'x'.repeat(80) })) });
const streams = new Set();
const hits = new Map();
let session = 0;
let seq = 0;

setInterval(() => {
  seq++;
  const frame = `event: message\ndata: {"seq":${seq}}\n\n`;
  for (const res of streams) res.write(frame);
}, intervalMs).unref();

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://origin');
  if (url.pathname === '/sse' || /^\/servers\/[^/]+\/sse$/.test(url.pathname)) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store, private',
      'X-Accel-Buffering': 'no',
    });
    res.write(`event: endpoint\ndata: /message?session_id=${++session}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
    return;
  }
  if (url.pathname.startsWith('/stampede/')) {
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    setTimeout(() => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store, private',
        'Vary': 'Authorization',
      });
      res.end(body);
    }, delayMs);
    return;
  }
  if (url.pathname.startsWith('/__hits/')) {
    const key = '/stampede/' + url.pathname.slice('/__hits/'.length);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(String(hits.get(key) ?? 0));
    return;
  }
  if (url.pathname === '/__streams') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(String(streams.size));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found\n');
});
server.keepAliveTimeout = 300_000;
server.headersTimeout = 310_000;
server.requestTimeout = 0;
server.maxConnections = 20_000;

const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));

server.listen(port, '127.0.0.1', () => console.log(`stream origin on 127.0.0.1:${port}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
