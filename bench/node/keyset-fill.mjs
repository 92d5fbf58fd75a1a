// Walks the cache-size curve's key set once: requests every key, over CONC keep-alive connections,
// in the order lua/keyset.lua numbers them (the per-credential API reads first, then the 32 KB
// assets), and reads every body. The first walk stores the keys (each request a miss that the
// proxy takes to the origin), a second finds them stored. Prints one JSON line: requests, ok
// (status 200), failed (and the first failure), elapsed ms.
//
// Usage: node keyset-fill.mjs PORT API TOKENS ASSETS [CONC]
import http from 'node:http';

const [portArg, apiArg, tokensArg, assetsArg, concArg] = process.argv.slice(2);
const port = Number(portArg);
const api = Number(apiArg);
const tokens = Number(tokensArg);
const assets = Number(assetsArg);
const conc = Number(concArg || 16);
if (!(port > 0) || !(api >= 0) || !(tokens >= 1) || !(assets >= 0)) {
  console.error('usage: node keyset-fill.mjs PORT API TOKENS ASSETS [CONC]');
  process.exit(2);
}
const total = api + assets;
const agent = new http.Agent({ keepAlive: true, maxSockets: conc });
let next = 0;
let ok = 0;
let failed = 0;
let firstFailure = null;

function get(k) {
  const options = { host: '127.0.0.1', port, agent, headers: {} };
  if (k < api) {
    options.path = `/v1/items/${Math.floor(k / tokens)}`;
    options.headers.Authorization = `Bearer cs-${k % tokens}`;
  } else {
    options.path = `/static/a/${k - api}.js`;
  }
  return new Promise((resolve) => {
    const fail = (why) => {
      failed++;
      firstFailure ??= `${options.path}: ${why}`;
      resolve();
    };
    const req = http.get(options, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (res.statusCode === 200) ok++;
        else fail(`status ${res.statusCode}`);
        resolve();
      });
      res.on('error', (e) => fail(e.message));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => fail(e.message));
  });
}

async function worker() {
  while (next < total) await get(next++);
}

const t0 = Date.now();
await Promise.all(Array.from({ length: conc }, () => worker()));
agent.destroy();
console.log(JSON.stringify({ requests: total, ok, failed, firstFailure, ms: Date.now() - t0 }));
