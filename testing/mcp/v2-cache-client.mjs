// The v2 SDK client, pinned to the 2026-07-28 revision, running a list of operations against one
// URL and printing one JSON line per operation with its result. Its own result cache is bypassed,
// so every operation is a request. Usage:
//   node v2-cache-client.mjs URL TOKEN|- OP...   (OP: tools/list, prompts/list, resources/list,
//                                                 resources/templates/list, resources/read:URI)
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, token, ...ops] = process.argv.slice(2);
const deadline = setTimeout(() => {
  console.log(JSON.stringify({ op: 'deadline', error: 'not done within 30 s' }));
  process.exit(1);
}, 30000);

const headers = token && token !== '-' ? { authorization: `Bearer ${token}` } : {};
const client = new Client(
  { name: 'v2-cache-client', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } },
);
const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
const bypass = { cacheMode: 'bypass' };
try {
  await client.connect(transport);
  for (const op of ops) {
    let result;
    if (op === 'tools/list') result = await client.listTools(undefined, bypass);
    else if (op === 'prompts/list') result = await client.listPrompts(undefined, bypass);
    else if (op === 'resources/list') result = await client.listResources(undefined, bypass);
    else if (op === 'resources/templates/list')
      result = await client.listResourceTemplates(undefined, bypass);
    else if (op.startsWith('resources/read:'))
      result = await client.readResource({ uri: op.slice('resources/read:'.length) }, bypass);
    else throw new Error(`unknown op ${op}`);
    console.log(JSON.stringify({ op, result }));
  }
  await client.close();
  clearTimeout(deadline);
} catch (e) {
  console.log(JSON.stringify({ op: 'error', error: String(e?.stack ?? e) }));
  process.exit(1);
}
