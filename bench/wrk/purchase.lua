-- POST /v1/purchases in DE with tok_success: every request gets its own
-- Idempotency-Key (run id, wrk thread, counter), so each one is a new charge,
-- and its own customer, so that no spending limit of the market refuses it.
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
local report = dofile(dir .. "report.lua")
local run_id = os.getenv("MG_BENCH_RUN_ID") or tostring(os.time())
local key = "Bearer " .. os.getenv("MG_BENCH_KEY")
local body_head = '{"market": "DE", "locale": "de-DE", "customer": {"id": "'
local body_tail = '", "age": 30, "consent_immediate_delivery": true},' ..
  ' "items": [{"sku": "coins_70", "quantity": 1}],' ..
  ' "payment": {"method": "card", "token": "tok_success"}}'

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local unique = run_id .. "-" .. tostring(thread_id) .. "-" .. tostring(counter)
  local headers = {
    ["Authorization"] = key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = unique,
  }
  return wrk.format("POST", "/v1/purchases", headers, body_head .. "c-" .. unique .. body_tail)
end

delay = report.pacer()
done = report.done
