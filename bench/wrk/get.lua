-- GET with the bench API key (open routes ignore it).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)")
local report = dofile(dir .. "report.lua")
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("MG_BENCH_KEY")
delay = report.pacer()
done = report.done
