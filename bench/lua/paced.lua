-- Paces a wrk run at a constant request rate: BENCH_RATE requests per second over all the
-- connections of the (single) wrk thread, whatever the answers' latency, as a constant-rate load
-- generator does (wrk2's -R, h2load's --rate for connections). Each request takes the next slot of
-- a fixed schedule; a connection whose answer came early waits for its slot in wrk's delay() hook,
-- so the achieved rate is the schedule's as long as there are connections free to send. wrk
-- schedules delays in whole milliseconds: at 20,000 req/s the requests leave in bursts of about
-- twenty per millisecond, at the asked rate on average. Prints report.lua's BENCH line.
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("BENCH_RATE") or "")
if not rate or rate <= 0 then
  error("paced.lua: BENCH_RATE must be a positive number of requests per second")
end
local interval_ms = 1000 / rate
local next_slot = nil

local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end

function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now then
    -- Behind the schedule (or starting): the slot is now; missed slots are not made up in a burst.
    next_slot = now
  end
  local wait = next_slot - now
  next_slot = next_slot + interval_ms
  return math.floor(wait)
end

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
