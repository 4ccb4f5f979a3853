#!/usr/bin/env python3
"""Pix webhooks over mutual TLS through the real binaries, as a PSP sends them: `marketgate
serve` with a real (not sandbox-signed) Pix instance and a webhook listener that requires a
client certificate from the PSP's CA; marketgate-sandbox paying a BR Pix purchase and sending
its webhook to that listener with a certificate the CA issued (--pix-webhook-cert).

Checks: the purchase is pending, then succeeded by that webhook; a TLS client without a
certificate, or with one from another CA, is refused in the handshake; the same Pix webhook on
the public listener is refused (401 client_certificate_required) and changes nothing.
Certificates are made for the run with the openssl command. Exit 0 when every check holds.
"""
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time

from serve_harness import (API_KEY, Gateway, binaries_parser, finish, free_port, request,
                           start_sandbox, write_config)

SETTLE_WITHIN_S = 15


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_ca(folder, name):
    key, cert = os.path.join(folder, f"{name}.key"), os.path.join(folder, f"{name}.pem")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", f"/CN={name}")
    return key, cert


def make_leaf(folder, name, ca, san=None):
    key, csr = os.path.join(folder, f"{name}.key"), os.path.join(folder, f"{name}.csr")
    cert, ext = os.path.join(folder, f"{name}.pem"), os.path.join(folder, f"{name}.ext")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", csr, "-subj", f"/CN={name}")
    with open(ext, "w") as f:
        f.write(f"subjectAltName={san}\n" if san else "basicConstraints=CA:FALSE\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca[1], "-CAkey", ca[0], "-CAcreateserial",
            "-out", cert, "-days", "2", "-extfile", ext)
    return key, cert


def handshake(port, server_ca, client=None):
    """True when a TLS handshake with the webhook listener completes (and a request is
    answered): a refused client certificate fails it on one side or the other."""
    context = ssl.create_default_context(cafile=server_ca)
    if client:
        context.load_cert_chain(client[1], client[0])
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                # TLS 1.3 reports a refused certificate after the handshake: at the first read.
                tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return tls.recv(64).startswith(b"HTTP/1.1")
    except (ssl.SSLError, ConnectionError, OSError):
        return False


def headers(key=None):
    h = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    if key:
        h["Idempotency-Key"] = key
    return h


def main():
    args = binaries_parser().parse_args()
    folder = tempfile.mkdtemp(prefix="mg-pix-mtls-")
    log = open(os.path.join(folder, "processes.log"), "w")
    failures = []
    psp_ca = make_ca(folder, "psp-ca")
    psp_client = make_leaf(folder, "webhooks.psp.test", psp_ca)
    rogue_ca = make_ca(folder, "rogue-ca")
    rogue_client = make_leaf(folder, "rogue.test", rogue_ca)
    server_ca = make_ca(folder, "gateway-ca")
    server = make_leaf(folder, "gateway-webhooks", server_ca, san="IP:127.0.0.1")

    port, webhook_port = free_port(), free_port()
    sandbox, url = start_sandbox(
        args.sandbox, log,
        ["--pix-settle-seconds", "1",
         "--pix-webhook-url", f"https://127.0.0.1:{webhook_port}/v1/webhooks/pix",
         "--pix-webhook-cert", psp_client[1], "--pix-webhook-key", psp_client[0],
         "--pix-webhook-ca-file", server_ca[1]])
    # A real Pix instance: its webhooks are authenticated by mutual TLS (the default).
    providers = ("  stripe: {kind: sandbox}\n  adyen: {kind: sandbox}\n"
                 f"  pix:\n    base_url: {url}/pix\n    secret: sandbox-pix-token\n"
                 "    settings: {pix_key: 7d9f0335-8dcc-4054-9bf9-0dbd61d36906}\n")
    listener = (f"webhook_listen: 127.0.0.1:{webhook_port}\n"
                f"webhook_tls: {{cert: {server[1]}, key: {server[0]}, client_ca: {psp_ca[1]}}}\n")
    gateway = Gateway(args.marketgate, write_config(folder, args.regions, providers,
                                                    extra_yaml=listener), port, log)
    try:
        gateway.start()
        if handshake(webhook_port, server_ca[1]):
            failures.append("the webhook listener served a client without a certificate")
        if handshake(webhook_port, server_ca[1], rogue_client):
            failures.append("the webhook listener served a certificate from another CA")
        if not handshake(webhook_port, server_ca[1], psp_client):
            failures.append("the webhook listener refused the PSP's certificate")

        body = {"market": "BR", "locale": "pt-BR", "customer": {"id": "c_pix", "age": 30},
                "items": [{"sku": "coins_70"}], "payment": {"method": "pix", "token": "pix_payer"}}
        status, text = request(port, "POST", "/v1/purchases", json.dumps(body), headers("pix-1"))
        purchase = json.loads(text)
        if status != 201 or purchase.get("state") != "pending":
            failures.append(f"Pix purchase: {status} {text}")
            return finish(failures, folder)
        # The sandbox's Pix webhook, replayed on the public listener: no certificate there.
        forged = json.dumps({"pix": [{"endToEndId": "E00000000202612061200abcdefghijk",
                                      "txid": "x" * 26, "valor": "0.99",
                                      "horario": "2026-12-06T12:00:00Z"}]})
        status, text = request(port, "POST", "/v1/webhooks/pix", forged,
                               {"Content-Type": "application/json"})
        if status != 401 or "client_certificate_required" not in text:
            failures.append(f"a Pix webhook on the public listener: {status} {text}")
        deadline = time.time() + SETTLE_WITHIN_S
        state = purchase["state"]
        while time.time() < deadline and state == "pending":
            time.sleep(0.2)
            state = json.loads(request(port, "GET", f"/v1/purchases/{purchase['id']}",
                                       headers=headers())[1])["state"]
        if state != "succeeded":
            failures.append(f"the Pix purchase is {state} {SETTLE_WITHIN_S} s after payment: "
                            "its mutual-TLS webhook did not settle it")
        else:
            print(f"{purchase['id']}: settled by the PSP's webhook over mutual TLS")
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        sandbox.kill()
        log.close()
    return finish(failures, folder)


if __name__ == "__main__":
    sys.exit(main())
