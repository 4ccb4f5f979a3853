#!/usr/bin/env python3
"""The report of bench/run.sh: reads the scenarios it recorded (one JSON object a line),
adds the ratios (to the bare Beast server, to the stack's fixed body, to the storage
baselines), writes bench/results/<time>.json and prints the tables.

  report.py RESULTS_JSONL OUT_JSON BUILD_TYPE DURATION CONNECTIONS THREADS SQLITE_RSS PG_RSS
"""
import json, os, platform, sys
rows_file, out, build_type, duration, connections, threads, sqlite_rss, pg_rss = sys.argv[1:]
rows = [json.loads(line) for line in open(rows_file)]
by_name = {row["scenario"]: row for row in rows}
# Ratios against the bare Beast server (the machine's HTTP limit), and against the stack's
# own fixed-body server (what a route adds to the stack).
ceiling = max(by_name["ceiling_bare"]["rps"], by_name["ceiling_bare_end"]["rps"])
stack = max(by_name["ceiling"]["rps"], by_name["ceiling_end"]["rps"])
for row in rows:
    if "rps" in row:
        row["ratio_to_ceiling"] = round(row["rps"] / ceiling, 3)
        row["ratio_to_stack"] = round(row["rps"] / stack, 3)
# Gifts are judged against their database doing their writes, not against the HTTP ceiling.
for store in ("sqlite", "postgres"):
    baseline = by_name[f"gifts_baseline_{store}"]["rps"]
    by_name[f"gifts_{store}"]["ratio_to_storage_baseline"] = round(
        by_name[f"gifts_{store}"]["rps"] / baseline, 3)
# Orders against their purchase counterparts of the same run: an order quote against a
# coin-pack quote, an order against a coin-pack purchase (both through the sandbox).
for order, purchase in (("order_quotes", "quotes"), ("orders_sqlite", "purchases_sqlite")):
    by_name[order]["ratio_to_" + purchase] = round(
        by_name[order]["rps"] / by_name[purchase]["rps"], 3)
report = {
    "machine": {"cores": os.cpu_count(), "kernel": platform.release()},
    "build_type": build_type,
    "wrk": {"threads": int(threads), "connections": int(connections), "duration_s": int(duration)},
    "peak_rss_kib": {"gateway_sqlite": int(sqlite_rss), "gateway_postgres": int(pg_rss)},
    "scenarios": rows,
}
json.dump(report, open(out, "w"), indent=2)
print(f"{'scenario':26} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bare':>8} {'stack':>8}"
      f" {'errors':>7}")
for row in rows:
    if "rps" not in row:
        continue
    errors = row["status_errors"] + row["socket_errors"]
    print(f"{row['scenario']:26} {row['rps']:9.0f} {row['p50_ms']:8.2f} {row['p99_ms']:8.2f}"
          f" {row['ratio_to_ceiling']:8.0%} {row['ratio_to_stack']:8.0%} {errors:7d}")
# Where the cores went: CPU time per request of each process (user + system), and the rate
# the machine's cores would allow if they did nothing else.
print(f"\n{'CPU ms per request':26} {'server':>8} {'gateway':>8} {'sandbox':>8} {'postgres':>8}"
      f" {'wrk':>8} {'cores allow':>12}")
for row in rows:
    cpu = row.get("cpu_ms_per_request")
    if not cpu:
        continue
    total = sum(cpu.values())
    cells = " ".join(f"{cpu[name]:8.3f}" if name in cpu else f"{'':8}"
                     for name in ("server", "gateway", "sandbox", "postgres", "wrk"))
    allow = os.cpu_count() * 1000 / total if total else 0
    print(f"{row['scenario']:26} {cells} {allow:10.0f}/s")
for store, database, durability in (("sqlite", "SQLite", "synchronous=FULL"),
                                    ("postgres", "PostgreSQL", "synchronous_commit=on")):
    baseline = by_name[f"gifts_baseline_{store}"]["rps"]
    print(f"gifts_{store}: {by_name[f'gifts_{store}']['ratio_to_storage_baseline']:.0%} of raw"
          f" {database} doing a gift's writes ({baseline:.0f}/s, one transaction per gift,"
          f" {durability})")
for name in ("quotes_paced", "purchases_sqlite_paced", "gifts_sqlite_paced",
             "gifts_postgres_paced"):
    row = by_name[name]
    print(f"{name}: {row['rps']:.0f}/s of {row['target_rps']} asked, p99 {row['p99_ms']:.2f} ms")
for order, purchase in (("order_quotes", "quotes"), ("orders_sqlite", "purchases_sqlite")):
    print(f"{order}: {by_name[order]['ratio_to_' + purchase]:.0%} of {purchase}"
          f" ({by_name[order]['rps']:.0f}/s against {by_name[purchase]['rps']:.0f}/s)")
load = by_name["markets_load"]
reload = by_name["quotes_during_reload"]
print(f"load + validate {load['markets']} markets: {load['load_and_validate_ms']} ms"
      f" (median of {', '.join(str(ms) for ms in load.get('runs_ms', []))} ms)")
print(f"reloads under quote load: {reload['sighup_sent']} SIGHUP, reloads_ok counter"
      f" {reload['reloads_ok']} (1 = start-up), non-2xx {reload['status_errors']},"
      f" socket errors {reload['socket_errors']}")
print(f"peak RSS (VmHWM): sqlite gateway {int(sqlite_rss) / 1024:.1f} MiB, postgres gateway"
      f" {int(pg_rss) / 1024:.1f} MiB, {load['markets']}-market gateway"
      f" {reload['peak_rss_kib'] / 1024:.1f} MiB")
print(f"written to {out}")
