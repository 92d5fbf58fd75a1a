// WebSocket echo through a proxy: CONNS connections, each sending MSGS messages of SIZE bytes one
// after another and waiting for each echo. Prints round-trip percentiles as one JSON line.
//
// Usage: node ws-echo.mjs URL CONNS MSGS SIZE
import WebSocket from 'ws';

const [url, connsArg, msgsArg, sizeArg] = process.argv.slice(2);
const conns = Number(connsArg);
const msgs = Number(msgsArg);
const payload = Buffer.alloc(Number(sizeArg), 'x');
const rtts = [];
let errors = 0;

function run() {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let sent = 0;
    let t0 = 0n;
    const send = () => { t0 = process.hrtime.bigint(); sent++; ws.send(payload); };
    const timer = setTimeout(() => { errors++; ws.terminate(); }, 60_000);
    ws.on('open', send);
    ws.on('message', (data) => {
      if (data.length !== payload.length) errors++;
      rtts.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (sent < msgs) send(); else ws.close();
    });
    ws.on('error', () => { errors++; });
    ws.on('close', () => { clearTimeout(timer); resolve(); });
  });
}

const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: conns }, run));
const secs = Number(process.hrtime.bigint() - start) / 1e9;
rtts.sort((a, b) => a - b);
const pct = (p) => (rtts.length ? Math.round(rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))]) : 0);
console.log(JSON.stringify({
  messages: rtts.length, expected: conns * msgs, errors,
  rate: +(rtts.length / secs).toFixed(1), p50_us: pct(0.5), p99_us: pct(0.99), p999_us: pct(0.999),
}));
