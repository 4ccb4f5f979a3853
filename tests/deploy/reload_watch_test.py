#!/usr/bin/env python3
"""The reload sidecar (deploy/docker/reload-watch.sh) sends the admin key as a
Bearer header read from its key file, and never puts it on a command line,
where any process of the pod could read it in /proc/<pid>/cmdline.

A stand-in admin endpoint records what POST /admin/reload receives; a `curl`
wrapper first on PATH records every argument it is given, then runs the real
curl."""
import argparse
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

KEY = "sk_admin_reload_watch_test_7f3a9c"


class AdminStandIn(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        AdminStandIn.received.append((self.path, self.headers.get("Authorization")))
        body = b'{"version": 2}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--script", required=True)
    args = parser.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), AdminStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        regions = tmp / "regions"
        regions.mkdir()
        (regions / "DE.yaml").write_text("code: DE\n")
        key_file = tmp / "admin-key"
        key_file.write_text(KEY + "\n")
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        argv_log = tmp / "curl-argv"
        real_curl = shutil.which("curl")
        wrapper = bin_dir / "curl"
        wrapper.write_text(
            "#!/bin/sh\n"
            f"printf '%s\\n' \"$*\" >> '{argv_log}'\n"
            f"exec '{real_curl}' \"$@\"\n")
        wrapper.chmod(0o755)
        env = dict(os.environ,
                   PATH=f"{bin_dir}:{os.environ['PATH']}",
                   MG_REGIONS_DIR=str(regions),
                   MG_ADMIN_URL=f"http://127.0.0.1:{server.server_port}",
                   MG_ADMIN_KEY_FILE=str(key_file),
                   MG_POLL_SECONDS="1")
        watcher = subprocess.Popen(["bash", args.script], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.time() + 20
            while not AdminStandIn.received and time.time() < deadline:
                time.sleep(0.05)
            # A change of content reloads again.
            (regions / "DE.yaml").write_text("code: DE\nstatus: live\n")
            while len(AdminStandIn.received) < 2 and time.time() < deadline:
                time.sleep(0.05)
        finally:
            watcher.terminate()
            output, _ = watcher.communicate(timeout=10)
        server.shutdown()

        failures = []
        if len(AdminStandIn.received) < 2:
            failures.append(f"expected two reloads, got {AdminStandIn.received}")
        for path, authorization in AdminStandIn.received:
            if path != "/admin/reload":
                failures.append(f"posted to {path}")
            if authorization != f"Bearer {KEY}":
                failures.append(f"Authorization was {authorization!r}")
        argv = argv_log.read_text() if argv_log.exists() else ""
        if not argv:
            failures.append("the curl wrapper never ran")
        if KEY in argv:
            failures.append("the admin key appeared on curl's command line")
        if KEY in output:
            failures.append("the admin key appeared in the watcher's log")
        if "markets reloaded" not in output:
            failures.append("the watcher did not log the reload")
        if failures:
            print("\n".join(failures))
            print("watcher output:\n" + output)
            return 1
    print("reload-watch: key sent as a header from its file, never on a command line or in the log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
