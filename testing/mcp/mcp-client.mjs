// Drives a real MCP session through the proxy with the official SDK client and prints one JSON line
// per check. Exits 0 only when every check passed. Usage:
//   node mcp-client.mjs streamableHttp http://127.0.0.1:PORT/mcp
//   node mcp-client.mjs sse http://127.0.0.1:PORT/sse
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const [mode, url] = process.argv.slice(2);
const deadline = setTimeout(() => fail('deadline', 'the session did not finish within 60 s'), 60000);

function report(check, ok, detail) {
  console.log(JSON.stringify({ check, ok, detail }));
}

function fail(check, detail) {
  report(check, false, String(detail));
  process.exit(1);
}

function waitFor(predicate, what, ms) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

async function commonChecks(client) {
  const tools = await client.listTools();
  const names = tools.tools.map((t) => t.name);
  if (!names.includes('echo')) fail('listTools', `echo missing from ${names}`);
  report('listTools', true, `${names.length} tools`);

  const echoed = await client.callTool({ name: 'echo', arguments: { message: 'through the edge' } });
  const text = echoed.content.map((c) => c.text).join('');
  if (!text.includes('through the edge')) fail('callTool echo', text);
  report('callTool echo', true, text);
}

// Reads an SSE response body until `count` events with ids arrived; returns their ids and data.
async function readEvents(response, count, ms, until = () => false) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const events = [];
  let buffer = '';
  const timer = setTimeout(() => reader.cancel(), ms);
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (id) events.push({ id, data });
        if (id && until({ id, data })) return events;
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
  return events;
}

async function rpc(sessionId, protocol, body) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (sessionId) headers['mcp-session-id'] = sessionId;
  if (protocol) headers['mcp-protocol-version'] = protocol;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function resumeCheck() {
  const init = await rpc(null, null, {
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  const sessionId = init.headers.get('mcp-session-id');
  const [initEvent] = await readEvents(init, 1, 10000);
  if (!sessionId || !initEvent) fail('resume', `initialize gave session ${sessionId}, event ${initEvent}`);
  const protocol = JSON.parse(initEvent.data).result.protocolVersion;
  await rpc(sessionId, protocol, { jsonrpc: '2.0', method: 'notifications/initialized' });
  const call = await rpc(sessionId, protocol, {
    jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { message: 'replay me' } },
  });
  const [callEvent] = await readEvents(call, 1, 10000);
  const resumed = await fetch(url, {
    headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': protocol,
      'last-event-id': initEvent.id },
  });
  const replay = await readEvents(resumed, 20, 10000, (e) => e.id === callEvent.id);
  const found = replay.find((e) => e.id === callEvent.id && e.data.includes('replay me'));
  if (!found || replay.some((e) => e.id === initEvent.id)) {
    fail('resume', `expected ${callEvent.id} replayed after ${initEvent.id}, got ${JSON.stringify(replay)}`);
  }
  report('resume with Last-Event-ID', true, `after ${initEvent.id} came ${replay.length} events ending ${found.id}`);
  await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': protocol } });
}

async function streamable() {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'mcp-edge-test', version: '1.0.0' });
  const logs = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => logs.push(n.params));
  await client.connect(transport);
  const sessionId = transport.sessionId;
  if (!sessionId) fail('initialize', 'no Mcp-Session-Id came back');
  report('initialize', true, `session ${sessionId}, protocol ${transport.protocolVersion}`);

  await commonChecks(client);

  // A server-initiated notification reaches the client on the standalone GET stream.
  await client.setLoggingLevel('debug');
  await client.callTool({ name: 'toggle-simulated-logging', arguments: {} });
  await waitFor(() => logs.length > 0, 'a logging notification', 15000);
  report('notification on GET stream', true, logs[0].data);
  await client.callTool({ name: 'toggle-simulated-logging', arguments: {} });

  // Resumption (raw HTTP, as a client that lost its connection would do it): every answer on a
  // POST stream carries an event id; a GET naming an earlier id gets what followed it replayed.
  await resumeCheck();

  await transport.terminateSession();
  const after = await fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId } });
  if (after.status < 400) fail('delete session', `session still answered ${after.status} after DELETE`);
  report('delete session', true, `a second DELETE got ${after.status}`);
  await client.close();
}

async function legacySse() {
  const transport = new SSEClientTransport(new URL(url));
  const client = new Client({ name: 'mcp-edge-test', version: '1.0.0' });
  await client.connect(transport);
  report('initialize', true, 'legacy SSE endpoint event received');
  await commonChecks(client);
  await client.close();
}

try {
  if (mode === 'streamableHttp') await streamable();
  else if (mode === 'sse') await legacySse();
  else fail('usage', `unknown mode ${mode}`);
  clearTimeout(deadline);
  report('done', true, mode);
  process.exit(0);
} catch (e) {
  fail('exception', e?.stack ?? e);
}
