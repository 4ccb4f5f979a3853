"""Runs the real binaries for system tests: marketgate-sandbox and `marketgate serve` with a
config in a temporary folder, and a small blocking HTTP client."""
import argparse
import hashlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time

API_KEY = "sk_system_test_purchases"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=15):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


class Gateway:
    def __init__(self, binary, config, port, log):
        self.binary, self.config, self.port, self.log = binary, config, port, log
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", self.config, "--listen", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"marketgate serve exited with {self.process.returncode}")
            try:
                if request(self.port, "GET", "/readyz", timeout=1)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("marketgate serve did not become ready")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def start_sandbox(binary, log, args=(), env=None):
    process = subprocess.Popen([binary, "--port", "0", *args], stdout=subprocess.PIPE,
                               stderr=log, text=True, env=env)
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        process.kill()
        raise RuntimeError(f"marketgate-sandbox said {line!r}")
    return process, line[len("listening on "):]


def write_config(folder, regions, providers_yaml, lease_ms=60000, extra_yaml="",
                 scopes=("read", "purchases")):
    """`providers_yaml`: the `providers:` map, indented by two spaces; `extra_yaml`: more
    top-level fields; `scopes`: the API key's."""
    digest = hashlib.sha256(API_KEY.encode()).hexdigest()
    scope_list = ", ".join(scopes)
    path = os.path.join(folder, "marketgate.yaml")
    with open(path, "w") as f:
        f.write(f"""listen: 127.0.0.1:0
admin_listen: public
threads: 1
worker_threads: 8
regions_dir: {regions}
default_return_url: https://app.example/checkout/return
store:
  driver: sqlite
  path: {folder}/store.db
  idempotency_lease_ms: {lease_ms}
api_keys:
  - name: system-clients
    sha256: {digest}
    scopes: [{scope_list}]
providers:
{providers_yaml}{extra_yaml}log_level: error
""")
    return path


# The providers marketgate-sandbox emulates, with the secrets both sides share (test-only
# values): the sandbox signs its webhooks with them (sandbox_env) and the gateway checks them
# (provider_yaml).
STRIPE_WEBHOOK_SECRET = "whsec_system_test_stripe"
ADYEN_HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056"
PIX_WEBHOOK_SECRET = "whsec_system_test_pix"


def sandbox_env():
    return dict(os.environ, MG_SANDBOX_STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET,
                MG_SANDBOX_ADYEN_HMAC_KEY=ADYEN_HMAC_KEY,
                MG_SANDBOX_PIX_WEBHOOK_SECRET=PIX_WEBHOOK_SECRET)


def provider_yaml(sandbox_url, kinds=("stripe", "adyen", "pix"), in_process=()):
    """The `providers:` map: each of `kinds` pointing at the sandbox, each of `in_process` the
    in-process sandbox by name."""
    entries = {
        "stripe": f"  stripe:\n    base_url: {sandbox_url}/stripe\n    secret: sk_test_system\n"
                  f"    secrets: {{webhook_secret: {STRIPE_WEBHOOK_SECRET}}}\n",
        "adyen": f"  adyen:\n    base_url: {sandbox_url}/adyen\n    secret: sandbox-adyen-key\n"
                 f"    settings: {{merchant_account: MarketgateSystemTest}}\n"
                 f"    secrets: {{hmac_key: {ADYEN_HMAC_KEY}}}\n",
        "pix": f"  pix:\n    base_url: {sandbox_url}/pix\n    secret: sandbox-pix-token\n"
               f"    settings: {{pix_key: 7d9f0335-8dcc-4054-9bf9-0dbd61d36906,"
               f" webhook_auth: sandbox_signature}}\n"
               f"    secrets: {{webhook_secret: {PIX_WEBHOOK_SECRET}}}\n",
    }
    return "".join(entries[k] for k in kinds) + \
        "".join(f"  {name}: {{kind: sandbox}}\n" for name in in_process)


def binaries_parser():
    """The arguments every system test takes: the two binaries and the regions folder."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--marketgate", required=True)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--regions", required=True)
    return parser


def finish(failures, folder, most=60):
    """Prints the failures; keeps `folder` (logs, store) for a look when there are any.
    Returns the exit code."""
    for failure in failures[:most]:
        print("FAIL:", failure)
    if failures:
        print(f"{len(failures)} failure(s); process logs in {folder}")
        return 1
    shutil.rmtree(folder)
    return 0
