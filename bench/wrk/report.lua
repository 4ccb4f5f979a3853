-- Shared by the bench's wrk scripts (dofile'd): done() prints one line,
-- "MG_RESULT {json}", that bench/run.sh parses. Latencies in milliseconds.
-- wrk counts every status >= 400 in errors.status: those are the non-2xx.
local report = {}

function report.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'MG_RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,' ..
    '"max_ms":%.3f,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end

-- Paces this wrk thread to MG_BENCH_RATE / MG_BENCH_THREADS requests per
-- second (an open-loop schedule, as far as the connections allow); unset:
-- as fast as possible. wrk2 is not packaged in Debian; this is its poor
-- cousin and does not correct for coordinated omission.
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } mg_timespec;
  int clock_gettime(int clock_id, mg_timespec* ts);
]]
local function now_ms()
  local ts = ffi.new("mg_timespec")
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

function report.pacer()
  local rate = tonumber(os.getenv("MG_BENCH_RATE") or "")
  if not rate or rate <= 0 then return nil end
  local threads = tonumber(os.getenv("MG_BENCH_THREADS") or "1")
  local interval = 1000 * threads / rate
  local next_at = nil
  return function()
    local now = now_ms()
    next_at = (next_at or now) + interval
    if next_at < now then next_at = now end
    return math.floor(next_at - now)
  end
end

return report
