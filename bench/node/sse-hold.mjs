// Opens N SSE streams through a proxy and holds them idle. Prints "READY <open> <failed>" once every
// stream has its first event, then checks that every stream still receives events for HOLD_MS and
// prints the verdict as one JSON line.
//
// Usage: node sse-hold.mjs URL N HOLD_MS BATCH
import http from 'node:http';

const [url, nArg, holdArg, batchArg] = process.argv.slice(2);
const n = Number(nArg);
const holdMs = Number(holdArg);
const batch = Number(batchArg || 250);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const counts = new Array(n).fill(0);
const requests = [];
let failed = 0;

function open(i) {
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok) => { if (!settled) { settled = true; if (!ok) failed++; resolve(); } };
    const req = http.get(url, { agent, headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { res.resume(); done(false); return; }
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        const events = chunk.split('\n\n').length - 1;
        if (events > 0) { counts[i] += events; done(true); }
      });
      res.on('error', () => done(false));
      res.on('close', () => done(false));
    });
    req.setTimeout(30_000, () => { req.destroy(); done(false); });
    req.on('error', () => done(false));
    requests.push(req);
  });
}

for (let i = 0; i < n; i += batch) {
  await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => open(i + k)));
}
console.log(`READY ${n - failed} ${failed}`);
const before = counts.slice();
await new Promise((r) => setTimeout(r, holdMs));
let withNewEvents = 0;
for (let i = 0; i < n; i++) if (counts[i] > before[i]) withNewEvents++;
console.log(JSON.stringify({ streams: n, opened: n - failed, failed, withNewEvents }));
for (const req of requests) req.destroy();
process.exit(0);
