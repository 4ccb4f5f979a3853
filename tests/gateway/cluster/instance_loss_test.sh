#!/usr/bin/env bash
# Losing a gateway instance mid-load loses and doubles no purchase.
#
#   tests/gateway/cluster/instance_loss_test.sh [BUILD_DIR]
#
# Starts deploy/local-cluster.sh (PostgreSQL, two gateways, nginx in front) in a temporary
# work dir on free ports, sends purchases through nginx from several client threads, each
# with its own Idempotency-Key, and SIGKILLs gateway 1 while they run. Clients do what the
# API asks of them: on a connection error, a 5xx or 409 idempotency_key_in_progress they
# send the same request with the same key again. Passes when every key ends 201 with its
# own purchase id and the database holds exactly one purchase per key. Exit 0 pass, 1 fail.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build_dir=${1:-${MG_BUILD_DIR:-$root/build}}
purchases=${MG_LOSS_PURCHASES:-300}
clients=${MG_LOSS_CLIENTS:-6}

export MG_BUILD_DIR=$build_dir
export MG_CLUSTER_DIR
MG_CLUSTER_DIR=$(mktemp -d /tmp/mg-instance-loss.XXXXXX)
rmdir "$MG_CLUSTER_DIR"  # local-cluster.sh creates and marks it
# Ports base .. base+30 must be free: a base below the ephemeral range (32768+), where
# outgoing connections cannot hold them.
export MG_CLUSTER_PORT=${MG_CLUSTER_PORT:-$((20000 + (RANDOM % 120) * 100))}
# The gateways use their in-process sandbox provider; the sandbox process is not needed.
export MG_SANDBOX_BIN=/nonexistent
cluster=$root/deploy/local-cluster.sh

say() { printf 'instance_loss_test: %s\n' "$*"; }
trap '"$cluster" down >/dev/null 2>&1 || true' EXIT

"$cluster" up >/dev/null
# shellcheck disable=SC1091
source "$MG_CLUSTER_DIR/cluster.env"
victim=$(head -n1 "$MG_CLUSTER_DIR/run/gateway-1.pid")
[[ "$victim" =~ ^[0-9]+$ ]] || { say "no pid for gateway 1"; exit 1; }

results=$MG_CLUSTER_DIR/results.tsv
MG_URL=http://127.0.0.1:$MG_CLUSTER_PORT MG_KEY=$MG_API_KEY MG_VICTIM=$victim \
  python3 - "$purchases" "$clients" "$results" <<'EOF'
import http.client, json, os, signal, sys, threading, time, uuid

total, clients, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
host, port = os.environ["MG_URL"].removeprefix("http://").split(":")
run = uuid.uuid4().hex[:8]
done = 0
lock = threading.Lock()
results = {}

def purchase(key):
    body = json.dumps({"market": "DE", "locale": "de-DE",
                       "customer": {"id": "c-" + key, "age": 30,
                                    "consent_immediate_delivery": True},
                       "items": [{"sku": "coins_70", "quantity": 1}],
                       "payment": {"method": "card", "token": "tok_success"}})
    headers = {"Authorization": "Bearer " + os.environ["MG_KEY"],
               "Content-Type": "application/json", "Idempotency-Key": key}
    retries = 0
    # A key the killed gateway held stays "in progress" until its lease (60 s) runs out; the
    # API answers that at once with Retry-After, so a client keeps trying past the lease.
    deadline = time.time() + 120
    while True:
        retry_after = 0.2
        try:
            conn = http.client.HTTPConnection(host, int(port), timeout=40)
            conn.request("POST", "/v1/purchases", body, headers)
            response = conn.getresponse()
            status, text = response.status, response.read().decode()
            retry_after = float(response.getheader("Retry-After") or 0.2)
            conn.close()
        except (OSError, http.client.HTTPException):
            status, text = 0, ""
        retryable = status == 0 or status >= 500 or (
            status == 409 and "idempotency_key_in_progress" in text)
        if not retryable or time.time() > deadline:
            return status, text, retries
        retries += 1
        time.sleep(min(retry_after, 1.0))

def client(index):
    global done
    for n in range(index, total, clients):
        key = f"loss-{run}-{n}"
        status, text, retries = purchase(key)
        purchase_id = json.loads(text).get("id", "") if status == 201 else ""
        with lock:
            results[key] = (status, purchase_id, retries, text if status != 201 else "")
            done += 1

threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in threads:
    t.start()
while True:  # the kill, a third of the way in
    with lock:
        if done >= total // 3:
            break
    time.sleep(0.01)
os.kill(int(os.environ["MG_VICTIM"]), signal.SIGKILL)
killed_at = done
for t in threads:
    t.join()
with open(out, "w") as f:
    for key, (status, purchase_id, retries, text) in sorted(results.items()):
        f.write(f"{key}\t{status}\t{purchase_id}\t{retries}\t{text}\n")
print(f"killed gateway 1 after {killed_at} of {total} purchases;"
      f" {sum(r[2] for r in results.values())} retries in all", file=sys.stderr)
EOF

fail=0
answered=$(wc -l <"$results")
created=$(awk -F'\t' '$2 == 201' "$results" | wc -l)
distinct_ids=$(awk -F'\t' '$2 == 201 {print $3}' "$results" | sort -u | wc -l)
say "$answered keys answered, $created with 201, $distinct_ids distinct purchase ids"
if ((answered != purchases || created != purchases || distinct_ids != purchases)); then
  say "FAIL: every key must end 201 with its own purchase; the others:"
  awk -F'\t' '$2 != 201' "$results" | head -n 5
  fail=1
fi

# The database: one purchase per key, no more, no fewer.
pg_bin=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)
psql=("${as_pg[@]}" "$pg_bin/psql" -h "$MG_CLUSTER_DIR/pg/run" -p $((MG_CLUSTER_PORT + 30))
  -U postgres -d marketgate -qAt -v ON_ERROR_STOP=1)
rows=$("${psql[@]}" -c "SELECT COUNT(*) FROM purchases")
distinct_keys=$("${psql[@]}" -c "SELECT COUNT(DISTINCT idem_key) FROM idempotency_keys")
say "database: $rows purchases, $distinct_keys idempotency keys"
if ((rows != purchases)); then
  say "FAIL: expected $purchases purchases in the database, found $rows"
  fail=1
fi
ids_in_db=$("${psql[@]}" -c "SELECT id FROM purchases" | sort)
ids_answered=$(awk -F'\t' '$2 == 201 {print $3}' "$results" | sort)
if [[ "$ids_in_db" != "$ids_answered" ]]; then
  say "FAIL: the purchase ids answered differ from those in the database"
  fail=1
fi
((fail == 0)) && say "PASS"
exit "$fail"
