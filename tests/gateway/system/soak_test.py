#!/usr/bin/env python3
"""Soak test: purchases and refunds under random provider faults and random SIGKILLs of the
gateway end final, charged exactly once, with zero drift in `marketgate audit`.

Starts marketgate-sandbox (emulating Stripe, Adyen and Pix, webhooks back to the gateway,
random faults on: answers lost after the charge, 502s, 409 in progress, slow answers, refunds
pending then failed or succeeded, webhooks duplicated, reordered and delayed) and `marketgate
serve` (SQLite; DE cards routed to Adyen and Stripe by weight, BR Pix to Pix; reconciliation
every second). Client threads buy (each purchase with its own Idempotency-Key and customer)
and refund part of what succeeded, retrying with the same key on a connection error, a 5xx or
a 409 in progress, as the API asks. Meanwhile the gateway is SIGKILLed at random moments and
restarted, until both --kills and --min-operations are reached. Then the faults stay on, the
clients stop, and the test waits for quiescence: no purchase, refund or provider attempt left
open in the store (reconciliation and webhooks finish them). Finally:

  * `marketgate audit --sandbox-ledger ... --settle-grace 0` exits 0 with no drift;
  * no purchase was charged twice (ledger), no purchase.duplicate_charge event;
  * every answer a client got agrees with the store, and no stored purchase or refund was
    never answered;
  * nothing needs a person's attention.

Prints one line of figures (operations, kills, faults injected, drift) either way.
Exit 0 when every check holds.

Webhooks are never dropped for good here (the `webhooks.drop` fault is off): Adyen offers no
API to look a refund up, so its REFUND notification is the only word on a refund, and Adyen,
like Stripe, retries a notification until it is accepted (the sandbox does too). Lost answers
to calls are the faults that matter, and they are on.
"""
import http.client
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from serve_harness import (API_KEY, Gateway, binaries_parser, finish, free_port, provider_yaml,
                           request, sandbox_env, start_sandbox, write_config)

FAULTS = {
    "charge": {"502_after_charge": 0.04, "drop_after_charge": 0.04, "slow": 0.02,
               "in_progress_409": 0.03, "slow_ms": 1500},
    "refund": {"502_after_refund": 0.05, "pending_then_failed": 0.05,
               "pending_then_succeeded": 0.1},
    "webhooks": {"duplicate": 0.1, "reorder": 0.1, "delay_ms": [0, 1500],
                 "reorder_hold_ms": 1500},
}

OPEN_SQL = {
    "purchases": "SELECT COUNT(*) FROM purchases "
                 "WHERE state IN ('created', 'pending', 'requires_action')",
    "refunds": "SELECT COUNT(*) FROM refunds WHERE state = 'pending'",
    "attempts": "SELECT COUNT(*) FROM provider_attempts "
                "WHERE state IN ('started', 'ambiguous', 'pending', 'requires_action')",
}


def purchase_body(customer, pix, declined=False):
    if pix:
        return {"market": "BR", "locale": "pt-BR", "customer": {"id": customer, "age": 30},
                "items": [{"sku": "coins_70", "quantity": 1}],
                "payment": {"method": "pix", "token": "pix_payer"}}
    return {"market": "DE", "locale": "de-DE",
            "customer": {"id": customer, "age": 30, "consent_immediate_delivery": True},
            "items": [{"sku": "coins_70", "quantity": 1}],
            "payment": {"method": "card",
                        "token": "tok_insufficient_funds" if declined else "tok_success"}}


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.purchases = {}  # key -> (status, body)
        self.refunds = {}    # key -> (status, body)
        self.retries = 0
        self.unexpected = []

    def operations(self):
        with self.lock:
            return len(self.purchases) + len(self.refunds)


def call_until_final(port, path, body, key, results):
    """Sends until the answer is final for the client: not a connection error, 5xx or 409
    in progress."""
    headers = {"Authorization": f"Bearer {API_KEY}", "Idempotency-Key": key,
               "Content-Type": "application/json"}
    text = json.dumps(body)
    for _ in range(2000):
        try:
            status, answer = request(port, "POST", path, text, headers, timeout=40)
        except (OSError, http.client.HTTPException):
            status, answer = 0, ""
        if status != 0 and status < 500 and status != 409:
            return status, answer
        if status == 503 and '"provider_unavailable"' in answer:
            return status, answer  # final: the provider proved nothing was done
        with results.lock:
            results.retries += 1
        time.sleep(0.05)
    return status, answer


def client(number, port, stop, results, refund_share):
    rng = random.Random(number)
    i = 0
    while not stop.is_set():
        key = f"soak-{number}-{i}"
        draw = rng.random()
        declined = draw >= 0.9  # one card purchase in ten is declined by the issuer
        status, text = call_until_final(
            port, "/v1/purchases", purchase_body(f"cust-{number}-{i}", draw < 0.25, declined),
            key, results)
        with results.lock:
            results.purchases[key] = (status, text)
            if status != (402 if declined else 201):
                results.unexpected.append(f"purchase {key}: {status} {text}")
        if status == 201 and json.loads(text)["state"] == "succeeded" and \
                rng.random() < refund_share:
            purchase = json.loads(text)["id"]
            rkey = f"soak-refund-{number}-{i}"
            rstatus, rtext = call_until_final(
                port, "/v1/refunds", {"purchase": purchase, "amount": "0.50"}, rkey, results)
            with results.lock:
                results.refunds[rkey] = (rstatus, rtext)
                if rstatus not in (200, 201, 402, 503):
                    results.unexpected.append(f"refund {rkey}: {rstatus} {rtext}")
        i += 1


def open_counts(db_path):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10) as db:
        return {name: db.execute(sql).fetchone()[0] for name, sql in OPEN_SQL.items()}


def wait_for_quiescence(db_path, seconds):
    deadline = time.time() + seconds
    counts = open_counts(db_path)
    while time.time() < deadline:
        counts = open_counts(db_path)
        if not any(counts.values()):
            return counts
        time.sleep(0.5)
    return counts


def record_id(text, kind):
    """The record an answer is about: its id, or the one a 402's error details name."""
    try:
        answer = json.loads(text)
    except json.JSONDecodeError:
        return None
    if "id" in answer:
        return answer["id"]
    return ((answer.get("error") or {}).get("details") or {}).get(kind)


def check_answers(results, db_path):
    """Every final answer a client got agrees with the store, and every stored record was
    answered to someone."""
    failures = []
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        purchases = dict(db.execute("SELECT id, state FROM purchases"))
        refunds = dict(db.execute("SELECT id, state FROM refunds"))
        duplicate_events = db.execute(
            "SELECT COUNT(*) FROM outbox_events WHERE type = 'purchase.duplicate_charge'"
        ).fetchone()[0]
    told_purchases = {record_id(t, "purchase") for _, t in results.purchases.values()} - {None}
    told_refunds = {record_id(t, "refund") for _, t in results.refunds.values()} - {None}
    for pid in told_purchases - purchases.keys():
        failures.append(f"purchase {pid} was answered but is not stored")
    for pid in purchases.keys() - told_purchases:
        failures.append(f"stored purchase {pid} ({purchases[pid]}) was never answered")
    for rid in told_refunds - refunds.keys():
        failures.append(f"refund {rid} was answered but is not stored")
    for rid in refunds.keys() - told_refunds:
        failures.append(f"stored refund {rid} ({refunds[rid]}) was never answered")
    if duplicate_events:
        failures.append(f"{duplicate_events} purchase.duplicate_charge event(s)")
    states = {}
    for state in purchases.values():
        states[state] = states.get(state, 0) + 1
    refund_states = {}
    for state in refunds.values():
        refund_states[state] = refund_states.get(state, 0) + 1
    return failures, states, refund_states


def charged_twice(ledger):
    """Purchases with more than one successful card charge. (A Pix cob names no purchase:
    the audit links it by its txid and reports any cob no purchase kept.)"""
    by_purchase = {}
    for charge in ledger["charges"]:
        if charge["provider"] != "pix" and charge["status"] in ("succeeded", "Authorised"):
            by_purchase.setdefault(charge["reference"], []).append(charge["id"])
    return {pid: ids for pid, ids in by_purchase.items() if len(ids) > 1}


# Every purchase of the run is created after this; the audit's range starts here (it must
# lie within the events kept, store.retention.delivered_events_days).
STARTED = int(time.time()) - 60


def run_audit(args, config, sandbox_url):
    until = str(int(time.time()) + 60)
    proc = subprocess.run(
        [args.marketgate, "audit", "--config", config, "--from", str(STARTED), "--to", until,
         "--sandbox-ledger", f"{sandbox_url}/_sandbox/ledger", "--settle-grace", "0",
         "--format", "json"], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report = {"drift": [{"kind": "unreadable", "detail": proc.stdout + proc.stderr}]}
    return proc.returncode, report, proc.stderr


def audit_catches_tampering(args, config, db_path, sandbox_url):
    """The same audit on a copy of the store in which one charged purchase is marked failed
    must find that charge: proof that a clean audit is not a blind one."""
    tampered = db_path.replace("store.db", "tampered.db")
    with sqlite3.connect(db_path) as source, sqlite3.connect(tampered) as copy:
        source.backup(copy)
        victim = copy.execute("SELECT id FROM purchases WHERE state = 'succeeded' "
                              "ORDER BY id LIMIT 1").fetchone()
        if victim is None:
            return ["no succeeded purchase to tamper with"]
        copy.execute("UPDATE purchases SET state = 'failed' WHERE id = ?", victim)
    tampered_config = config.replace("marketgate.yaml", "tampered.yaml")
    with open(config) as f, open(tampered_config, "w") as out:
        out.write(f.read().replace(db_path, tampered))
    code, report, _ = run_audit(args, tampered_config, sandbox_url)
    kinds = {(d["kind"], d["purchase"]) for d in report.get("drift", [])}
    if code != 1 or ("charge_without_purchase", victim[0]) not in kinds:
        return [f"audit missed a tampered purchase {victim[0]}: exit {code}, {kinds}"]
    return []


def main():
    parser = binaries_parser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--min-operations", type=int, default=0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--refund-share", type=float, default=0.5)
    parser.add_argument("--quiescence-seconds", type=int, default=240)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    random.seed(args.seed)

    folder = tempfile.mkdtemp(prefix="mg-soak-")
    log = open(os.path.join(folder, "processes.log"), "w")
    gateway_port = free_port()
    sandbox, sandbox_url = start_sandbox(
        args.sandbox, log, ["--webhook-url", f"http://127.0.0.1:{gateway_port}/v1/webhooks",
                            "--pix-settle-seconds", "1", "--timeout-delay-ms", "1500"],
        sandbox_env())
    sandbox_port = int(sandbox_url.rsplit(":", 1)[1])
    providers = provider_yaml(sandbox_url)
    # Reconciliation at a soak's pace: calls older than 3 s (the longest held answer is
    # 1.5 s) are looked at every second.
    reconciliation = ("reconciliation:\n  interval_ms: 1000\n  min_age_ms: 3000\n"
                      "  initial_backoff_ms: 1000\n  max_backoff_ms: 4000\n"
                      "  escalate_after_ms: 3600000\n  abandon_after_ms: 5000\n")
    config = write_config(folder, args.regions, providers, lease_ms=2000,
                          extra_yaml=reconciliation)
    gateway = Gateway(args.marketgate, config, gateway_port, log)
    faults = dict(FAULTS, seed=args.seed)
    status, text = request(sandbox_port, "POST", "/_sandbox/faults", json.dumps(faults),
                           {"Content-Type": "application/json"})
    if status != 200:
        print(f"FAIL: the sandbox refused the faults: {status} {text}")
        return 1

    results, stop, kills = Results(), threading.Event(), 0
    started = time.time()
    failures = []
    injected, ledger, drift, states, refund_states = {}, {"charges": []}, None, {}, {}
    db_path = os.path.join(folder, "store.db")
    try:
        gateway.start()
        threads = [threading.Thread(target=client, args=(n, gateway.port, stop, results,
                                                         args.refund_share))
                   for n in range(args.clients)]
        for t in threads:
            t.start()
        while kills < args.kills or results.operations() < args.min_operations:
            time.sleep(random.uniform(0.05, 0.5))
            gateway.kill()
            kills += 1
            gateway.start()
        stop.set()
        for t in threads:
            t.join(timeout=300)
        hung = sum(t.is_alive() for t in threads)
        if hung:
            failures.append(f"{hung} client(s) never got a final answer")
        left = wait_for_quiescence(db_path, args.quiescence_seconds)
        if any(left.values()):
            failures.append(f"not quiescent after {args.quiescence_seconds} s: {left}")
        injected = json.loads(request(sandbox_port, "GET", "/_sandbox/faults")[1])["injected"]
        ledger = json.loads(request(sandbox_port, "GET", "/_sandbox/ledger")[1])
        gateway.stop()
        audit_exit, audit, audit_err = run_audit(args, config, sandbox_url)
        drift = audit.get("drift", [])
        if audit_exit != 0:
            failures.append(f"marketgate audit exited {audit_exit}: {audit_err.strip()}")
        for d in drift[:20]:
            failures.append(f"drift {d.get('kind')}: {d.get('purchase')} {d.get('charge')} "
                            f"{d.get('detail')}")
        unchecked = audit.get("providers", {}).get("unchecked", {})
        for provider in ("stripe", "adyen", "pix"):
            if provider in unchecked:
                failures.append(f"audit did not check {provider}: {unchecked[provider]}")
        failures += audit_catches_tampering(args, config, db_path, sandbox_url)
        twice = charged_twice(ledger)
        for pid, ids in list(twice.items())[:10]:
            failures.append(f"purchase {pid} charged {len(ids)} times: {ids}")
        answer_failures, states, refund_states = check_answers(results, db_path)
        failures += answer_failures
        failures += results.unexpected[:20]
    finally:
        stop.set()
        if gateway.process and gateway.process.poll() is None:
            gateway.process.kill()
        sandbox.kill()
        log.close()
    fault_count = sum(v for group in injected.values() for v in group.values())
    print(f"seed={args.seed} kills={kills} operations={results.operations()} "
          f"purchases={len(results.purchases)} refunds={len(results.refunds)} "
          f"purchase_states={states} refund_states={refund_states} "
          f"faults_injected={fault_count} client_retries={results.retries} "
          f"charges={len(ledger['charges'])} "
          f"drift={'unknown' if drift is None else len(drift)} "
          f"seconds={time.time() - started:.1f}")
    print("faults:", json.dumps(injected, sort_keys=True))
    return finish(failures, folder)


if __name__ == "__main__":
    sys.exit(main())
