#!/usr/bin/env python3
"""Strong customer authentication over the wire, as an app would drive it: `marketgate serve`
with only Stripe, then only Adyen, taking DE and GB cards, both emulated by marketgate-sandbox.

For each provider: DE coins_7000 (99.99 EUR, above PSD2's low-value limit) with
tok_3ds_challenge_pass answers 202 requires_action; the shopper's challenge is completed on the
sandbox's emulated page over plain HTTP (GET the page, POST its form, read the 303 back to the
return_url); POST /v1/purchases/{id}/confirm with the return's query parameters answers 200
succeeded with the spend authenticated. tok_3ds_challenge_fail ends 402 authentication_failed
with nothing captured. DE coins_1400 (19.99 EUR) with tok_3ds_exemption_accepted succeeds at
once, exempted. tok_3ds_exemption_refused is challenged instead, then authenticated. GB does the
same under the UK thresholds (coins_7000 challenged, coins_1400 exempted). On Stripe, a
challenge passed and never confirmed leaves an authorization that nobody captured:
reconciliation captures it and the purchase succeeds. Exit 0 when every check holds.
"""
import http.client
import json
import os
import re
import sys
import tempfile
import time
import urllib.parse

from serve_harness import (API_KEY, Gateway, binaries_parser, finish, free_port, provider_yaml,
                           request, sandbox_env, start_sandbox, write_config)

RETURN_URL = "https://app.example/checkout/return"

# Only the provider under test takes cards; Pix stays in process so that BR can still pay.
PROVIDERS = {"stripe": (("stripe",), ("pix",)), "adyen": (("adyen",), ("pix",))}


def headers(key=None):
    h = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    if key:
        h["Idempotency-Key"] = key
    return h


def buy(port, market, sku, token, key):
    body = {"market": market, "items": [{"sku": sku}],
            "customer": {"id": key, "age": 30, "consent_immediate_delivery": True},
            "payment": {"method": "card", "token": token, "return_url": RETURN_URL,
                        "ip": "203.0.113.7", "origin": "https://app.example",
                        "browser": {"user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
                                    "accept_header": "text/html", "language": "de-DE",
                                    "color_depth": 24, "screen_height": 800,
                                    "screen_width": 1280, "time_zone_offset": -60,
                                    "java_enabled": False}}}
    status, text = request(port, "POST", "/v1/purchases", json.dumps(body), headers(key))
    return status, json.loads(text)


def complete_challenge(url):
    """Plays the shopper on the sandbox's challenge page: GET it, POST its form. Returns the
    query parameters of the 303's Location (the return_url), or raises."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        conn.request("GET", path)
        page = conn.getresponse()
        html = page.read().decode()
        if page.status != 200 or "<form" not in html:
            raise RuntimeError(f"challenge page: {page.status} {html[:200]}")
        action = re.search(r'<form[^>]*action="([^"]*)"', html)
        target = urllib.parse.urljoin(url, action.group(1)) if action else url
        target_parts = urllib.parse.urlsplit(target)
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
        conn.request("POST", target_parts.path + ("?" + target_parts.query
                                                  if target_parts.query else ""),
                     body=urllib.parse.urlencode(fields),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        done = conn.getresponse()
        done.read()
        location = done.getheader("Location") or ""
        if done.status != 303 or not location.startswith(RETURN_URL):
            raise RuntimeError(f"challenge answer: {done.status} Location {location!r}")
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    finally:
        conn.close()


def confirm(port, purchase_id, details):
    status, text = request(port, "POST", f"/v1/purchases/{purchase_id}/confirm",
                           json.dumps({"details": details}), headers())
    return status, json.loads(text)


def challenged(port, provider, market, sku, token, key, expect_pass):
    """A purchase that must be challenged; returns failures."""
    where = f"{provider} {market} {sku} {token}"
    status, purchase = buy(port, market, sku, token, key)
    if status != 202 or purchase.get("state") != "requires_action":
        return [f"{where}: expected 202 requires_action, got {status} {purchase}"]
    action = purchase["next_action"]
    if action.get("return_url") != RETURN_URL or not action.get("url"):
        return [f"{where}: next_action {action}"]
    try:
        details = complete_challenge(action["url"])
    except (RuntimeError, OSError) as error:
        return [f"{where}: {error}"]
    status, done = confirm(port, purchase["id"], details)
    failures = []
    if expect_pass:
        if status != 200 or done.get("state") != "succeeded":
            return [f"{where}: confirm answered {status} {done}"]
        if done["payment"]["authentication"] != "authenticated":
            failures.append(f"{where}: authentication {done['payment']['authentication']}")
        if done["amounts"]["captured"]["amount"] != done["amounts"]["total"]["amount"]:
            failures.append(f"{where}: captured {done['amounts']['captured']}")
        ops = [a["operation"] for a in done["attempts"]]
        if "complete_action" not in ops:
            failures.append(f"{where}: attempts {ops}")
        # Confirmed twice: the same purchase, no second charge.
        status, again = confirm(port, purchase["id"], details)
        if status != 200 or again["state"] != "succeeded" or \
                len(again["attempts"]) != len(done["attempts"]):
            failures.append(f"{where}: second confirm {status} {again}")
    else:
        code = done.get("error", {}).get("details", {}).get("decline_reason")
        if status != 402 or code != "authentication_failed":
            return [f"{where}: expected 402 authentication_failed, got {status} {done}"]
        status, got = request(port, "GET", f"/v1/purchases/{purchase['id']}", headers=headers())
        got = json.loads(got)
        if got["state"] != "failed" or got["amounts"]["captured"]["amount"] != 0:
            failures.append(f"{where}: after a failed challenge {got['state']}, "
                            f"captured {got['amounts']['captured']}")
    print(f"{where}: {'authenticated' if expect_pass else 'authentication failed'} "
          f"after the emulated challenge")
    return failures


def exempted(port, provider, market, key):
    where = f"{provider} {market} coins_1400 tok_3ds_exemption_accepted"
    status, purchase = buy(port, market, "coins_1400", "tok_3ds_exemption_accepted", key)
    if status != 201 or purchase.get("state") != "succeeded":
        return [f"{where}: expected 201 succeeded, got {status} {purchase}"]
    if purchase["payment"]["authentication"] != "exempted":
        return [f"{where}: authentication {purchase['payment']['authentication']}"]
    print(f"{where}: frictionless under the low-value exemption")
    return []


def never_confirmed(port, provider, key):
    """Challenge passed on the page, the app never calls confirm: reconciliation (every second
    here) finds the authorization held at Stripe and captures it."""
    where = f"{provider} DE coins_7000 challenge passed, never confirmed"
    status, purchase = buy(port, "DE", "coins_7000", "tok_3ds_challenge_pass", key)
    if status != 202:
        return [f"{where}: {status} {purchase}"]
    try:
        complete_challenge(purchase["next_action"]["url"])
    except (RuntimeError, OSError) as error:
        return [f"{where}: {error}"]
    deadline = time.time() + 20
    while time.time() < deadline:
        got = json.loads(request(port, "GET", f"/v1/purchases/{purchase['id']}",
                                 headers=headers())[1])
        if got["state"] != "requires_action":
            break
        time.sleep(0.25)
    if got["state"] != "succeeded" or got["amounts"]["captured"] != got["amounts"]["total"]:
        return [f"{where}: ended {got['state']}, captured {got['amounts']['captured']}"]
    ops = [a["operation"] for a in got["attempts"]]
    if "capture" not in ops:
        return [f"{where}: attempts {ops}"]
    print(f"{where}: captured by reconciliation, {got['payment']['authentication']}")
    return []


def run_provider(args, provider, folder, log):
    gateway_port = free_port()
    sandbox, url = start_sandbox(
        args.sandbox, log, ["--webhook-url", f"http://127.0.0.1:{gateway_port}/v1/webhooks"],
        sandbox_env())
    sub = os.path.join(folder, provider)
    os.makedirs(sub)
    fast = ("reconciliation: {interval_ms: 1000, min_age_ms: 1000, initial_backoff_ms: 1000}\n")
    gateway = Gateway(args.marketgate,
                      write_config(sub, args.regions, provider_yaml(url, *PROVIDERS[provider]),
                                   extra_yaml=fast),
                      gateway_port, log)
    failures = []
    try:
        gateway.start()
        for market in ("DE", "GB"):
            failures += challenged(gateway_port, provider, market, "coins_7000",
                                   "tok_3ds_challenge_pass", f"{provider}-{market}-pass", True)
            failures += exempted(gateway_port, provider, market, f"{provider}-{market}-lv")
        failures += challenged(gateway_port, provider, "DE", "coins_7000",
                               "tok_3ds_challenge_fail", f"{provider}-fail", False)
        failures += challenged(gateway_port, provider, "DE", "coins_1400",
                               "tok_3ds_exemption_refused", f"{provider}-refused", True)
        if provider == "stripe":  # Adyen decides only at /payments/details: see docs/providers.md
            failures += never_confirmed(gateway_port, provider, f"{provider}-unconfirmed")
    except (RuntimeError, OSError, KeyError, ValueError) as error:
        failures.append(f"{provider}: {error!r}")
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        sandbox.kill()
    return failures


def main():
    args = binaries_parser().parse_args()
    folder = tempfile.mkdtemp(prefix="mg-sca-")
    log = open(os.path.join(folder, "processes.log"), "w")
    failures = []
    try:
        for provider in PROVIDERS:
            failures += run_provider(args, provider, folder, log)
    finally:
        log.close()
    return finish(failures, folder)


if __name__ == "__main__":
    sys.exit(main())
