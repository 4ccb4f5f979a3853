#!/usr/bin/env python3
"""The README's refund example, at every provider the sandbox emulates, ends final within
seconds: `succeeded`, or `failed` with its amount released for another refund.

For each of Stripe, Adyen and Pix, starts marketgate-sandbox (webhooks back to the gateway,
each provider's signing secret) and `marketgate serve` with only that provider configured for
the method under test, so that routing cannot pick another: DE cards with Stripe, DE cards
with Adyen, BR Pix with Pix. Buys coins_70 (a Pix purchase is paid by the sandbox a second
later), refunds 0.50 as the README does, and polls GET /v1/refunds/{id} until it is final.
With tok_refund_fails (cards), the refund must end `failed` and the full amount be refundable
again. Exit 0 when every check holds.
"""
import json
import os
import sys
import tempfile
import time

from serve_harness import (API_KEY, Gateway, binaries_parser, finish, free_port, provider_yaml,
                           request, sandbox_env, start_sandbox, write_config)

FINAL_WITHIN_S = 10

# Only the provider under test takes the method under test; the others are the in-process
# sandbox, so that every live market still has a way to pay and serve starts.
PROVIDERS = {
    "stripe": (("stripe",), ("pix",)),
    "adyen": (("adyen",), ("pix",)),
    "pix": (("pix",), ("stripe", "adyen")),
}


def headers(key=None):
    h = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    if key:
        h["Idempotency-Key"] = key
    return h


def poll(port, path, done, seconds):
    deadline = time.time() + seconds
    while True:
        status, text = request(port, "GET", path, headers=headers())
        body = json.loads(text)
        if status == 200 and done(body):
            return body
        if time.time() > deadline:
            return body
        time.sleep(0.1)


def buy(port, provider, token, key):
    if provider == "pix":
        body = {"market": "BR", "locale": "pt-BR", "customer": {"id": key, "age": 30},
                "items": [{"sku": "coins_70"}], "payment": {"method": "pix", "token": "pix_payer"}}
    else:
        body = {"market": "DE", "items": [{"sku": "coins_70"}],
                "customer": {"id": key, "age": 30, "consent_immediate_delivery": True},
                "payment": {"method": "card", "token": token}}
    status, text = request(port, "POST", "/v1/purchases", json.dumps(body), headers(key))
    purchase = json.loads(text)
    if status != 201:
        return None, f"purchase: {status} {text}"
    purchase = poll(port, f"/v1/purchases/{purchase['id']}",
                    lambda p: p["state"] != "pending", FINAL_WITHIN_S)
    if purchase["state"] != "succeeded" or purchase["payment"]["provider"] != provider:
        return None, f"purchase ended {purchase['state']} at {purchase['payment']['provider']}"
    return purchase, None


def refund(port, purchase_id, key, amount="0.50", final_state=None):
    status, text = request(port, "POST", "/v1/refunds",
                           json.dumps({"purchase": purchase_id, "amount": amount}), headers(key))
    if status not in (201, 402):
        return None, f"refund: {status} {text}"
    created = json.loads(text)
    refund_id = created.get("id") or created["error"]["details"]["refund"]
    started = time.time()
    # Adyen reports a refund the scheme later rejects first as REFUND (success), then
    # REFUND_FAILED: a refund expected to fail is followed until it does.
    final = poll(port, f"/v1/refunds/{refund_id}",
                 lambda r: r["state"] == final_state if final_state else r["state"] != "pending",
                 FINAL_WITHIN_S)
    return (final, time.time() - started), None


def run_provider(args, provider, folder, log):
    failures = []
    gateway_port = free_port()
    sandbox, url = start_sandbox(
        args.sandbox, log, ["--webhook-url", f"http://127.0.0.1:{gateway_port}/v1/webhooks",
                            "--pix-settle-seconds", "1"], sandbox_env())
    sub = os.path.join(folder, provider)
    os.makedirs(sub)
    gateway = Gateway(args.marketgate,
                      write_config(sub, args.regions, provider_yaml(url, *PROVIDERS[provider])),
                      gateway_port, log)
    try:
        gateway.start()
        purchase, error = buy(gateway_port, provider, "tok_success", f"{provider}-ok")
        if error:
            return [f"{provider}: {error}"]
        result, error = refund(gateway_port, purchase["id"], f"{provider}-refund-ok")
        if error:
            return [f"{provider}: {error}"]
        final, seconds = result
        print(f"{provider}: refund {final['id']} {final['state']} after {seconds:.1f} s, "
              f"provider_reference {final.get('provider_reference')}")
        if final["state"] != "succeeded" or not final.get("provider_reference"):
            failures.append(f"{provider}: refund ended {final['state']} with reference "
                            f"{final.get('provider_reference')!r}")
        if provider == "pix":
            return failures  # Pix has no test token whose refunds fail
        purchase, error = buy(gateway_port, provider, "tok_refund_fails", f"{provider}-fails")
        if error:
            return failures + [f"{provider} (tok_refund_fails): {error}"]
        result, error = refund(gateway_port, purchase["id"], f"{provider}-refund-fails",
                               final_state="failed")
        if error:
            return failures + [f"{provider} (tok_refund_fails): {error}"]
        final, seconds = result
        print(f"{provider}: refund {final['id']} of tok_refund_fails {final['state']} after "
              f"{seconds:.1f} s")
        if final["state"] != "failed":
            failures.append(f"{provider}: a refund of tok_refund_fails ended {final['state']}")
        after = json.loads(request(gateway_port, "GET", f"/v1/purchases/{purchase['id']}",
                                   headers=headers())[1])
        refunded, captured = after["amounts"]["refunded"], after["amounts"]["captured"]
        if refunded["amount"] != 0:  # minor units
            failures.append(f"{provider}: a failed refund kept {refunded} of the purchase")
        # Released: the whole amount can be asked for again (it fails again at the provider,
        # but is admitted: an amount still held would be a 4xx before any provider call).
        status, text = request(gateway_port, "POST", "/v1/refunds",
                               json.dumps({"purchase": purchase["id"],
                                           "amount": f"{captured['amount'] / 100:.2f}"}),
                               headers(f"{provider}-refund-all"))
        if status not in (201, 402) or '"refund_failed"' not in text and status == 402:
            failures.append(f"{provider}: refunding the released {captured}: {status} {text}")
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        sandbox.kill()
    return failures


def main():
    args = binaries_parser().parse_args()
    folder = tempfile.mkdtemp(prefix="mg-refunds-")
    log = open(os.path.join(folder, "processes.log"), "w")
    failures = []
    try:
        for provider in ("stripe", "adyen", "pix"):
            failures += run_provider(args, provider, folder, log)
    finally:
        log.close()
    return finish(failures, folder)


if __name__ == "__main__":
    sys.exit(main())
