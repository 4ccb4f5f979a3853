-- POST /v1/orders: the order of order_quote.lua charged with tok_success;
-- every request gets its own Idempotency-Key and customer, as purchase.lua.
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
local report = dofile(dir .. "report.lua")
local run_id = os.getenv("MG_BENCH_RUN_ID") or tostring(os.time())
local key = "Bearer " .. os.getenv("MG_BENCH_KEY")
local body_head = '{"market": "US", "customer": {"id": "'
local body_tail = '", "age": 30},' ..
  ' "shipping_address": {"country": "US", "subdivision": "US-TX", "postal_code": "78701"},' ..
  ' "seller": {"id": "seller_cn_1", "country": "CN"},' ..
  ' "items": [{"listing": "lst_shirt", "title": "Shirt", "unit_price": "25.00",' ..
  ' "tax_class": "physical_goods", "category": "fashion", "quantity": 2}],' ..
  ' "affiliate": {"creator": "creator_1", "rate": "10"},' ..
  ' "attribution": {"type": "live", "id": "live_1"},' ..
  ' "payment": {"method": "card", "token": "tok_success"}}'

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local unique = run_id .. "-o-" .. tostring(thread_id) .. "-" .. tostring(counter)
  local headers = {
    ["Authorization"] = key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = unique,
  }
  return wrk.format("POST", "/v1/orders", headers, body_head .. "o-" .. unique .. body_tail)
end

delay = report.pacer()
done = report.done
