// Opens N keep-alive HTTP/1.1 connections to a proxy, sends one request on each and keeps them
// open and idle: the connections mode's memory per idle connection. Prints "READY <ok> <failed>"
// once every connection has its answer (status 200) or failed, holds them for HOLD_MS, then
// prints one JSON line with how many were still open and closes them.
//
// Usage: node conn-hold.mjs PORT N PATH AUTH HOLD_MS [BATCH]
import net from 'node:net';

const [portArg, nArg, path, auth, holdArg, batchArg] = process.argv.slice(2);
const port = Number(portArg);
const n = Number(nArg);
const holdMs = Number(holdArg);
const batch = Number(batchArg || 500);
const request =
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
  (auth ? `Authorization: ${auth}\r\n` : '') +
  'Connection: keep-alive\r\n\r\n';
const sockets = [];
let failed = 0;
let closedEarly = 0;

function open() {
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok) => { if (!settled) { settled = true; if (!ok) failed++; resolve(); } };
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(request));
    s.setTimeout(30_000, () => { s.destroy(); done(false); });
    s.once('data', (chunk) => {
      s.setTimeout(0);
      done(chunk.toString('latin1', 0, 12) === 'HTTP/1.1 200');
    });
    s.on('data', () => {}); // the rest of the body
    s.on('error', () => done(false));
    s.on('close', () => { if (settled) closedEarly++; done(false); });
    sockets.push(s);
  });
}

for (let i = 0; i < n; i += batch) {
  await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => open()));
}
console.log(`READY ${n - failed} ${failed}`);
await new Promise((r) => setTimeout(r, holdMs));
console.log(JSON.stringify({ connections: n, answered: n - failed, failed, closedWhileIdle: closedEarly }));
for (const s of sockets) s.destroy();
process.exit(0);
