// Fires N concurrent GETs at one fresh key, each on its own connection, and reports the statuses,
// the cache verdicts (X-Cache) and the latencies as one JSON line.
//
// Usage: node stampede.mjs URL N AUTHORIZATION TIMEOUT_MS
import http from 'node:http';

const [url, nArg, authorization, timeoutArg] = process.argv.slice(2);
const n = Number(nArg);
const timeoutMs = Number(timeoutArg);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function one() {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: { Authorization: authorization }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({
        status: res.statusCode,
        cache: String(res.headers['x-cache'] ?? '-'),
        ms: Number(process.hrtime.bigint() - start) / 1e6,
      }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, cache: e.message, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
  });
}

const results = await Promise.all(Array.from({ length: n }, one));
const statuses = {};
const caches = {};
for (const r of results) {
  statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  caches[r.cache] = (caches[r.cache] ?? 0) + 1;
}
const ms = results.map((r) => r.ms).sort((a, b) => a - b);
console.log(JSON.stringify({
  requests: n,
  ok: statuses[200] ?? 0,
  statuses,
  caches,
  p50_ms: +ms[Math.floor(0.5 * (n - 1))].toFixed(1),
  max_ms: +ms[n - 1].toFixed(1),
}));
