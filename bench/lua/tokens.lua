-- Rotates the Authorization header over BENCH_TOKENS distinct bearer tokens (default 1000), one
-- request after another, so that a per-credential cache serves BENCH_TOKENS different entries.
-- The requests are formatted once in init(); request() only picks the next one.
local reqs = {}
local n = 0
local i = 0

function init(args)
  n = tonumber(os.getenv("BENCH_TOKENS") or "1000")
  for k = 1, n do
    reqs[k] = wrk.format("GET", wrk.path, { ["Authorization"] = "Bearer bench-token-" .. k })
  end
  -- Threads start at different tokens so that they do not walk the same sequence in step.
  i = math.random(n) - 1
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50=%d p99=%d p999=%d\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
