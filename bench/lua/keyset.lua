-- The cache-size curve's hits: each request picks one key at random from the whole populated key
-- set (node/keyset-fill.mjs stores it first), so that the store's size, not one hot entry, is
-- what a hit pays for. The key set, as keyset-fill.mjs walks it, keys 0 .. API + ASSETS - 1:
--   key k < BENCH_KEYS_API:  GET /v1/items/<k div TOKENS> with Authorization: Bearer cs-<k mod TOKENS>
--                            (a per-credential API read of 2 KB)
--   key k >= BENCH_KEYS_API: GET /static/a/<k - API>.js (a shared 32 KB asset)
-- The requests are formatted once in init(); request() only draws the next one. Prints
-- report.lua's BENCH line.
local reqs = {}
local n = 0

function init(args)
  local api = tonumber(os.getenv("BENCH_KEYS_API") or "")
  local tokens = tonumber(os.getenv("BENCH_KEYS_TOKENS") or "")
  local assets = tonumber(os.getenv("BENCH_KEYS_ASSETS") or "")
  if not api or not tokens or tokens < 1 or not assets or api + assets < 1 then
    error("keyset.lua: BENCH_KEYS_API, BENCH_KEYS_TOKENS (>= 1) and BENCH_KEYS_ASSETS must be set")
  end
  for k = 0, api - 1 do
    n = n + 1
    reqs[n] = wrk.format("GET", "/v1/items/" .. math.floor(k / tokens),
      { ["Authorization"] = "Bearer cs-" .. (k % tokens) })
  end
  for a = 0, assets - 1 do
    n = n + 1
    reqs[n] = wrk.format("GET", "/static/a/" .. a .. ".js")
  end
  math.randomseed(os.time())
end

function request()
  return reqs[math.random(n)]
end

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
