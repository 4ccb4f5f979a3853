"""Runs the real binaries for system tests: marketgate-sandbox and `marketgate serve` with a
config in a temporary folder, and a small blocking HTTP client."""
import hashlib
import http.client
import os
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


def write_config(folder, regions, providers_yaml, lease_ms=60000, extra_yaml=""):
    """`providers_yaml`: the `providers:` map, indented by two spaces; `extra_yaml`: more
    top-level fields."""
    digest = hashlib.sha256(API_KEY.encode()).hexdigest()
    path = os.path.join(folder, "marketgate.yaml")
    with open(path, "w") as f:
        f.write(f"""listen: 127.0.0.1:0
admin_listen: public
threads: 1
worker_threads: 8
regions_dir: {regions}
store:
  driver: sqlite
  path: {folder}/store.db
  idempotency_lease_ms: {lease_ms}
api_keys:
  - name: system-clients
    sha256: {digest}
    scopes: [read, purchases]
providers:
{providers_yaml}{extra_yaml}log_level: error
""")
    return path
