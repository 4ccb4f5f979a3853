#!/usr/bin/env python3
"""The creator economy end to end, over HTTP, with marketgate-sandbox emulating Stripe and
Pix (Efí's Envio de Pix): a viewer in DE buys coins by card, sends gifts to a creator in BR,
the creator's diamonds are worth BRL at BR's declared diamond value, and a payout by Pix
through the sandbox ends paid (settled by reconciliation, as a real Pix transfer would be).
Then `marketgate audit` finds no drift and every journal balances.

On the way, every bad input the issue lists gets its precise 4xx and moves nothing: an
unknown gift, a negative or huge quantity, the sender as creator, an unknown creator, a minor
sender, too few coins, a payout below the minimum, an Idempotency-Key reused with another
body. (A stale FX rate needs a market paid in another currency; the route tests cover it:
tests/gateway/api/payout_routes_test.cc, FxPayoutTest.) Exit 0 when every check holds.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from serve_harness import (API_KEY, Gateway, binaries_parser, finish, free_port, provider_yaml,
                           request, sandbox_env, start_sandbox, write_config)

STARTED = int(time.time()) - 60
CREATOR = "cr_br_1"
VIEWER = "viewer_de_1"
# A random (EVP) Pix key: the sandbox pays any key it does not reserve for a fault.
PIX_KEY = "3f0c6a52-9a1e-4c5e-8d3e-6b2f1c9a7e10"


def headers(key=None):
    h = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    if key:
        h["Idempotency-Key"] = key
    return h


def call(port, method, path, body=None, key=None):
    status, text = request(port, method, path, json.dumps(body) if body is not None else None,
                           headers(key))
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, {"raw": text}


def poll(port, path, done, seconds=20):
    deadline = time.time() + seconds
    while True:
        status, body = call(port, "GET", path)
        if status == 200 and done(body):
            return body
        if time.time() > deadline:
            return body
        time.sleep(0.2)


def gift(quantity=1, gift_id="lion", sender=VIEWER, creator=CREATOR, age=30):
    return {"market": "DE", "sender": {"id": sender, "age": age}, "creator": creator,
            "live_id": "live_chain", "gift": gift_id, "quantity": quantity}


def state(port):
    """What a refusal must leave as it was."""
    wallet = call(port, "GET", f"/v1/wallets/{VIEWER}")[1]
    earnings = call(port, "GET", f"/v1/creators/{CREATOR}/earnings")[1]
    return wallet.get("balance"), earnings.get("diamonds"), earnings.get("diamonds_pending")


def expect(failures, what, status, body, want_status, want_code=None):
    code = body.get("error", {}).get("code") if isinstance(body, dict) else None
    if status != want_status or (want_code and code != want_code):
        failures.append(f"{what}: got {status} {code}, want {want_status} {want_code}: {body}")


def refusals(port, failures):
    before = state(port)
    checks = [
        ("unknown gift", "/v1/gifts", gift(gift_id="unicorn"), "bad-gift", 422, None),
        ("negative quantity", "/v1/gifts", gift(quantity=-1), "bad-neg", 400,
         "invalid_argument"),
        ("huge quantity", "/v1/gifts", gift(quantity=10**12), "bad-huge", 400,
         "invalid_argument"),
        ("sender is the creator", "/v1/gifts", gift(sender=CREATOR), "bad-self", 400,
         "invalid_argument"),
        ("unknown creator", "/v1/gifts", gift(creator="nobody"), "bad-creator", 404,
         "not_found"),
        ("minor sender", "/v1/gifts", gift(age=16), "bad-minor", 422, "compliance_denied"),
        ("too few coins", "/v1/gifts", gift(quantity=100), "bad-coins", 402,
         "insufficient_coins"),
        ("payout below the minimum", "/v1/payouts", {"creator": CREATOR, "diamonds": 100},
         "bad-min", 422, "compliance_denied"),
        ("more diamonds than held", "/v1/payouts", {"creator": CREATOR, "diamonds": 10**9},
         "bad-diamonds", 422, "insufficient_diamonds"),
    ]
    for what, path, body, key, want_status, want_code in checks:
        status, answer = call(port, "POST", path, body, key)
        expect(failures, what, status, answer, want_status, want_code)
    # A key reused with another body: the first gift (one rose) goes through, the second
    # body with the same key is a conflict.
    status, first = call(port, "POST", "/v1/gifts", gift(quantity=1, gift_id="rose"), "reuse")
    expect(failures, "a rose", status, first, 201)
    status, again = call(port, "POST", "/v1/gifts", gift(quantity=2, gift_id="rose"), "reuse")
    expect(failures, "key reused with another body", status, again, 409,
           "idempotency_key_reused")
    after = state(port)
    # The rose moved one coin and credited one diamond (50 % of 1, half up); nothing else moved.
    want = (before[0] - 1, before[1] + 1, before[2])
    if after != want:
        failures.append(f"refusals moved something: before {before}, after {after}, want {want}")


def audit(args, config, sandbox_url):
    until = str(int(time.time()) + 60)
    proc = subprocess.run(
        [args.marketgate, "audit", "--config", config, "--from", str(STARTED), "--to", until,
         "--sandbox-ledger", f"{sandbox_url}/_sandbox/ledger", "--settle-grace", "0",
         "--format", "json"], capture_output=True, text=True, timeout=300)
    try:
        return proc.returncode, json.loads(proc.stdout)
    except json.JSONDecodeError:
        return proc.returncode, {"unreadable": proc.stdout + proc.stderr}


def chain(args, folder, log):
    failures = []
    port = free_port()
    sandbox, url = start_sandbox(args.sandbox, log,
                                 ["--webhook-url", f"http://127.0.0.1:{port}/v1/webhooks"],
                                 sandbox_env())
    providers = provider_yaml(url, ("stripe", "pix"), in_process=("adyen",)).replace(
        " webhook_auth: sandbox_signature}\n",
        " webhook_auth: sandbox_signature, "
        f"payout_base_url: {url}/pix}}\n")
    extra = ("reconciliation: {interval_ms: 1000, min_age_ms: 1000, "
             "initial_backoff_ms: 1000}\n")
    config = write_config(folder, args.regions, providers, extra_yaml=extra,
                          scopes=("read", "purchases", "payouts"))
    gateway = Gateway(args.marketgate, config, port, log)
    try:
        gateway.start()
        status, creator = call(port, "PUT", f"/v1/creators/{CREATOR}", {
            "market": "BR", "age": 27, "payout": {"method": "pix", "token": PIX_KEY},
            "tax_identity": {"status": "verified", "country": "BR"}})
        expect(failures, "register the creator", status, creator, 201)

        # 7,000 coins for EUR 99.99 by card in DE (Stripe through the sandbox).
        status, purchase = call(port, "POST", "/v1/purchases", {
            "market": "DE", "items": [{"sku": "coins_7000"}],
            "customer": {"id": VIEWER, "age": 30, "consent_immediate_delivery": True},
            "payment": {"method": "card", "token": "tok_success"}}, "chain-buy")
        expect(failures, "buy coins", status, purchase, 201)
        if status != 201:
            return failures
        if purchase.get("state") != "succeeded":
            failures.append(f"the coin purchase is {purchase.get('state')}")

        # Two lions (2 x 2,999 coins): 2,999 diamonds at the platform's 50 %.
        status, sent = call(port, "POST", "/v1/gifts", gift(quantity=2), "chain-gift")
        expect(failures, "send two lions", status, sent, 201)
        if sent.get("diamonds") != 2999:
            failures.append(f"two lions credited {sent.get('diamonds')} diamonds, want 2999")

        refusals(port, failures)

        earnings = call(port, "GET", f"/v1/creators/{CREATOR}/earnings")[1]
        # 3,000 diamonds (the lions and the rose) at BRL 0.025: BRL 75.00.
        if earnings.get("diamonds") != 3000 or earnings.get("payable", {}).get("amount") != 7500 \
                or earnings.get("currency") != "BRL":
            failures.append(f"earnings: {earnings}")

        status, payout = call(port, "POST", "/v1/payouts", {"creator": CREATOR}, "chain-payout")
        if status not in (201, 202):
            failures.append(f"payout: {status} {payout}")
            return failures
        final = poll(port, f"/v1/payouts/{payout['id']}", lambda p: p["state"] != "processing")
        print(f"payout {payout['id']}: {status} {payout['state']} -> {final['state']}, "
              f"{final['net']['formatted']} by {final['method']}, "
              f"reference {final['provider_reference']}")
        if final["state"] != "paid" or final["net"]["amount"] != 7500 or \
                final["currency"] != "BRL" or final["provider"] != "pix":
            failures.append(f"the payout ended {final}")
        earnings = call(port, "GET", f"/v1/creators/{CREATOR}/earnings")[1]
        if earnings.get("diamonds") != 0 or earnings.get("diamonds_paid") != 3000:
            failures.append(f"earnings after the payout: {earnings}")
        status, again = call(port, "POST", "/v1/payouts", {"creator": CREATOR},
                             "chain-payout-2")
        expect(failures, "a second payout of nothing", status, again, 422,
               "insufficient_diamonds")
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
    try:
        code, report = audit(args, config, url)
        print(f"audit: exit {code}, drift {report.get('drift')}, ledger {report.get('ledger')}")
        if code != 0 or report.get("drift"):
            failures.append(f"audit: exit {code}: {json.dumps(report)[:2000]}")
    finally:
        sandbox.kill()
    return failures


def main():
    args = binaries_parser().parse_args()
    folder = tempfile.mkdtemp(prefix="mg-creator-chain-")
    log = open(os.path.join(folder, "processes.log"), "w")
    try:
        failures = chain(args, folder, log)
    finally:
        log.close()
    return finish(failures, folder)


if __name__ == "__main__":
    sys.exit(main())
