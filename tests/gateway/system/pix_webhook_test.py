#!/usr/bin/env python3
"""A Pix purchase through the real binaries: pending, then succeeded by the sandbox's signed
webhook to POST /v1/webhooks/pix; and the gateway's outgoing events for it reach a subscriber
with a valid Marketgate-Signature.

Starts `marketgate serve` (SQLite in a temporary folder, the `pix` provider pointing at
marketgate-sandbox, an `events` subscriber served by this script) and the sandbox with
--webhook-url pointing back at the gateway. Exit 0 when every check holds.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time

from serve_harness import API_KEY, Gateway, free_port, request, start_sandbox, write_config

PIX_WEBHOOK_SECRET = "pix_system_test_secret"
EVENTS_SECRET = "events_system_test_secret"


class Subscriber(http.server.BaseHTTPRequestHandler):
    received = []  # (headers, body)
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        with Subscriber.lock:
            Subscriber.received.append((dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def signature_valid(header, body):
    parts = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(EVENTS_SECRET.encode(), f"{parts['t']}.{body}".encode(),
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--marketgate", required=True)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--regions", required=True)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="mg-pix-")
    log = open(os.path.join(folder, "processes.log"), "w")
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Subscriber)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    gateway_port = free_port()
    env = dict(os.environ, MG_SANDBOX_PIX_WEBHOOK_SECRET=PIX_WEBHOOK_SECRET)
    sandbox, sandbox_url = start_sandbox(
        args.sandbox, log,
        ["--webhook-url", f"http://127.0.0.1:{gateway_port}/v1/webhooks",
         "--pix-settle-seconds", "1"], env)
    # Cards: the in-process sandbox, by name (only Pix is under test here).
    providers = (f"  stripe: {{kind: sandbox}}\n  adyen: {{kind: sandbox}}\n"
                 f"  pix:\n    base_url: {sandbox_url}/pix\n    secret: sandbox-pix-token\n"
                 f"    settings: {{pix_key: 7d9f0335-8dcc-4054-9bf9-0dbd61d36906,"
                 f" webhook_auth: sandbox_signature}}\n"
                 f"    secrets: {{webhook_secret: {PIX_WEBHOOK_SECRET}}}\n")
    events = (f"events:\n  poll_interval_ms: 50\n  subscribers:\n"
              f"    - url: http://127.0.0.1:{receiver.server_address[1]}/events\n"
              f"      secret: {EVENTS_SECRET}\n")
    gateway = Gateway(args.marketgate,
                      write_config(folder, args.regions, providers, extra_yaml=events),
                      gateway_port, log)
    failures = []
    try:
        gateway.start()
        headers = {"Authorization": f"Bearer {API_KEY}", "Idempotency-Key": "pix-1",
                   "Content-Type": "application/json"}
        body = json.dumps({"market": "BR", "locale": "pt-BR",
                           "customer": {"id": "c_pix", "age": 30},
                           "items": [{"sku": "coins_70", "quantity": 1}],
                           "payment": {"method": "pix", "token": "pix_payer"}})
        status, text = request(gateway.port, "POST", "/v1/purchases", body, headers)
        created = json.loads(text)
        print("created:", status, created.get("state"), created.get("id"))
        if status != 201 or created.get("state") != "pending":
            failures.append(f"expected 201 pending, got {status} {text}")
        elif not (created.get("pending") or {}).get("pix_copy_paste"):
            failures.append("a pending Pix purchase without its copia e cola")
        purchase_id = created.get("id", "")
        txid = (created.get("payment") or {}).get("provider_reference", "")
        state, deadline = created.get("state"), time.time() + 20
        while purchase_id and state == "pending" and time.time() < deadline:
            time.sleep(0.2)
            status, text = request(gateway.port, "GET", f"/v1/purchases/{purchase_id}", None,
                                   {"Authorization": f"Bearer {API_KEY}"})
            state = json.loads(text).get("state")
        print("after the webhook:", state)
        if state != "succeeded":
            failures.append(f"purchase {purchase_id} is {state}, not succeeded, after the webhook")
        else:
            captured = json.loads(text)["amounts"]["captured"]["amount"]
            total = json.loads(text)["amounts"]["total"]["amount"]
            if captured != total:
                failures.append(f"captured {captured} of {total}")

        deadline, types = time.time() + 10, []
        while time.time() < deadline and "purchase.succeeded" not in types:
            time.sleep(0.1)
            with Subscriber.lock:
                types = [json.loads(b)["type"] for _, b in Subscriber.received]
        print("events received:", types)
        for wanted in ("purchase.pending", "purchase.succeeded"):
            if wanted not in types:
                failures.append(f"no {wanted} event reached the subscriber")
        with Subscriber.lock:
            for headers_in, event_body in Subscriber.received:
                if not signature_valid(headers_in.get("Marketgate-Signature", ""), event_body):
                    failures.append(f"event with a bad signature: {event_body}")
                if json.loads(event_body)["data"].get("id") != purchase_id:
                    failures.append(f"event about another purchase: {event_body}")
        ledger = json.loads(request(int(sandbox_url.rsplit(":", 1)[1]), "GET",
                                    "/_sandbox/ledger")[1])["charges"]
        print("ledger:", [(c["id"], c["status"]) for c in ledger])
        # The sandbox's Pix reference is the description; the txid names the charge.
        if [c["id"] for c in ledger] != [txid] or not txid:
            failures.append(f"expected exactly the charge {txid!r} in the ledger")
        gateway.stop()
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.process.kill()
        sandbox.kill()
        receiver.shutdown()
        log.close()
    for failure in failures:
        print("FAIL:", failure)
    if failures:
        print(f"process logs in {folder}")
        return 1
    shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
