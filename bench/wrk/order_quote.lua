-- POST /v1/quotes with kind order: a US-TX buyer, two shirts from a Chinese
-- seller during a LIVE, an affiliate creator at 10 % (docs/markets.md,
-- "Commerce").
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
local report = dofile(dir .. "report.lua")
wrk.method = "POST"
wrk.path = "/v1/quotes"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MG_BENCH_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind": "order", "market": "US", "customer": {"age": 30},' ..
  ' "shipping_address": {"country": "US", "subdivision": "US-TX", "postal_code": "78701"},' ..
  ' "seller": {"id": "seller_cn_1", "country": "CN"},' ..
  ' "items": [{"listing": "lst_shirt", "title": "Shirt", "unit_price": "25.00",' ..
  ' "tax_class": "physical_goods", "category": "fashion", "quantity": 2}],' ..
  ' "affiliate": {"creator": "creator_1", "rate": "10"},' ..
  ' "attribution": {"type": "live", "id": "live_1"}}'
delay = report.pacer()
done = report.done
