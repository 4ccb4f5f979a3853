#!/usr/bin/env bash
# Load benchmark of the gateway on this machine, in one command:
#
#   bench/run.sh
#
# Builds (Release, in build-release/ unless MG_BENCH_BUILD_DIR names another build) the
# gateway, the sandbox, bench/bare_beast_server and bench/ceiling_server, then on loopback:
#   1. the ceiling: bare_beast_server, a bare Boost.Beast server (one io_context and
#      acceptor per thread, SO_REUSEPORT, a fixed small JSON body) as `ceiling_bare`, run
#      first and last, ratios against the higher; then ceiling_server, the gateway's own HTTP
#      stack answering a fixed body, as `ceiling` (and `ceiling_end`): what the stack itself
#      costs before any route does work (its ratio to the bare server is the stack's share);
#   2. GET /v1/markets/DE/catalog, POST /v1/quotes and POST /v1/purchases (each with its own
#      Idempotency-Key) against `marketgate serve` on SQLite, card payments going to
#      marketgate-sandbox over HTTP as they would to Stripe and Adyen;
#      then quotes paced at half the rate they reached (`quotes_paced`), for their latency;
#      an order's quote (`order_quotes`, kind order: a US-TX order from a seller with an
#      affiliate) and orders (`orders_sqlite`, POST /v1/orders: a purchase with its split and
#      a five-entry journal), each next to its purchase counterpart in the same run;
#   3. purchases paced at MG_BENCH_PACED_RATE/s over few connections, for the latency;
#      then LIVE gifts (POST /v1/gifts, one rose each from 64 funded senders to 8 creators),
#      as fast as they go and paced at MG_BENCH_GIFT_RATE/s, next to their storage
#      baseline (bench/gift_baseline: raw SQLite doing a gift's row writes in one
#      transaction at the same durability);
#   4. purchases and gifts on PostgreSQL (a temporary initdb cluster on a free loopback port),
#      the gifts next to their baseline on that server (gift_baseline --postgres, its own
#      database);
#   5. loading and validating synthetic markets generated from regions/markets/DE.yaml
#      (`marketgate validate`, three times: the median), then SIGHUP reloads of them while wrk
#      drives quotes.
# Prints requests/s, p50, p99 and the ratio to the ceiling per scenario, the CPU time per
# request of each process (server, gateway, sandbox, PostgreSQL, wrk), and each gateway's
# peak RSS (VmHWM), and writes everything to bench/results/<UTC time>.json.
#
# wrk and the servers share this machine's cores, so the figures are a floor for a server
# with cores of its own. The bench config sets no rate_limits (nothing is limited) and logs
# at `warning` (no access-log line per request).
#
# Environment (defaults in brackets):
#   MG_BENCH_BUILD_DIR     [build-release]; an existing build dir is used as configured
#   MG_BENCH_DURATION      seconds per scenario [10]
#   MG_BENCH_CONNECTIONS   wrk connections for the throughput scenarios [32]
#   MG_BENCH_THREADS       wrk threads [2]
#   MG_BENCH_PACED_RATE    target rate of the paced purchase run [1000]
#   MG_BENCH_PACED_CONNECTIONS  its connections [8]
#   MG_BENCH_GIFT_RATE     target rate of the paced gift runs [1000]
#   MG_BENCH_MARKETS       synthetic markets to generate [1000: the 676 two-letter codes,
#                          then subdivision-shaped codes XA-001, XA-002, ...]
#   MG_BENCH_RELOADS       SIGHUP reloads during the reload scenario [3]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BENCH_BUILD_DIR:-$root/build-release}
duration=${MG_BENCH_DURATION:-10}
connections=${MG_BENCH_CONNECTIONS:-32}
wrk_threads=${MG_BENCH_THREADS:-2}
paced_rate=${MG_BENCH_PACED_RATE:-1000}
paced_connections=${MG_BENCH_PACED_CONNECTIONS:-8}
gift_rate=${MG_BENCH_GIFT_RATE:-1000}
market_count=${MG_BENCH_MARKETS:-1000}
reloads=${MG_BENCH_RELOADS:-3}
key=sk_bench_purchases_0c4e7d19
admin_key=sk_bench_admin_5b93a2e6
payouts_key=sk_bench_payouts_71d2c4a8

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
for tool in wrk python3 curl; do command -v "$tool" >/dev/null || die "$tool not found"; done

# --- Build ---
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build_dir" --parallel "$(nproc)" \
  --target marketgate marketgate-sandbox bare_beast_server ceiling_server gift_baseline \
  >/dev/null
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt")
gateway_bin=$build_dir/gateway/marketgate
sandbox_bin=$build_dir/gateway/sandbox/marketgate-sandbox
ceiling_bin=$build_dir/bench/ceiling_server
bare_bin=$build_dir/bench/bare_beast_server
gift_baseline_bin=$build_dir/bench/gift_baseline

# --- Processes: every one started here is stopped by pid on exit. ---
work=$(mktemp -d /tmp/marketgate-bench.XXXXXX)
chmod 755 "$work"
pids=()
pg_ctl_stop=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((${#pg_ctl_stop[@]})); then "${pg_ctl_stop[@]}" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Starts NAME PROGRAM ARGS... in the background, logging to $work/NAME.log; sets $started_pid.
start() {
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
}

# Waits until LOG has a line matching REGEX and prints the line's first capture group.
wait_for_line() { # LOG REGEX PID
  local i line
  for ((i = 0; i < 300; i++)); do
    line=$(grep -m1 -E "$2" "$1" 2>/dev/null || true)
    if [[ -n "$line" ]]; then
      [[ "$line" =~ $2 ]] && echo "${BASH_REMATCH[1]}"
      return 0
    fi
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  say "no '$2' in $1:"
  tail -n 20 "$1" >&2
  return 1
}

wait_ready() { # URL
  local i
  for ((i = 0; i < 300; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$1/readyz" && return 0
    sleep 0.1
  done
  die "$1 did not become ready"
}

peak_rss_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# Starts `marketgate serve` on STORE_YAML (one line) and REGIONS; sets $gw_url, $gw_admin,
# $gw_pid.
start_gateway() { # NAME STORE_YAML REGIONS_DIR
  local name=$1 config=$work/$1.yaml port admin
  cat >"$config" <<EOF
listen: 127.0.0.1:0
admin_listen: 127.0.0.1:0
regions_dir: $3
default_return_url: https://app.example/checkout/return
store: $2
api_keys:
  - {name: bench, sha256: $(printf %s "$key" | sha256sum | cut -d' ' -f1), scopes: [read, purchases], account: bench}
  - {name: bench-payouts, sha256: $(printf %s "$payouts_key" | sha256sum | cut -d' ' -f1), scopes: [payouts], account: bench}
  - {name: bench-admin, sha256: $(printf %s "$admin_key" | sha256sum | cut -d' ' -f1), scopes: [admin, read]}
providers:
  stripe: {base_url: $sandbox_url/stripe, secret: sk_test_bench}
  adyen: {base_url: $sandbox_url/adyen, secret: adyen_bench, settings: {merchant_account: Bench}}
log_level: warning
EOF
  start "$name" "$gateway_bin" serve --config "$config"
  gw_pid=$started_pid
  port=$(wait_for_line "$work/$name.log" '^listening on 127\.0\.0\.1:([0-9]+)' "$gw_pid")
  admin=$(wait_for_line "$work/$name.log" '^admin listening on 127\.0\.0\.1:([0-9]+)' "$gw_pid")
  gw_url=http://127.0.0.1:$port
  gw_admin=http://127.0.0.1:$admin
  wait_ready "$gw_url"
}

# The processes whose CPU time each wrk run accounts for, as NAME=PID (one process, all its
# threads) or NAME=tree:PID (PostgreSQL's postmaster and its backends); set per phase below.
watched=()

# CPU time (user + system, in clock ticks) of one watched process or tree; a backend that
# exited is counted in its parent's cutime/cstime.
cpu_ticks() { # PID or tree:PID
  local spec=$1 pid child total
  if [[ $spec == tree:* ]]; then
    pid=${spec#tree:}
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")
    for child in $(ps -o pid= --ppid "$pid"); do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
  else
    total=$(awk '{print $14 + $15}' "/proc/$spec/stat")
  fi
  echo "$total"
}

# Runs wrk with SCRIPT against URL; prints the MG_RESULT JSON with, added, the CPU time per
# request of each watched process and of wrk itself ("cpu_ms_per_request"): what the
# machine's cores are spent on. Extra env: MG_BENCH_RATE.
run_wrk() { # NAME URL SCRIPT CONNECTIONS [SECONDS]
  local out=$work/wrk-$1.txt result entry i before=() spent=() TIMEFORMAT='%U %S'
  for entry in "${watched[@]}"; do before+=("$(cpu_ticks "${entry#*=}")"); done
  { time MG_BENCH_KEY=$key MG_BENCH_THREADS=$wrk_threads MG_BENCH_RUN_ID="$1-$$-$(date +%s)" \
    wrk -t "$wrk_threads" -c "$4" -d "${5:-$duration}s" --timeout 10s \
    -s "$root/bench/wrk/$3" "$2" >"$out" 2>&1; } 2>"$work/wrk-$1.cpu" ||
    { cat "$out" >&2; die "wrk $1 failed"; }
  for i in "${!watched[@]}"; do
    spent+=("${watched[i]%%=*}=$(($(cpu_ticks "${watched[i]#*=}") - before[i]))")
  done
  result=$(sed -n 's/^MG_RESULT //p' "$out")
  [[ -n "$result" ]] || { cat "$out" >&2; die "wrk $1 printed no result"; }
  python3 - "$result" "$(getconf CLK_TCK)" "$(cat "$work/wrk-$1.cpu")" "${spent[@]}" <<'EOF'
import json, sys
result, ticks, wrk_cpu = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split()
requests = max(result["requests"], 1)
seconds = {name: int(spent) / ticks for name, spent in (a.split("=") for a in sys.argv[4:])}
seconds["wrk"] = float(wrk_cpu[0]) + float(wrk_cpu[1])
result["cpu_ms_per_request"] = {name: round(s * 1000 / requests, 4) for name, s in seconds.items()}
print(json.dumps(result))
EOF
}

# Registers the 8 creators (c-0 ... c-7, in BR) and funds the 64 senders (s-0 ... s-63,
# 1,400 coins each, bought in DE) that bench/wrk/gift.lua sends roses between: 89,600
# gifts' worth, more than the gift runs send.
fund_gifts() { # URL
  local i
  for ((i = 0; i < 8; i++)); do
    curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $payouts_key" \
      -H 'Content-Type: application/json' -d '{"market": "BR", "age": 30}' \
      "$1/v1/creators/c-$i" || die "creator c-$i not registered"
  done
  for ((i = 0; i < 64; i++)); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: fund-$i-$$" \
      -d '{"market": "DE", "customer": {"id": "s-'"$i"'", "age": 30, "consent_immediate_delivery": true},
           "items": [{"sku": "coins_1400"}], "payment": {"method": "card", "token": "tok_success"}}' \
      "$1/v1/purchases" || die "sender s-$i not funded"
  done
}

# Appends one scenario to $work/results.jsonl.
record() { # NAME JSON [EXTRA_JSON_MEMBERS]
  python3 - "$1" "$2" "${3:-"{}"}" >>"$work/results.jsonl" <<'EOF'
import json, sys
row = {"scenario": sys.argv[1], **json.loads(sys.argv[2]), **json.loads(sys.argv[3])}
print(json.dumps(row))
EOF
}

say "build $build_dir ($build_type); ${duration}s per scenario, wrk -t$wrk_threads -c$connections"

# 1. The ceiling, measured again at the end: on a shared machine the load of other
# processes changes between runs, and the ratios use the higher of the two. The bare Beast
# server first (the machine's HTTP limit), then the gateway's own stack on a fixed body.
start ceiling_bare "$bare_bin" --listen 127.0.0.1:0
bare_pid=$started_pid
watched=("server=$bare_pid")
bare_port=$(wait_for_line "$work/ceiling_bare.log" '^listening on 127\.0\.0\.1:([0-9]+)' "$bare_pid")
record ceiling_bare "$(run_wrk ceiling_bare "http://127.0.0.1:$bare_port/bare" get.lua \
  "$connections")"
kill -TERM "$bare_pid"
wait "$bare_pid" 2>/dev/null || true

start ceiling "$ceiling_bin" --listen 127.0.0.1:0
ceiling_pid=$started_pid
watched=("server=$ceiling_pid")
ceiling_port=$(wait_for_line "$work/ceiling.log" '^listening on 127\.0\.0\.1:([0-9]+)' "$ceiling_pid")
record ceiling "$(run_wrk ceiling "http://127.0.0.1:$ceiling_port/bare" get.lua \
  "$connections")"

# 2. The sandbox and the gateway on SQLite.
start sandbox "$sandbox_bin" --port 0
sandbox_pid=$started_pid
sandbox_url=$(wait_for_line "$work/sandbox.log" '^listening on (http://127\.0\.0\.1:[0-9]+)' \
  "$started_pid")
start_gateway gateway-sqlite "{driver: sqlite, path: $work/bench.db}" "$root/regions"
sqlite_pid=$gw_pid
watched=("gateway=$sqlite_pid" "sandbox=$sandbox_pid")
record catalog "$(run_wrk catalog "$gw_url/v1/markets/DE/catalog" get.lua "$connections")"
quotes_result=$(run_wrk quotes "$gw_url" quote.lua "$connections")
record quotes "$quotes_result"
# Quotes paced at half the rate they just reached: the latency the issue's target names.
quotes_half=$(python3 -c 'import json,sys; print(max(1, int(json.loads(sys.argv[1])["rps"] / 2)))' \
  "$quotes_result")
record quotes_paced "$(MG_BENCH_RATE=$quotes_half run_wrk quotes_paced "$gw_url" quote.lua \
  "$paced_connections")" "{\"target_rps\": $quotes_half}"
# An order quote (docs/markets.md, "Commerce"): destination tax, who remits it, the split.
record order_quotes "$(run_wrk order_quotes "$gw_url" order_quote.lua "$connections")"
record purchases_sqlite "$(run_wrk purchases_sqlite "$gw_url" purchase.lua "$connections")"
record purchases_sqlite_paced "$(MG_BENCH_RATE=$paced_rate run_wrk purchases_sqlite_paced \
  "$gw_url" purchase.lua "$paced_connections")" "{\"target_rps\": $paced_rate}"
# Orders: a purchase with its split and a journal of five entries; against purchases above.
record orders_sqlite "$(run_wrk orders_sqlite "$gw_url" order.lua "$connections")"
fund_gifts "$gw_url"
record gifts_baseline_sqlite "$("$gift_baseline_bin" --db="$work/gift_baseline.db" \
  --seconds="$duration" | sed -n 's/^MG_RESULT //p')"
record gifts_sqlite "$(run_wrk gifts_sqlite "$gw_url" gift.lua "$connections")"
record gifts_sqlite_paced "$(MG_BENCH_RATE=$gift_rate run_wrk gifts_sqlite_paced \
  "$gw_url" gift.lua "$paced_connections")" "{\"target_rps\": $gift_rate}"
sqlite_rss=$(peak_rss_kib "$sqlite_pid")
kill -TERM "$sqlite_pid"

# 4. PostgreSQL: a throwaway cluster, as the postgres user when running as root.
pg_bin=$(pg_config --bindir 2>/dev/null || true)
[[ -x "$pg_bin/initdb" ]] || pg_bin=/usr/lib/postgresql/15/bin
[[ -x "$pg_bin/initdb" ]] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)
mkdir -p "$work/pg"
[[ $(id -u) -eq 0 ]] && chown postgres: "$work/pg"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U mg --auth=trust -E UTF8 --no-locale \
  >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; die "initdb failed"; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work/pg -c max_connections=200" \
  start >/dev/null || { cat "$work/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
pg_ctl_stop=("${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop)
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U mg marketgate
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U mg gift_baseline
start_gateway gateway-postgres \
  "{driver: postgres, dsn: 'host=127.0.0.1 port=$pg_port dbname=marketgate user=mg'}" \
  "$root/regions"
postgres_pid=$gw_pid
watched=("gateway=$postgres_pid" "sandbox=$sandbox_pid"
  "postgres=tree:$(head -n 1 "$work/pg/data/postmaster.pid")")
record purchases_postgres "$(run_wrk purchases_postgres "$gw_url" purchase.lua "$connections")"
record purchases_postgres_paced "$(MG_BENCH_RATE=$paced_rate run_wrk purchases_postgres_paced \
  "$gw_url" purchase.lua "$paced_connections")" "{\"target_rps\": $paced_rate}"
fund_gifts "$gw_url"
record gifts_baseline_postgres "$("$gift_baseline_bin" \
  --postgres="host=127.0.0.1 port=$pg_port dbname=gift_baseline user=mg" \
  --seconds="$duration" | sed -n 's/^MG_RESULT //p')"
record gifts_postgres "$(run_wrk gifts_postgres "$gw_url" gift.lua "$connections")"
record gifts_postgres_paced "$(MG_BENCH_RATE=$gift_rate run_wrk gifts_postgres_paced \
  "$gw_url" gift.lua "$paced_connections")" "{\"target_rps\": $gift_rate}"
postgres_rss=$(peak_rss_kib "$postgres_pid")
kill -TERM "$postgres_pid"

# 5. Synthetic markets: DE.yaml under every code AA, AB, ... ZZ (the shipped DE among them),
# then, past 676, under subdivision-shaped codes XA-001 ... XA-999, XB-001, ... (country codes
# of the user-assigned X range, so none is a real ISO 3166-2 code).
regions=$work/regions
mkdir -p "$regions/markets"
cp -r "$root/regions/common" "$regions/common"
python3 - "$root/regions/markets/DE.yaml" "$regions/markets" "$market_count" <<'EOF'
import itertools, re, string, sys
source, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(source).read()
letters = string.ascii_uppercase
codes = ["".join(c) for c in itertools.product(letters, repeat=2)]
codes += [f"X{c}-{n:03d}" for c in letters for n in range(1, 1000)]
if len(codes) < count:
    sys.exit(f"only {len(codes)} synthetic market codes are generated")
for code in codes[:count]:
    open(f"{out}/{code}.yaml", "w").write(re.sub(r"(?m)^market: DE$", f"market: {code}", text))
EOF
# Three times, the median recorded: one sample falls on whatever the machine is still doing
# (PostgreSQL's shutdown checkpoint, the files just written back) and moved by 25 % between
# runs of the same build. Every sample is kept in the results.
load_runs=()
for _ in 1 2 3; do
  load_start=$(date +%s%N)
  "$gateway_bin" validate "$regions" >"$work/validate.log" 2>&1 \
    || { tail -n 20 "$work/validate.log" >&2; die "the synthetic markets do not validate"; }
  load_runs+=($((($(date +%s%N) - load_start) / 1000000)))
done
load_ms=$(printf '%s\n' "${load_runs[@]}" | sort -n | sed -n 2p)
record markets_load "{\"markets\": $market_count, \"load_and_validate_ms\": $load_ms, \"runs_ms\": [$(
  IFS=,
  echo "${load_runs[*]}"
)]}"

# ... and reloads of them while wrk drives quotes: every answer must stay 2xx.
start_gateway gateway-reload "{driver: sqlite, path: $work/reload.db}" "$regions"
reload_pid=$gw_pid
watched=("gateway=$reload_pid")
reload_seconds=$((reloads * 3 + 4))
(
  sleep 2
  for ((i = 0; i < reloads; i++)); do kill -HUP "$reload_pid"; sleep 3; done
) &
reloader=$!
reload_result=$(run_wrk quotes_during_reload "$gw_url" quote.lua "$connections" "$reload_seconds")
wait "$reloader"
# A reload of many markets can outlast the load; wait (up to 30 s) for the last one to land.
reloads_ok() { curl -fsS "$gw_admin/metrics" | sed -n 's/^market_reloads_total{result="ok"} //p'; }
reloaded=$(reloads_ok)
for ((i = 0; i < 60 && ${reloaded:-0} < reloads + 1; i++)); do
  sleep 0.5
  reloaded=$(reloads_ok)
done
reload_rss=$(peak_rss_kib "$reload_pid")
record quotes_during_reload "$reload_result" \
  "{\"markets\": $market_count, \"sighup_sent\": $reloads, \"reloads_ok\": ${reloaded:-0}, \"peak_rss_kib\": $reload_rss}"

# The reload gateway stops first, so that the closing ceiling runs on an idle machine as the
# opening one did.
kill -TERM "$reload_pid"
wait "$reload_pid" 2>/dev/null || true

watched=("server=$ceiling_pid")
record ceiling_end "$(run_wrk ceiling_end "http://127.0.0.1:$ceiling_port/bare" get.lua \
  "$connections")"
kill -TERM "$ceiling_pid"
wait "$ceiling_pid" 2>/dev/null || true
start ceiling_bare_end "$bare_bin" --listen 127.0.0.1:0
bare_pid=$started_pid
watched=("server=$bare_pid")
bare_port=$(wait_for_line "$work/ceiling_bare_end.log" '^listening on 127\.0\.0\.1:([0-9]+)' \
  "$bare_pid")
record ceiling_bare_end "$(run_wrk ceiling_bare_end "http://127.0.0.1:$bare_port/bare" get.lua \
  "$connections")"
kill -TERM "$bare_pid"

# --- Report ---
mkdir -p "$root/bench/results"
result_file=$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ).json
python3 "$root/bench/report.py" "$work/results.jsonl" "$result_file" "$build_type" "$duration" \
  "$connections" "$wrk_threads" "$sqlite_rss" "$postgres_rss"
