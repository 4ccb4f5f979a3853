#!/usr/bin/env python3
"""Crash test: purchases survive SIGKILL of the gateway with exactly-once charges.

Starts marketgate-sandbox and `marketgate serve` (SQLite store in a temporary folder, the
`stripe` provider pointing at the sandbox), runs concurrent clients that buy with their own
Idempotency-Keys, SIGKILLs the gateway at random moments and restarts it, while every client
retries with the same key until it gets a final answer. Then it checks against the sandbox's
ledger (GET /_sandbox/ledger) and the store:

  * exactly one charge per purchase that succeeded, with the purchase's provider reference;
  * no charge without a succeeded purchase;
  * no purchase lost: every purchase a client was told about is stored as it was told, and
    every stored purchase belongs to a key that got a final answer (one purchase per key).

Exit 0 when every check holds; prints the counts either way.
"""
import argparse
import http.client
import json
import os
import shutil
import random
import sqlite3
import sys
import tempfile
import threading
import time

from serve_harness import API_KEY, Gateway, free_port, request, start_sandbox, write_config


def purchase_body(customer):
    return json.dumps({
        "market": "DE", "locale": "de-DE",
        "customer": {"id": customer, "age": 30, "consent_immediate_delivery": True},
        "items": [{"sku": "coins_70", "quantity": 1}],
        "payment": {"method": "card", "token": "tok_success"}})


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.final = {}  # key -> (status, body)
        self.retries = 0
        self.unexpected = []


def client(number, port, stop, results):
    i = 0
    while not stop.is_set():
        key = f"crash-{number}-{i}"
        body = purchase_body(f"cust-{number}-{i}")
        headers = {"Authorization": f"Bearer {API_KEY}", "Idempotency-Key": key,
                   "Content-Type": "application/json"}
        while True:
            try:
                status, text = request(port, "POST", "/v1/purchases", body, headers)
            except (OSError, http.client.HTTPException):
                status, text = 0, ""
            if status in (201, 402, 422) or (400 <= status < 500 and status != 409):
                with results.lock:
                    results.final[key] = (status, text)
                    if status != 201:
                        results.unexpected.append(f"{key}: {status} {text}")
                break
            with results.lock:
                results.retries += 1
            time.sleep(0.05)
        i += 1


def check(results, ledger, db_path):
    failures = []
    charges = ledger["charges"]
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        stored = {row[0]: {"state": row[1], "reference": row[2]}
                  for row in db.execute("SELECT id, state, provider_reference FROM purchases")}
    charges_by_purchase = {}
    for charge in charges:
        charges_by_purchase.setdefault(charge["reference"], []).append(charge)
    told = {}
    for key, (status, text) in results.final.items():
        if status == 201:
            answer = json.loads(text)
            told[answer["id"]] = answer["state"]
    succeeded = [pid for pid, p in stored.items() if p["state"] == "succeeded"]
    for pid in succeeded:
        mine = charges_by_purchase.get(pid, [])
        if len(mine) != 1:
            failures.append(f"purchase {pid} succeeded with {len(mine)} charges")
        elif mine[0]["id"] != stored[pid]["reference"]:
            failures.append(f"purchase {pid} names {stored[pid]['reference']}, charged as "
                            f"{mine[0]['id']}")
    for pid, mine in charges_by_purchase.items():
        if pid not in stored or stored[pid]["state"] != "succeeded":
            failures.append(f"{len(mine)} charge(s) for purchase {pid} that is "
                            f"{stored.get(pid, {}).get('state', 'not stored')}")
    for pid, state in told.items():
        if pid not in stored:
            failures.append(f"purchase {pid} answered {state} is not stored")
        elif stored[pid]["state"] != state:
            failures.append(f"purchase {pid} answered {state}, stored {stored[pid]['state']}")
    for pid, p in stored.items():
        if pid not in told:
            failures.append(f"stored purchase {pid} ({p['state']}) was never answered")
    return failures, len(stored), len(succeeded), len(charges)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--marketgate", required=True)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--regions", required=True)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--lease-ms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    random.seed(args.seed)

    folder = tempfile.mkdtemp(prefix="mg-crash-")
    log = open(os.path.join(folder, "processes.log"), "w")
    sandbox, sandbox_url = start_sandbox(args.sandbox, log)
    providers = f"  stripe:\n    base_url: {sandbox_url}/stripe\n    secret: sk_test_crash\n"
    gateway = Gateway(args.marketgate,
                      write_config(folder, args.regions, providers, args.lease_ms), free_port(), log)
    results, stop, kills = Results(), threading.Event(), 0
    started = time.time()
    try:
        gateway.start()
        threads = [threading.Thread(target=client, args=(n, gateway.port, stop, results))
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        while kills < args.kills:
            time.sleep(random.uniform(0.02, 0.4))
            gateway.kill()
            kills += 1
            gateway.start()
        stop.set()
        for t in threads:
            t.join(timeout=120)
        hung = sum(t.is_alive() for t in threads)
        gateway.stop()
        ledger = json.loads(request(int(sandbox_url.rsplit(":", 1)[1]), "GET",
                                    "/_sandbox/ledger")[1])
        failures, purchases, succeeded, charges = check(results, ledger,
                                                        os.path.join(folder, "store.db"))
        if hung:
            failures.append(f"{hung} client(s) never got a final answer")
        failures += results.unexpected
    finally:
        stop.set()
        if gateway.process and gateway.process.poll() is None:
            gateway.process.kill()
        sandbox.kill()
        log.close()
    print(f"seed={args.seed} kills={kills} purchases={purchases} succeeded={succeeded} "
          f"charges={charges} answers={len(results.final)} retries={results.retries} "
          f"seconds={time.time() - started:.1f}")
    for failure in failures[:50]:
        print("FAIL:", failure)
    if failures:
        print(f"{len(failures)} failure(s); process logs in {folder}")
        return 1
    shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
