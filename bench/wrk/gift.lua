-- POST /v1/gifts in DE: one rose per request, each with its own
-- Idempotency-Key (run id, wrk thread, counter), from one of the 64 senders
-- bench/run.sh funded (s-0 ... s-63, 1,400 coins each) to one of its 8
-- creators (c-0 ... c-7, registered in BR). Concurrent gifts of one sender
-- take turns on its coin lot, as they would in a LIVE.
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
local report = dofile(dir .. "report.lua")
local run_id = os.getenv("MG_BENCH_RUN_ID") or tostring(os.time())
local key = "Bearer " .. os.getenv("MG_BENCH_KEY")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local unique = run_id .. "-" .. tostring(thread_id) .. "-" .. tostring(counter)
  local sender = (thread_id * 31 + counter) % 64
  local body = '{"market": "DE", "sender": {"id": "s-' .. sender .. '", "age": 30},' ..
    ' "creator": "c-' .. (counter % 8) .. '", "live_id": "live-bench", "gift": "rose",' ..
    ' "quantity": 1}'
  local headers = {
    ["Authorization"] = key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = unique,
  }
  return wrk.format("POST", "/v1/gifts", headers, body)
end

delay = report.pacer()
done = report.done
