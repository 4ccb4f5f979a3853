#!/usr/bin/env python3
"""The ops console in a real browser: `marketgate serve` with the shipped markets, driven by
headless Chromium (console_browser.js, puppeteer-core over the DevTools protocol): the login
page without a session, refused logins, the markets and their filter, Germany's page, a broken
and a valid change to DE.yaml tried in the dry run, DE's compliance cases run with their report,
a reload from the console, a purchase made through the API looked up
by its id (amounts in the browser's language: English, then German), Germany's figures of
the last hour drawn with that purchase, the attention list, logout.
Screenshots of each page are written to --out. Exit 0 when every check holds.

Needs chromium and node (deploy/install-deps.sh) and puppeteer-core, which it installs from the
npm registry into --tools once (as deploy/lint.sh does for its tools).
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from serve_harness import (API_KEY, Gateway, binaries_parser, finish, free_port, provider_yaml,
                           request, write_config)

PUPPETEER = "puppeteer-core@23.11.1"
ADMIN_KEY = "sk_system_test_console_admin"


def install_puppeteer(tools):
    stamp = os.path.join(tools, "node_modules", ".marketgate-" + PUPPETEER.replace("/", "_"))
    if os.path.exists(stamp):
        return
    os.makedirs(tools, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", tools, "--no-audit", "--no-fund", "--silent",
                    PUPPETEER], check=True, stdout=subprocess.DEVNULL)
    open(stamp, "w").close()


def main():
    parser = binaries_parser()
    parser.add_argument("--tools", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    install_puppeteer(args.tools)
    os.makedirs(args.out, exist_ok=True)

    folder = tempfile.mkdtemp(prefix="mg_console_browser_")
    digest = hashlib.sha256(ADMIN_KEY.encode()).hexdigest()
    admin_key_yaml = (f"  - name: console-admin\n    sha256: {digest}\n"
                      f"    scopes: [admin]\n")
    config = write_config(folder, args.regions,
                          provider_yaml("", kinds=(), in_process=("stripe", "adyen", "pix")))
    with open(config) as f:
        text = f.read()
    # The second key: the harness's own (read, purchases) stays, to be refused.
    text = text.replace("providers:\n", admin_key_yaml + "providers:\n", 1)
    with open(config, "w") as f:
        f.write(text)

    port = free_port()
    failures = []
    with open(os.path.join(folder, "gateway.log"), "w") as log:
        gateway = Gateway(args.marketgate, config, port, log)
        gateway.start()
        try:
            def buy(token, key):
                return request(port, "POST", "/v1/purchases", body=json.dumps({
                    "market": "DE", "items": [{"sku": "coins_70"}],
                    "customer": {"id": "c_console", "age": 30,
                                 "consent_immediate_delivery": True},
                    "payment": {"method": "card", "token": token}}),
                    headers={"Authorization": f"Bearer {API_KEY}",
                             "Content-Type": "application/json", "Idempotency-Key": key})

            # A purchase through the API, for the console to look up.
            status, text = buy("tok_success", "console-1")
            if status != 201:
                raise RuntimeError(f"the purchase answered {status}: {text}")
            purchase = json.loads(text)["id"]
            # And one the card's bank refuses, for the figures' declines.
            status, text = buy("tok_insufficient_funds", "console-2")
            if status != 402:
                raise RuntimeError(f"the declined purchase answered {status}: {text}")
            env = dict(os.environ, NODE_PATH=os.path.join(args.tools, "node_modules"))
            run = subprocess.run(
                ["node", os.path.join(os.path.dirname(__file__), "console_browser.js"),
                 f"http://127.0.0.1:{port}", ADMIN_KEY, API_KEY, args.out, purchase],
                env=env, capture_output=True, text=True, timeout=240)
            sys.stdout.write(run.stdout)
            if run.returncode != 0:
                failures.append(f"console_browser.js exited {run.returncode}: {run.stderr[-2000:]}")
        finally:
            gateway.stop()
    for name in ("1-login", "3-markets", "5-market-DE", "6-change-error", "7-change-diff",
                 "8-compliance", "9-compliance-report", "10-reloads", "11-purchase",
                 "12-purchase-de", "13-figures", "14-attention",
                 "15-logged-out"):
        if not os.path.exists(os.path.join(args.out, name + ".png")):
            failures.append(f"no screenshot {name}.png in {args.out}")
    return finish(failures, folder)


if __name__ == "__main__":
    sys.exit(main())
