-- POST /v1/quotes: one coin pack in DE.
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
local report = dofile(dir .. "report.lua")
wrk.method = "POST"
wrk.path = "/v1/quotes"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MG_BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"market": "DE", "locale": "de-DE", "customer": {"age": 30,' ..
  ' "consent_immediate_delivery": true}, "items": [{"sku": "coins_70", "quantity": 2}]}'
delay = report.pacer()
done = report.done
