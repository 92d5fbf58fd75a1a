// The TypeScript SDK v2 client, pinned to the 2026-07-28 revision: discovers the server, then runs
// every method the test server offers and prints one JSON line per result, with the fields that
// must not depend on the path (direct or through the proxy). Exits 0 when every call succeeded.
// Usage: node v2-client.mjs http://127.0.0.1:PORT/mcp
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url] = process.argv.slice(2);
const deadline = setTimeout(() => {
  console.log(JSON.stringify({ step: 'deadline', ok: false }));
  process.exit(1);
}, 60000);

function print(step, result) {
  console.log(JSON.stringify({ step, ok: true, result }));
}

const client = new Client(
  { name: 'mcp-edge-v2-client', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } }
);
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const discovered = client.getDiscoverResult();
  print('server/discover', {
    era: client.getProtocolEra?.() ?? null,
    serverInfo: discovered?.serverInfo ?? null,
    capabilities: Object.keys(discovered?.capabilities ?? {}).sort()
  });
  const strip = ({ ttlMs, cacheScope, _meta, ...rest }) => rest;
  print('tools/list', strip(await client.listTools()));
  for (const [name, args] of [
    ['cheap', { n: 1 }],
    ['expensive', { n: 2 }],
    ['search', { q: 'edge' }],
    ['héllo', {}]
  ]) {
    print(`tools/call ${name}`, strip(await client.callTool({ name, arguments: args })));
  }
  print('prompts/list', strip(await client.listPrompts()));
  print('prompts/get greet', strip(await client.getPrompt({ name: 'greet', arguments: { who: 'edge' } })));
  print('resources/list', strip(await client.listResources()));
  print('resources/templates/list', strip(await client.listResourceTemplates()));
  print('resources/read mem://readme', strip(await client.readResource({ uri: 'mem://readme' })));
  await client.close();
  clearTimeout(deadline);
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({ step: 'error', ok: false, error: String(e?.stack ?? e) }));
  process.exit(1);
}
